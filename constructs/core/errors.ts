import type { IConstruct } from "constructs";

/**
 * A construct was given a prop it cannot work with. The message names the construct's path, the prop, the value and
 * what is allowed, so the person who wrote the stack can fix it; an app can tell this error (the user's) from any
 * other (a bug). Thrown at construction, before anything reaches Terraform.
 */
export class ValidationError extends Error {
  /** Path of the construct in the tree, e.g. `harbor-prod/Postgres`. */
  public readonly constructPath: string;
  /** The prop, e.g. `nodeCount` or `retention.schedule`. */
  public readonly prop: string;

  constructor(scope: IConstruct, prop: string, problem: string) {
    const constructPath = scope.node.path;
    super(`${constructPath}: ${prop} ${problem}`);
    this.name = "ValidationError";
    this.constructPath = constructPath;
    this.prop = prop;
  }
}
