import { Construct } from "constructs";
import { DataDigitaloceanDatabaseCluster } from "@cdktf/provider-digitalocean/lib/data-digitalocean-database-cluster";
import { databaseClusterNameProblem } from "./naming";
import { regionProblem } from "./regions";
import { checkProp } from "../core/validation";
import { existingClusterChecks } from "./existing-database-checks";

/** Properties of an {@link ExistingValkey}. */
export interface ExistingValkeyProps {
  /** Name of the existing managed Valkey cluster (`doctl databases list`); a name not found fails the plan. */
  readonly clusterName: string;
  /** Region slug the cluster must be in, checked at plan time (the DOKS cluster's, e.g. `fra1`). */
  readonly region: string;
  /** VPC the cluster must be in, checked at plan time: pass the DOKS cluster's. @default - no check */
  readonly vpcUuid?: string;
}

/**
 * A managed Valkey cluster this stack does not own, looked up by name; satisfies `HarborCache`. It creates nothing:
 * Harbor uses the cluster's default user and fixed logical databases (core 0, jobservice 1, registry 2, trivy 5;
 * `VALKEY_DATABASES`), so ONE Harbor per cluster: the chart requires core on database 0 (values.yaml
 * `coreDatabaseIndex`, "must be 0", harbor-helm v1.19.1), and two Harbors would share sessions, caches and job queues.
 * The lookup fails the plan when the cluster does not exist, is not Valkey, or is in another region or VPC. No
 * firewall is written (see `ExistingPostgres`): the owner admits the DOKS cluster. Destroy leaves the cluster alone.
 * Harbor keeps its job queue in Valkey: the cluster's eviction policy should be `noeviction`, which the data source
 * does not expose (v2.71.0), so it is not checked.
 *
 * Providers: the stack needs DigitaloceanProvider.
 */
export class ExistingValkey extends Construct {
  /** Cluster id. */
  public readonly clusterId: string;
  /** Host name inside the VPC. */
  public readonly privateHost: string;
  /** TLS port. */
  public readonly port: number;
  /** Password of the default user: a sensitive reference (the provider marks it so), never in the values. */
  public readonly password: string;

  constructor(scope: Construct, id: string, props: ExistingValkeyProps) {
    super(scope, id);
    checkProp(this, "clusterName", props.clusterName, databaseClusterNameProblem(props.clusterName));
    checkProp(this, "region", props.region, regionProblem("valkey", props.region));
    const cluster = new DataDigitaloceanDatabaseCluster(this, "Cluster", {
      name: props.clusterName,
      lifecycle: {
        postcondition: existingClusterChecks({
          engine: "valkey",
          clusterName: props.clusterName,
          region: props.region,
          vpcUuid: props.vpcUuid,
        }),
      },
    });
    this.clusterId = cluster.id;
    this.privateHost = cluster.privateHost;
    this.port = cluster.port;
    this.password = cluster.password;
  }
}
