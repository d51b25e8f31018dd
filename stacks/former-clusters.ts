import { Construct } from "constructs";
import { DataDigitaloceanDatabaseCluster } from "@cdktf/provider-digitalocean/lib/data-digitalocean-database-cluster";

/**
 * Refuses, at plan time, an instance that names an existing cluster while the cluster this project created for it
 * still exists. Its block left the configuration with the switch, and `prevent_destroy` protects only blocks that are
 * still there: without this check Terraform would destroy it, and the data in it, at the next apply. The lookup finds
 * nothing for a name that is not there (the data source sets no attribute then; datasource_database_cluster.go,
 * terraform-provider-digitalocean v2.71.0), which passes.
 */
export function refuseWhileFormerClusterExists(
  scope: Construct,
  id: string,
  props: {
    readonly formerName: string;
    readonly instance: string;
    readonly key: "postgres" | "cache";
    readonly then: string;
  },
): DataDigitaloceanDatabaseCluster {
  return new DataDigitaloceanDatabaseCluster(scope, id, {
    name: props.formerName,
    lifecycle: {
      postcondition: [
        {
          condition: '${self.urn == null || self.urn == ""}',
          errorMessage:
            `Instance "${props.instance}" names ${props.key}.existingCluster, but the cluster this project created for ` +
            `it, "${props.formerName}", still exists, and this deploy would destroy it with its data (protect keeps ` +
            `prevent_destroy only on clusters still in the configuration). ${props.then}`,
        },
      ],
    },
  });
}
