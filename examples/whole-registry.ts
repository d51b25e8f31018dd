import { App, TerraformOutput, TerraformStack } from "cdktf";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { ExistingDoksCluster, HarborOnDoks, IngressPlatform } from "harbor-doks";

const app = new App();
const stack = new TerraformStack(app, "registry");
new DigitaloceanProvider(stack, "DigitalOcean", {});
new RandomProvider(stack, "Random", {});
new TlsProvider(stack, "Tls", {});
// One lookup of the cluster configures the kubernetes and helm providers for both constructs.
const cluster = new ExistingDoksCluster(stack, "Cluster", { clusterName: "prod-doks", region: "fra1" });
const platform = new IngressPlatform(stack, "Platform", { cluster, hairpinHostname: "registry.example.com" });
const registry = new HarborOnDoks(stack, "Registry", {
  name: "prod",
  region: "fra1",
  cluster,
  hostname: "registry.example.com",
  bucketName: "prod-registry-blobs-example",
  // The platform serves its namespace (Traefik's access and watch); backend TLS and depends_on on the CRD releases.
  platform,
  issuers: { email: "ops@example.com", challenge: { type: "http01" } },
});
new TerraformOutput(stack, "url", { value: registry.harbor.harborUrl });
new TerraformOutput(stack, "load_balancer_ip", { value: platform.loadBalancerIp });
app.synth();
