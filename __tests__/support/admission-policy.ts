// Evaluates a ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1) the way the API server does, with a real CEL
// evaluator (@bufbuild/cel, conformance-tested against cel-spec): the request must match `matchConstraints`, then each
// of `variables` is evaluated in order into `variables.<name>`, then every validation; the first that is false
// refuses the request with its message. The CEL variables are those Kubernetes provides: `object`, `oldObject`
// (null on CREATE and DELETE respectively) and `request` (namespace, operation, userInfo).
import { CelInput, run } from "@bufbuild/cel";
import { Manifest } from "./charts";

/** JSON as CEL sees Kubernetes objects: objects as maps, whole numbers as int. */
export function toCel(value: unknown): CelInput {
  if (Array.isArray(value)) return value.map(toCel) as CelInput;
  if (value !== null && typeof value === "object") {
    // @bufbuild/cel reads a JS Map as a CEL map; its CelInput type names only its own map classes.
    return new Map(Object.entries(value).map(([key, v]) => [key, toCel(v)])) as unknown as CelInput;
  }
  return (typeof value === "number" && Number.isInteger(value) ? BigInt(value) : value) as CelInput;
}

export interface AdmissionRequest {
  readonly operation: "CREATE" | "UPDATE" | "DELETE";
  readonly namespace: string;
  /** `services`, `pods`... */
  readonly resource: string;
  readonly object: Manifest | null;
  readonly oldObject?: Manifest | null;
  readonly username?: string;
}

/** The verdict: allowed, or refused with the failing validation's message. */
export type Verdict = { readonly allowed: true } | { readonly allowed: false; readonly message: string };

function matches(policy: Manifest, request: AdmissionRequest): boolean {
  const rules = (policy.spec.matchConstraints?.resourceRules ?? []) as Manifest[];
  return rules.some(
    (rule) =>
      (rule.operations as string[]).some((op) => op === "*" || op === request.operation) &&
      (rule.resources as string[]).some((r) => r === "*" || r === request.resource),
  );
}

/** Admits or refuses `request` under `policy` (bound with `validationActions: [Deny]`). */
export function admit(policy: Manifest, request: AdmissionRequest): Verdict {
  if (!matches(policy, request)) return { allowed: true };
  const bindings: Record<string, CelInput> = {
    object: toCel(request.object),
    oldObject: toCel(request.oldObject ?? null),
    request: toCel({
      operation: request.operation,
      namespace: request.namespace,
      userInfo: { username: request.username ?? "tenant" },
    }),
  };
  const variables = new Map<string, CelInput>();
  for (const variable of (policy.spec.variables ?? []) as Manifest[]) {
    variables.set(
      variable.name,
      run(variable.expression, { ...bindings, variables: variables as CelInput }) as CelInput,
    );
  }
  for (const validation of policy.spec.validations as Manifest[]) {
    const result = run(validation.expression, { ...bindings, variables: variables as CelInput });
    if (typeof result !== "boolean") throw new Error(`${validation.expression} is not a boolean: ${String(result)}`);
    if (!result) return { allowed: false, message: validation.message };
  }
  return { allowed: true };
}
