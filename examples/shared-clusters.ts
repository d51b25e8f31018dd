// Harbor on parts a platform team already runs: an existing managed PostgreSQL cluster shared with another Harbor,
// an existing Valkey cluster, an existing namespace, and chart values of the team's own (resources, node pool,
// image mirror). It imports only the package's public entry point, as a consumer would.
//
// Run: npx esbuild examples/shared-clusters.ts --bundle --platform=node --packages=external --outfile=.build/byo.js
//      && node .build/byo.js
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import {
  ExistingDoksCluster,
  ExistingPostgres,
  ExistingValkey,
  Harbor,
  RegistryBucket,
  connectionBudgetPods,
  harborDatabaseClients,
} from "harbor-doks";

export class SharedClustersStack extends TerraformStack {
  public readonly harbor: Harbor;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new DigitaloceanProvider(this, "DigitalOcean", {});
    new RandomProvider(this, "Random", {});
    new TlsProvider(this, "Tls", {});
    const region = "fra1";
    const cluster = new ExistingDoksCluster(this, "Cluster", { clusterName: "platform-doks", region });
    // Checked at plan time: PostgreSQL, in fra1, in the DOKS cluster's VPC. Only the database and user are created.
    const database = new ExistingPostgres(this, "Postgres", {
      clusterName: "platform-pg",
      region,
      vpcUuid: cluster.vpcUuid,
      databaseName: "harbor_ci",
      userName: "harbor_ci",
      // Another Harbor (2 replicas, no metrics) uses the same cluster: the budget leaves its pods their share.
      otherClientPods: connectionBudgetPods(harborDatabaseClients(2, false)),
    });
    // One Harbor per Valkey cluster: core always takes database 0.
    const cache = new ExistingValkey(this, "Valkey", { clusterName: "ci-valkey", region, vpcUuid: cluster.vpcUuid });
    const storage = new RegistryBucket(this, "Bucket", { bucketName: "harbor-ci-blobs-example", region });
    this.harbor = new Harbor(this, "Harbor", {
      hostname: "ci-registry.example.com",
      database,
      cache,
      storage,
      namespace: "ci-registry",
      createNamespace: false,
      extraValues: {
        imagePullSecrets: [{ name: "mirror-pull" }],
        core: {
          image: { repository: "mirror.example.com/goharbor/harbor-core" },
          resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } },
          nodeSelector: { "doks.digitalocean.com/node-pool": "registry" },
          tolerations: [{ key: "dedicated", operator: "Equal", value: "registry", effect: "NoSchedule" }],
        },
      },
    });
  }
}

if (require.main === module) {
  const app = new App();
  new SharedClustersStack(app, "harbor-ci");
  app.synth();
}
