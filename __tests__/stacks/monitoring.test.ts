import { parse } from "yaml";
import { StackJson, resources, synthConfig } from "./synth";

const instance = (name: string, extra: string) => `
  - name: ${name}
    region: fra1
    cluster: prod-doks
    hostname: ${name}.example.com
    profile: dev
    harbor: { namespace: harbor-${name} }
    ingress: { email: ops@example.com }
${extra
  .split("\n")
  .map((line) => `    ${line}`)
  .join("\n")}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const valuesOf = (json: StackJson, release: string): Record<string, any> => {
  const found = Object.values(resources(json, "helm_release")).find((r) => r.name === release);
  if (found === undefined) throw new Error(`no release ${release}`);
  return parse(found.values[0]);
};

describe("monitoring from the config", () => {
  const stacks = synthConfig(
    `instances:${instance("aa", "monitoring: { metrics: true, serviceMonitor: true }\npostgres: { size: db-s-1vcpu-2gb }")}${instance("bb", "")}\n`,
  );

  it("turns on Harbor's metrics and ServiceMonitor only for the instance that asks", () => {
    expect(valuesOf(stacks["harbor-aa"], "harbor").metrics).toMatchObject({
      enabled: true,
      serviceMonitor: { enabled: true },
    });
    expect(valuesOf(stacks["harbor-bb"], "harbor").metrics?.enabled ?? false).toBe(false);
  });

  it("publishes Traefik's metrics on the shared platform when any instance on the cluster asks", () => {
    const traefik = valuesOf(stacks["harbor-platform-prod-doks"], "traefik");
    expect(traefik.metrics.prometheus).toMatchObject({ service: { enabled: true }, serviceMonitor: { enabled: true } });
  });

  it("adds no Traefik metrics Service when no instance asks", () => {
    const plain = synthConfig(`instances:${instance("cc", "")}\n`);
    expect(valuesOf(plain["harbor-platform-prod-doks"], "traefik").metrics?.prometheus?.service).toBeUndefined();
  });
});
