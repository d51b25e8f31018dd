// A stack for another application (a Gitea forge) that reuses the building blocks of harbor-doks:
// the existing DOKS cluster, a managed PostgreSQL and a private Spaces bucket. It imports only the
// package's public entry point, as a consumer would after `npm install harbor-doks`.
//
// Run: npx esbuild examples/custom-stack.ts --bundle --platform=node --packages=external --outfile=.build/custom.js
//      && node .build/custom.js
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { ExistingDoksCluster, ManagedPostgres, RegistryBucket } from "harbor-doks";

export interface GiteaStackProps {
  readonly clusterName: string;
  readonly region: string;
}

export class GiteaStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: GiteaStackProps) {
    super(scope, id);
    new DigitaloceanProvider(this, "DigitalOcean", {});
    const cluster = new ExistingDoksCluster(this, "Cluster", { clusterName: props.clusterName });
    const database = new ManagedPostgres(this, "Database", {
      name: "gitea-pg",
      region: props.region,
      vpcUuid: cluster.vpcUuid,
      allowedClusterIds: [cluster.clusterId],
      databaseName: "gitea",
      userName: "gitea",
      size: "db-s-1vcpu-1gb",
      nodeCount: 1,
    });
    const attachments = new RegistryBucket(this, "Attachments", {
      bucketName: "gitea-attachments-example",
      region: props.region,
      versioning: false,
    });
    new TerraformOutput(this, "database_host", { value: database.privateHost });
    new TerraformOutput(this, "bucket", { value: attachments.bucketName });
  }
}

if (require.main === module) {
  const app = new App();
  new GiteaStack(app, "gitea", { clusterName: "prod-doks", region: "fra1" });
  app.synth();
}
