import fc from "fast-check";
import { harborRegistryUrl, harborStoredUrl } from "../../../constructs/harbor/registry-url";
import { HOSTNAME_PATTERN } from "../../../constructs/core/naming";
import { rejection } from "../../helpers";
import { StackJson, resources, synthConfig } from "../../stacks/synth";

// Issue 29 item 2: Harbor stores a registry endpoint as goharbor/harbor v2.15.1 src/lib/endpoint.go `ValidateHTTPURL`
// leaves it, and the goharbor provider 3.12.4 reads that back into `endpoint_url`: any other spelling (a trailing
// slash, a query) planned an update on every run.

describe("harborStoredUrl (ValidateHTTPURL's result) and harborRegistryUrl (what to send)", () => {
  it.each([
    ["https://registry.corp.example.com/", "https://registry.corp.example.com"],
    ["https://registry.corp.example.com///", "https://registry.corp.example.com"],
    ["  https://r.example.com/v2/  ", "https://r.example.com/v2"],
    ["https://r.example.com/path?token=x#frag", "https://r.example.com/path"],
    // The slash is trimmed from the end of the whole string, before the query is dropped: one pass keeps "/"...
    ["https://r.example.com/?a=1", "https://r.example.com"],
    ["HTTPS://r.example.com", "https://r.example.com"],
    // Go keeps the host's case and an explicit port, and prints the path unescaped.
    ["https://Registry.Corp.example.com:443/a%20b", "https://Registry.Corp.example.com:443/a b"],
    ["https://user@r.example.com/x", "https://r.example.com/x"],
  ])("%s -> %s", (input, stored) => {
    expect(harborRegistryUrl(input)).toBe(stored);
  });

  it("...which Harbor, sent again, stores without it: so the URL sent is the one Harbor keeps unchanged", () => {
    expect(harborStoredUrl("https://r.example.com/?a=1")).toBe("https://r.example.com/");
    expect(harborStoredUrl("https://r.example.com/")).toBe("https://r.example.com");
  });

  it("sends, for any URL, one that Harbor stores unchanged (so the read-back plans nothing)", () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.boolean(), (url, slash) => {
        const sent = harborRegistryUrl(slash ? `${url}/` : url);
        expect(harborStoredUrl(sent)).toBe(sent);
        expect(sent).not.toMatch(/[?#]/);
      }),
      { seed: 29, numRuns: 500 },
    );
  });

  it("leaves https://<host name> alone: the replication and provider URLs built from a hostname never drift", () => {
    fc.assert(
      fc.property(
        fc.domain().filter((host) => HOSTNAME_PATTERN.test(host)),
        (host) => {
          expect(harborRegistryUrl(`https://${host}`)).toBe(`https://${host}`);
        },
      ),
      { seed: 29, numRuns: 300 },
    );
  });
});

const config = (endpoint: string) => `instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
    ingress: { email: ops@example.com }
    proxyCache: [{ project: mirror, provider: docker-registry, endpoint: "${endpoint}" }]
`;

function registry(endpoint: string): [string, StackJson] {
  const entries = Object.entries(resources(synthConfig(config(endpoint))["harbor-prod-config"], "harbor_registry"));
  expect(entries).toHaveLength(1);
  return entries[0];
}

describe("proxyCache[].endpoint in the synthesized registry", () => {
  it("the issue's endpoint with a trailing slash is sent as Harbor stores it", () => {
    expect(registry("https://registry.corp.example.com/")[1].endpoint_url).toBe("https://registry.corp.example.com");
  });

  it("a later change: adding or removing the trailing slash changes nothing (no update)", () => {
    expect(registry("https://registry.corp.example.com/v2/")).toEqual(registry("https://registry.corp.example.com/v2"));
  });

  it("keeps the host's case, as Harbor does", () => {
    expect(registry("https://Registry.Corp.example.com")[1].endpoint_url).toBe("https://Registry.Corp.example.com");
  });

  it("refuses a query or a fragment, which Harbor would drop, naming the setting", () => {
    expect(rejection(config("https://registry.corp.example.com/?token=x"))).toMatch(
      /^instances\[0\]\.proxyCache\[0\]\.endpoint: .*must not contain a query/,
    );
    expect(rejection(config("https://registry.corp.example.com/#x"))).toMatch(/must not contain a query/);
  });

  it("refuses a query in the OIDC issuer too", () => {
    const oidc = config("https://r.example.com").replace(
      "    proxyCache",
      "    oidc: { endpoint: https://id.example.com/?x=1, clientId: harbor }\n    proxyCache",
    );
    expect(rejection(oidc)).toMatch(/^instances\[0\]\.oidc\.endpoint: .*must not contain a query/);
  });
});
