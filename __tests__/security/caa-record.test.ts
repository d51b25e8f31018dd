// CAA on the registry's host name: only Let's Encrypt, and with ingress.acmeAccountUri only the project's ACME
// account, may issue for it. Created where the project manages the zone (DigitalOcean DNS, not at the apex);
// otherwise an output gives the record to add.
import { parseConfig } from "../../config/load";
import { caaIssueValue } from "../../constructs/ingress/acme";
import { Manifest } from "../support/charts";
import { synthesize } from "./shared-cluster";

const ACCOUNT = "https://acme-v02.api.letsencrypt.org/acme/acct/123456789";

function instance(hostname: string, ingress: string): Manifest {
  const config = `
instances:
  - name: alpha
    region: fra1
    cluster: shared
    hostname: ${hostname}
    ingress: ${ingress}
`;
  return synthesize(config).stacks["harbor-alpha"];
}
const records = (stack: Manifest) =>
  Object.values((stack.resource.digitalocean_record ?? {}) as Record<string, Manifest>);

describe("the CAA record", () => {
  it("on DigitalOcean DNS: issue letsencrypt.org for the host name, beside its A record", () => {
    const stack = instance("registry.example.com", "{ email: ops@example.com, dnsZone: example.com }");
    expect(records(stack).find((r) => r.type === "CAA")).toMatchObject({
      domain: "example.com",
      type: "CAA",
      name: "registry",
      flags: 0,
      tag: "issue",
      value: "letsencrypt.org",
      ttl: 3600,
    });
    expect(stack.output?.caa_record).toBeUndefined();
  });

  it("with acmeAccountUri, only that account; setting it later updates the record in place", () => {
    const before = instance("registry.example.com", "{ email: ops@example.com, dnsZone: example.com }");
    const after = instance(
      "registry.example.com",
      `{ email: ops@example.com, dnsZone: example.com, acmeAccountUri: "${ACCOUNT}" }`,
    );
    const caa = (stack: Manifest) =>
      Object.entries(stack.resource.digitalocean_record as Record<string, Manifest>).find(([, r]) => r.type === "CAA")!;
    expect(caa(after)[1].value).toBe(`letsencrypt.org; accounturi=${ACCOUNT}`);
    // Same resource address: an in-place update of the value, the A record untouched.
    expect(caa(after)[0]).toBe(caa(before)[0]);
    expect(records(after).find((r) => r.type === "A")).toEqual(records(before).find((r) => r.type === "A"));
  });

  it("never at the zone apex (it would cover every name of the zone): an output gives it instead", () => {
    const stack = instance("example.com", "{ email: ops@example.com, dnsZone: example.com }");
    expect(records(stack).map((r) => r.type)).toEqual(["A"]);
    expect(stack.output.caa_record.value).toBe('example.com. CAA 0 issue "letsencrypt.org"');
  });

  it("a zone elsewhere, or no zone: an output with the record, no resource", () => {
    for (const ingress of [
      "{ email: ops@example.com }",
      "{ email: ops@example.com, dnsZone: example.com, dnsProvider: cloudflare }",
    ]) {
      const stack = instance("registry.example.com", ingress);
      expect(records(stack)).toEqual([]);
      expect(stack.output.caa_record.value).toBe('registry.example.com. CAA 0 issue "letsencrypt.org"');
    }
  });

  it("refuses an account URI that is not Let's Encrypt's, and the key with an existing controller", () => {
    const config = (ingress: string) => `
instances:
  - name: alpha
    region: fra1
    cluster: shared
    hostname: registry.example.com
    ingress: ${ingress}
`;
    expect(() =>
      parseConfig(config('{ email: ops@example.com, acmeAccountUri: "https://evil.example/acme/acct/1" }')),
    ).toThrow(/acmeAccountUri.*must be a Let's Encrypt account URI/s);
    expect(() =>
      parseConfig(
        config(
          `{ controller: existing, controllerNamespace: ingress-nginx, className: nginx, clusterIssuer: le, acmeAccountUri: "${ACCOUNT}" }`,
        ),
      ),
    ).toThrow(/acmeAccountUri.*only applies with controller: install/s);
    expect(caaIssueValue()).toBe("letsencrypt.org");
  });

  it("destroy: the record is not protected; removing dnsZone later deletes it with the A record and gives the output", () => {
    const before = instance("registry.example.com", "{ email: ops@example.com, dnsZone: example.com }");
    for (const record of records(before)) expect(record.lifecycle?.prevent_destroy).toBeUndefined();
    const after = instance("registry.example.com", "{ email: ops@example.com }");
    expect(records(after)).toEqual([]);
    expect(after.output.caa_record.value).toBe('registry.example.com. CAA 0 issue "letsencrypt.org"');
  });
});
