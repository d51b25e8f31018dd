import { Construct } from "constructs";
import { LocalBackend, TerraformStack } from "cdktf";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { InstanceConfig } from "../config/resolve";
import { ExistingDoksCluster } from "../constructs/existing-doks-cluster";
import { ManagedPostgres } from "../constructs/managed-postgres";
import { ManagedValkey } from "../constructs/managed-valkey";
import { RegistryBucket } from "../constructs/registry-bucket";

/** Properties of a {@link HarborStack}. */
export interface HarborStackProps {
  /** The instance, with defaults applied (see `config/resolve.ts`). */
  readonly instance: InstanceConfig;
}

/** Stack name of an instance. */
export function harborStackName(instanceName: string): string {
  return `harbor-${instanceName}`;
}

/** Everything one Harbor instance needs, on an existing DOKS cluster. */
export class HarborStack extends TerraformStack {
  public readonly cluster: ExistingDoksCluster;
  public readonly postgres: ManagedPostgres;
  public readonly cache: ManagedValkey;
  public readonly bucket: RegistryBucket;

  constructor(scope: Construct, id: string, props: HarborStackProps) {
    super(scope, id);
    const { instance } = props;
    // A relative path keeps cdk.tf.json portable (the default is an absolute path on this machine).
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    // Token and Spaces keys come from DIGITALOCEAN_TOKEN / SPACES_ACCESS_KEY_ID /
    // SPACES_SECRET_ACCESS_KEY at plan time; nothing is read at synth time.
    new DigitaloceanProvider(this, "DigitalOcean", {});

    const tags = ["harbor", `harbor-${instance.name}`];
    this.cluster = new ExistingDoksCluster(this, "Cluster", { clusterName: instance.cluster });
    const common = {
      region: instance.region,
      vpcUuid: this.cluster.vpcUuid,
      allowedClusterIds: [this.cluster.id],
      tags,
      protect: instance.protect,
    };
    this.postgres = new ManagedPostgres(this, "Postgres", {
      ...common,
      name: `harbor-${instance.name}-pg`,
      version: instance.postgres.version,
      size: instance.postgres.size,
      nodeCount: instance.postgres.nodes,
    });
    this.cache = new ManagedValkey(this, "Valkey", {
      ...common,
      name: `harbor-${instance.name}-valkey`,
      version: instance.cache.version,
      size: instance.cache.size,
      nodeCount: instance.cache.nodes,
    });
    this.bucket = new RegistryBucket(this, "Bucket", {
      bucketName: instance.storage.bucket,
      region: instance.region,
      versioning: instance.storage.versioning,
      protect: instance.protect,
    });
  }
}
