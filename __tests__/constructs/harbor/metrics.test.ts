import { TerraformStack, Testing } from "cdktf";
import { parse } from "yaml";
import { Harbor, HarborProps } from "../../../constructs/harbor/harbor";
import { HARBOR_TEST_PROPS } from "../../helpers";
import { TraefikIngress, TraefikIngressProps } from "../../../constructs/ingress/traefik-ingress";
import { connectionBudget } from "../../../constructs/harbor/connection-budget";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;

const harborProps = HARBOR_TEST_PROPS;

const harbor = (extra: Partial<HarborProps>) =>
  new Harbor(new TerraformStack(Testing.app(), "s"), "H", { ...harborProps, ...extra });
const valuesOf = (h: Harbor): Values => parse(h.valuesYaml);

describe("Harbor metrics", () => {
  const off = valuesOf(harbor({}));
  const on = valuesOf(harbor({ metrics: true, serviceMonitor: true }));

  it("is off by default", () => {
    expect(off).not.toHaveProperty("metrics");
  });

  it("turns on the chart's metrics and ServiceMonitor", () => {
    expect(on.metrics).toMatchObject({ enabled: true, serviceMonitor: { enabled: true } });
    expect(valuesOf(harbor({ metrics: true })).metrics.serviceMonitor.enabled).toBe(false);
  });

  it("counts the exporter's PostgreSQL pool in the connection budget", () => {
    // db-s-1vcpu-2gb: 47 usable connections for 2 core + 2 jobservice (+1 surge each) = 6 pods, 7 each...
    const without = connectionBudget("db-s-1vcpu-2gb", { core: 2, jobservice: 2 });
    // ...plus the exporter and its surge pod: 8 pods, 5 each.
    const withExporter = connectionBudget("db-s-1vcpu-2gb", { core: 2, jobservice: 2, exporter: 1 });
    expect(withExporter.maxOpenConns).toBeLessThan(without.maxOpenConns);
    expect(off.database.maxOpenConns).toBe(without.maxOpenConns);
    expect(on.database.maxOpenConns).toBe(withExporter.maxOpenConns);
  });

  it("refuses a ServiceMonitor without metrics, naming the construct, the prop and the fix", () => {
    expect(() => harbor({ serviceMonitor: true })).toThrow(
      "s/H: serviceMonitor needs metrics: the ServiceMonitor scrapes the metrics endpoints; set metrics: true or serviceMonitor: false",
    );
  });

  it("keeps secrets out of the values", () => {
    const yaml = harbor({ metrics: true, serviceMonitor: true }).valuesYaml;
    expect(yaml).not.toMatch(/password:|unused/);
  });
});

describe("TraefikIngress metrics", () => {
  const props: TraefikIngressProps = {
    loadBalancerName: "lb",
    hairpinHostname: "r.example.com",
    vpcUuid: "vpc-1",
    servedNamespaces: ["harbor"],
  };
  const traefikValues = (extra: Partial<TraefikIngressProps>): Values => {
    const ingress = new TraefikIngress(new TerraformStack(Testing.app(), "t"), "Edge", { ...props, ...extra });
    return parse(ingress.traefikRelease.valuesInput![0] as string);
  };

  it("is off by default and publishes the metrics Service and ServiceMonitor on request", () => {
    expect(traefikValues({})).not.toHaveProperty("metrics");
    expect(traefikValues({ metrics: true }).metrics.prometheus).toMatchObject({
      service: { enabled: true },
      serviceMonitor: { enabled: false },
    });
    expect(traefikValues({ metrics: true, serviceMonitor: true }).metrics.prometheus.serviceMonitor).toEqual({
      enabled: true,
    });
  });

  it("refuses a ServiceMonitor without metrics, naming the construct, the prop and the fix", () => {
    expect(() => traefikValues({ serviceMonitor: true })).toThrow(
      "t/Edge: serviceMonitor needs metrics: the ServiceMonitor selects the metrics Service; set metrics: true or serviceMonitor: false",
    );
  });
});
