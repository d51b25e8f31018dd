/**
 * cdktf passes `${...}` inside any string straight through to Terraform as an expression, and `%{...}`
 * as a template directive: a config value such as `harbor${file("/proc/self/environ")}` would run at
 * plan time. No string of the config file may carry either sequence into the synthesized JSON.
 *
 * This is one rule over the parsed document, before the schema: it covers every string field, those
 * of today and any added later, and mapping keys too, without each field having to opt in.
 */
export const TEMPLATE_SEQUENCES = ["${", "%{"] as const;

/** A string of the config that contains a template sequence. */
export interface TemplateSequenceFinding {
  /** Where it is, e.g. `["instances", 0, "oidc", "clientId"]`. */
  readonly path: (string | number)[];
  /** The sequence found first. */
  readonly sequence: (typeof TEMPLATE_SEQUENCES)[number];
  /** Whether the mapping key, rather than the value, carries it. */
  readonly inKey: boolean;
}

function sequenceIn(text: string): (typeof TEMPLATE_SEQUENCES)[number] | undefined {
  return TEMPLATE_SEQUENCES.find((sequence) => text.includes(sequence));
}

/** Every string (value or mapping key) of a parsed document that contains `${` or `%{`. */
export function findTemplateSequences(data: unknown, path: (string | number)[] = []): TemplateSequenceFinding[] {
  if (typeof data === "string") {
    const sequence = sequenceIn(data);
    return sequence === undefined ? [] : [{ path, sequence, inKey: false }];
  }
  if (Array.isArray(data)) return data.flatMap((item, index) => findTemplateSequences(item, [...path, index]));
  if (data !== null && typeof data === "object") {
    return Object.entries(data).flatMap(([key, value]) => {
      const sequence = sequenceIn(key);
      const own = sequence === undefined ? [] : [{ path: [...path, key], sequence, inKey: true }];
      return [...own, ...findTemplateSequences(value, [...path, key])];
    });
  }
  return [];
}

/** The user-facing explanation of a finding (after the path). */
export function templateSequenceMessage(finding: TemplateSequenceFinding): string {
  return (
    `"${finding.sequence}" is not allowed in ${finding.inKey ? "a key" : "a value"}: Terraform would evaluate it ` +
    `as code at plan time. Secrets and references never belong in this file; remove the sequence`
  );
}
