import { IConstruct } from "constructs";
import { ValidationError } from "./errors";

/**
 * Throws a {@link ValidationError} for the first of `problems` (each a sentence that starts with the prop, e.g.
 * `retention.schedule "x" has 5 fields`), listing the others after it; does nothing when there is none. For rules
 * written as `fooProblems(props): string[]`, which the config layer calls too.
 */
export function throwProblems(scope: IConstruct, problems: readonly string[]): void {
  if (problems.length === 0) return;
  const [first, ...others] = problems;
  const space = first.indexOf(" ");
  const prop = space < 0 ? first : first.slice(0, space);
  const problem = space < 0 ? "is invalid" : first.slice(space + 1);
  throw new ValidationError(scope, prop, others.length === 0 ? problem : `${problem}; also: ${others.join("; ")}`);
}
