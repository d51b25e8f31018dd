import { StackJson, resources, synthConfig } from "./synth";

/**
 * Lifecycle tests: synthesize a config, change one thing, synthesize again, and compare what Terraform will see.
 */
const config = (hostname: string, extra = "") => `instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: ${hostname}
${extra}`;

function instanceStack(yaml: string): StackJson {
  return synthConfig(yaml)["harbor-prod"];
}

function only(json: StackJson, type: string): [string, StackJson] {
  const entries = Object.entries(resources(json, type));
  expect(entries).toHaveLength(1);
  return entries[0];
}

/** The one resource of `type` whose construct path ends with `pathSuffix` (other terraform_data may exist). */
function byPath(json: StackJson, type: string, pathSuffix: string): [string, StackJson] {
  const entries = Object.entries(resources(json, type)).filter(([, r]) => r["//"].metadata.path.endsWith(pathSuffix));
  expect(entries).toHaveLength(1);
  return entries[0];
}

describe("renaming the bucket", () => {
  it("a new hostname (the default bucket name derives from it) changes the name record, which replaces the bucket", () => {
    const before = instanceStack(config("registry.example.com"));
    const after = instanceStack(config("hub.example.com"));

    const [recordId, recordBefore] = byPath(before, "terraform_data", "/Bucket/Name");
    const [recordIdAfter, recordAfter] = byPath(after, "terraform_data", "/Bucket/Name");
    expect(recordIdAfter).toBe(recordId);
    const [, bucketBefore] = only(before, "digitalocean_spaces_bucket");
    const [, bucketAfter] = only(after, "digitalocean_spaces_bucket");

    expect(bucketAfter.name).not.toBe(bucketBefore.name);
    // The record follows the name, so Terraform plans to replace it (triggers_replace changed) ...
    expect(recordBefore.triggers_replace).toEqual({ name: bucketBefore.name });
    expect(recordAfter.triggers_replace).toEqual({ name: bucketAfter.name });
    // ... and the bucket is replaced with it; prevent_destroy (protect, the default) fails that plan.
    for (const bucket of [bucketBefore, bucketAfter]) {
      expect(bucket.lifecycle).toEqual({
        prevent_destroy: true,
        replace_triggered_by: [`terraform_data.${recordId}`],
      });
    }
  });

  it("an explicit storage.bucket keeps the bucket when the hostname changes", () => {
    const storage = "    storage: { bucket: my-registry-blobs }\n";
    const [, before] = byPath(instanceStack(config("registry.example.com", storage)), "terraform_data", "/Bucket/Name");
    const [, after] = byPath(instanceStack(config("hub.example.com", storage)), "terraform_data", "/Bucket/Name");
    expect(after.triggers_replace).toEqual(before.triggers_replace);
    expect(after.triggers_replace).toEqual({ name: "my-registry-blobs" });
  });
});

describe("cluster region", () => {
  it("the instance stack checks at plan time that the cluster is in the instance's region", () => {
    const lookup = Object.values(instanceStack(config("registry.example.com")).data.digitalocean_kubernetes_cluster);
    expect(lookup).toHaveLength(1);
    expect(lookup[0]).toMatchObject({
      name: "prod-doks",
      lifecycle: { postcondition: [expect.objectContaining({ condition: '${self.region == "fra1"}' })] },
    });
  });
});

describe("waiting for Harbor's API", () => {
  const day2 = (hostname: string) =>
    synthConfig(config(hostname, "    ingress: { email: ops@example.com }\n    scanSchedule: daily\n"))[
      "harbor-prod-config"
    ];

  it("a new hostname runs the wait again (new URL, new trigger)", () => {
    const [id, before] = byPath(day2("registry.example.com"), "terraform_data", "/ApiReady/Resource");
    const [idAfter, after] = byPath(day2("hub.example.com"), "terraform_data", "/ApiReady/Resource");
    expect(idAfter).toBe(id);
    // The Harbor release's revision (read from the instance stack) re-runs it after every Harbor upgrade too.
    expect(before.triggers_replace).toEqual({
      url: "https://registry.example.com/api/v2.0/ping",
      harborRevision: expect.stringMatching(
        /^\$\{data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+metadatarevision\}$/,
      ),
    });
    expect(after.triggers_replace).toEqual({
      url: "https://hub.example.com/api/v2.0/ping",
      harborRevision: expect.stringMatching(
        /^\$\{data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+metadatarevision\}$/,
      ),
    });
    expect(after.provisioner[0]["local-exec"].environment.HARBOR_PING_URL).toBe(
      "https://hub.example.com/api/v2.0/ping",
    );
    // The command itself is the same text: the host name only reaches it through the environment.
    expect(after.provisioner[0]["local-exec"].command).toBe(before.provisioner[0]["local-exec"].command);
  });
});
