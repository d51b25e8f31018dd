import { IConstruct } from "constructs";
import { ValidationError } from "../core/errors";
import { checkProp } from "../core/validation";
import { DatabaseEngine, databaseNodesProblem, databaseSizeProblem, databaseVersionProblem } from "./database-sizes";
import { databaseClusterNameProblem } from "./naming";
import { regionProblem } from "./regions";

/** A source admitted by a managed database's firewall, in DigitalOcean's own terms. */
export interface TrustedSource {
  /** `k8s` (cluster id), `droplet` (droplet id), `ip_addr` (address or CIDR), `tag` or `app` (app id). */
  readonly type: "k8s" | "droplet" | "ip_addr" | "tag" | "app";
  readonly value: string;
}

/** Firewall rules that admit the given DOKS clusters and any extra trusted sources. */
export function firewallRules(
  allowedClusterIds: readonly string[],
  trustedSources: readonly TrustedSource[] = [],
): TrustedSource[] {
  return [...allowedClusterIds.map((value) => ({ type: "k8s" as const, value })), ...trustedSources];
}

/** What every managed-database construct checks, with defaults applied. */
export interface DatabaseClusterSettings {
  readonly name: string;
  readonly region: string;
  readonly version: string;
  readonly size: string;
  readonly nodeCount: number;
  readonly allowedClusterIds: readonly string[];
}

/** Checks the props every managed-database construct shares, against DigitalOcean's rules for `engine`. */
export function validateDatabaseProps(scope: IConstruct, engine: DatabaseEngine, props: DatabaseClusterSettings): void {
  checkProp(scope, "name", props.name, databaseClusterNameProblem(props.name));
  checkProp(scope, "region", props.region, regionProblem(engine, props.region));
  checkProp(scope, "version", props.version, databaseVersionProblem(engine, props.version));
  checkProp(scope, "size", props.size, databaseSizeProblem(engine, props.size));
  checkProp(scope, "nodeCount", props.nodeCount, databaseNodesProblem(engine, props.size, props.nodeCount));
  if (props.allowedClusterIds.length === 0) {
    throw new ValidationError(
      scope,
      "allowedClusterIds",
      "must name at least one DOKS cluster (ExistingDoksCluster.id), or the firewall admits nobody",
    );
  }
}
