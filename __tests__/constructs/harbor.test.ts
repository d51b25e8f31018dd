import { TerraformStack, Testing } from "cdktf";
import { Harbor, HarborProps } from "../../constructs/harbor";

const props: HarborProps = {
  hostname: "registry.example.com",
  database: {
    privateHost: "pg.internal",
    port: 25060,
    databaseName: "registry",
    user: "harbor",
    password: "unused",
    size: "db-s-1vcpu-2gb",
    adminUser: "doadmin",
    adminPassword: "unused",
    databaseIdentity: "do:dbaas:example/registry",
  },
  cache: { privateHost: "valkey.internal", port: 25061, password: "unused" },
  storage: {
    bucketName: "blobs",
    region: "fra1",
    endpoint: "https://fra1.digitaloceanspaces.com",
    accessKeyId: "unused",
    secretAccessKey: "unused",
  },
};
const build = (extra: Partial<HarborProps>) =>
  new Harbor(new TerraformStack(Testing.app(), "s"), "H", { ...props, ...extra });

describe("Harbor validation", () => {
  it("accepts a namespace whose grant namespace fits in 63 characters", () => {
    expect(() => build({ namespace: "a".repeat(54) })).not.toThrow();
  });

  it("rejects a longer namespace, naming the construct, the prop, the grant namespace and the limit", () => {
    expect(() => build({ namespace: "a".repeat(55) })).toThrow(
      /^Harbor H: namespace must be at most 54 characters, so that the schema grant's namespace "a{55}-db-grant" fits in 63/,
    );
  });
});
