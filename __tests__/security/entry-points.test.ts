// Traefik's entry points on a shared cluster: Harbor's routers (an Ingress names no entry point) attach to the
// `asDefault` ones, web and websecure, never to metrics; websecure bounds the handshake and header phase with the
// only setting Traefik v3.7 has for it (readTimeout), sized for a long upload. Rendered with the pinned Traefik chart.
import { parseConfig } from "../../config/load";
import {
  DEFAULT_READ_TIMEOUT_SECONDS,
  buildTraefikValues,
  readTimeoutSecondsProblem,
} from "../../constructs/ingress/platform-values";
import { Manifest, describeWithCharts } from "../support/charts";
import { REMOTE_CHARTS, TWO_INSTANCES, renderRelease, synthesize } from "./shared-cluster";

function traefikArgs(config: string): string[] {
  const release = synthesize(config).releases.find((r) => r.name === "traefik")!;
  const deployment = renderRelease(release).find((d: Manifest) => d.kind === "Deployment")!;
  return deployment.spec.template.spec.containers[0].args as string[];
}

describeWithCharts(REMOTE_CHARTS, "Traefik's entry points and timeouts, rendered", () => {
  let args: string[];
  beforeAll(() => {
    args = traefikArgs(TWO_INSTANCES);
  });

  it("marks web and websecure, and nothing else, as the default entry points of routers that name none", () => {
    const defaults = args.filter((a) => /^--entryPoints\.[^.]+\.asDefault=/.test(a)).sort();
    expect(defaults).toEqual(["--entryPoints.web.asDefault=true", "--entryPoints.websecure.asDefault=true"]);
    // The metrics port exists (so a router without asDefault entry points would attach to it) but is no default.
    expect(args).toContain("--entryPoints.metrics.address=:9100/tcp");
    expect(args.some((a) => a.startsWith("--entryPoints.metrics.asDefault"))).toBe(false);
  });

  it("bounds websecure's read phase (PROXY header, TLS handshake, headers, body) at an hour by default", () => {
    expect(args).toContain(
      `--entryPoints.websecure.transport.respondingTimeouts.readTimeout=${DEFAULT_READ_TIMEOUT_SECONDS}s`,
    );
    expect(args).toContain("--entryPoints.websecure.transport.respondingTimeouts.idleTimeout=600s");
    // No entry point without a read bound: 0 lifts the PROXY-header, handshake and header bounds too.
    expect(args.filter((a) => /respondingTimeouts\.readTimeout=0s?$/.test(a))).toEqual([]);
    // web keeps Traefik's own 60 s (the chart sets nothing there): it only redirects and answers HTTP-01.
    expect(args.some((a) => a.startsWith("--entryPoints.web.transport.respondingTimeouts.readTimeout"))).toBe(false);
  });

  it("a later change of ingress.readTimeoutSeconds changes only that argument (a Traefik upgrade in place)", () => {
    const longer = traefikArgs(
      TWO_INSTANCES.replace(/ingress: \{ email/g, "ingress: { readTimeoutSeconds: 7200, email"),
    );
    expect(longer).toContain("--entryPoints.websecure.transport.respondingTimeouts.readTimeout=7200s");
    expect(longer.filter((a) => !args.includes(a))).toEqual([
      "--entryPoints.websecure.transport.respondingTimeouts.readTimeout=7200s",
    ]);
  });
});

describe("readTimeoutSeconds", () => {
  it("refuses 0 (no limit), fractions and values outside a minute to a day, naming the range", () => {
    for (const bad of [0, -1, 59, 1.5, 86_401]) {
      expect(readTimeoutSecondsProblem(bad)).toMatch(/^must be whole seconds from 60 to 86400/);
    }
    for (const good of [60, 3600, 86_400]) expect(readTimeoutSecondsProblem(good)).toBeUndefined();
  });

  it("is a config key, refused per instance with the key's path, and agreed by instances sharing a cluster", () => {
    expect(() =>
      parseConfig(TWO_INSTANCES.replace("ingress: { email: other", "ingress: { readTimeoutSeconds: 0, email: other")),
    ).toThrow(/readTimeoutSeconds.*must be whole seconds from 60 to 86400/s);
    expect(() =>
      parseConfig(TWO_INSTANCES.replace("ingress: { email: other", "ingress: { readTimeoutSeconds: 600, email: other")),
    ).toThrow(/share cluster "shared" and its ingress platform, so ingress\.readTimeoutSeconds must be the same/);
    expect(() =>
      parseConfig(
        TWO_INSTANCES.replace(
          "ingress: { email: other",
          "ingress: { controller: existing, readTimeoutSeconds: 600, email: other",
        ),
      ),
    ).toThrow(/readTimeoutSeconds.*only applies with controller: install/s);
  });

  it("reaches the websecure entry point as a Go duration", () => {
    const values = buildTraefikValues({
      loadBalancerName: "lb",
      loadBalancerSizeUnits: 1,
      hairpinHostname: "r.example.com",
      namespace: "traefik",
      trustedIPs: ["10.0.0.0/16"],
      highAvailability: false,
      servedNamespaces: [],
      readTimeoutSeconds: 900,
    }) as { ports: Record<string, Manifest> };
    expect(values.ports.websecure.transport.respondingTimeouts).toEqual({
      readTimeout: "900s",
      writeTimeout: 0,
      idleTimeout: "600s",
    });
    expect(values.ports.web.asDefault).toBe(true);
    expect(values.ports.websecure.asDefault).toBe(true);
  });
});
