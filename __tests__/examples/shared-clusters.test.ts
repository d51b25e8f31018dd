import { Testing } from "cdktf";
import { SharedClustersStack } from "../../examples/shared-clusters";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

describe("example: Harbor on existing clusters, namespace and chart values", () => {
  const json: Json = JSON.parse(Testing.synth(new SharedClustersStack(Testing.app(), "harbor-ci")));

  it("creates no database cluster, firewall or Harbor namespace", () => {
    for (const type of ["digitalocean_database_cluster", "digitalocean_database_firewall"]) {
      expect(json.resource[type]).toBeUndefined();
    }
    const namespaces = Object.values(json.resource.kubernetes_namespace_v1 as Json).map((n) => n.metadata.name);
    expect(namespaces).toEqual(["ci-registry-db-grant"]);
    expect(Object.keys(json.data.digitalocean_database_cluster)).toHaveLength(2);
  });

  it("counts the other Harbor's pods and carries the team's values", () => {
    const release = Object.values(json.resource.helm_release as Json).find((r) => r.chart === "harbor");
    expect(release.lifecycle.precondition[0].error_message).toContain("12 Harbor pods sharing it");
    expect(release.values[0]).toContain("doks.digitalocean.com/node-pool: registry");
  });
});
