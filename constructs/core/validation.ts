import { IConstruct } from "constructs";
import { Token } from "cdktf";
import { ValidationError } from "./errors";

/** A value as an error message shows it: strings quoted, everything else as JSON. */
export function describeValue(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
}

/**
 * Throws a {@link ValidationError} naming `scope`, `prop` and `value` when `problem` (the answer of one of the
 * library's `...Problem` rules for that value) is defined. A value that is still an unresolved token (a Terraform
 * reference) is not checked: its literal is only known at plan time.
 */
export function checkProp(scope: IConstruct, prop: string, value: unknown, problem: string | undefined): void {
  if (problem === undefined || Token.isUnresolved(value)) return;
  // "nodeCount must be 1 to 3 (...), got 4" or 'namespace "kube-system" is a Kubernetes system namespace; ...'.
  const shown = describeValue(value);
  throw new ValidationError(
    scope,
    prop,
    problem.startsWith("must") ? `${problem}, got ${shown}` : `${shown} ${problem}`,
  );
}

/** Why `value` is not a whole number from `min` to `max`, or undefined when it is. */
export function wholeNumberProblem(value: number, min: number, max = Number.MAX_SAFE_INTEGER): string | undefined {
  if (Number.isInteger(value) && value >= min && value <= max) return undefined;
  return max === Number.MAX_SAFE_INTEGER
    ? `must be a whole number >= ${min}`
    : `must be a whole number from ${min} to ${max}`;
}
