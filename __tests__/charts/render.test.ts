// The local charts rendered by a real helm 3 (the family the Terraform helm provider embeds) with the values the
// stacks synthesize: they must render, every pod must meet Pod Security "restricted", and no value may carry a
// secret (credentials come from Secrets through secretKeyRef / envFrom only). helm: see __tests__/support/tools.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { helmTemplate } from "../support/charts";
import { restrictedViolations } from "../support/pod-security";
import { findHelm, testWithTool, toolGate } from "../support/tools";
import { synthConfigOutput } from "../stacks/synth";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const helm = toolGate(findHelm());

const config = `
instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
    ingress: { email: ops@example.com, challenge: dns01, dnsZone: example.com }
    backup: { region: ams3 }
`;

/** Every helm_release of the synthesized stacks that uses a local chart, with its chart folder and values. */
function localReleases(): { name: string; chart: string; values: string }[] {
  const { outdir } = synthConfigOutput(config);
  const found: { name: string; chart: string; values: string }[] = [];
  for (const stack of ["harbor-prod", "harbor-platform-prod-doks"]) {
    const dir = join(outdir, "stacks", stack);
    const json = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as Json;
    for (const release of Object.values(json.resource.helm_release as Record<string, Json>)) {
      if (release.repository !== undefined) continue;
      found.push({ name: release.name, chart: join(dir, release.chart), values: release.values[0] });
    }
  }
  return found;
}

function render(chart: string, values: string, name: string): Json[] {
  return helmTemplate(chart, values, { release: name, namespace: "ns" });
}

/** The pod spec of a Job or CronJob. */
const podOf = (doc: Json): Json | undefined =>
  doc.kind === "CronJob"
    ? doc.spec.jobTemplate.spec.template.spec
    : doc.kind === "Job"
      ? doc.spec.template.spec
      : undefined;

describe("local charts rendered with helm 3", () => {
  if (!helm.run) {
    testWithTool(helm, "__tests__/charts/render.test.ts");
    return;
  }
  const releases = localReleases();

  it("the restricted check catches what it must", () => {
    const bad = {
      hostNetwork: true,
      volumes: [{ name: "h", hostPath: { path: "/" } }],
      containers: [{ name: "c", securityContext: { privileged: true }, env: [{ name: "DB_PASSWORD", value: "x" }] }],
    };
    expect(restrictedViolations(bad)).toEqual(
      expect.arrayContaining([
        "hostNetwork",
        "volume type hostPath",
        "container c: privileged",
        "container c: runAsNonRoot not true",
        "container c: no seccomp profile",
        "container c: DB_PASSWORD has a literal value",
      ]),
    );
  });

  it("finds the five local charts in the synthesized stacks, and no ClusterIssuer chart", () => {
    expect(releases.map((r) => r.name).sort()).toEqual([
      "harbor-doks-backup",
      "harbor-doks-db-grant",
      "harbor-namespace",
      "platform-policies",
      "traefik-access",
    ]);
  });

  it("the harbor-namespace chart renders a verifying ServersTransport per Harbor backend", () => {
    const release = releases.find((r) => r.name === "harbor-namespace") as {
      name: string;
      chart: string;
      values: string;
    };
    const transports = render(release.chart, release.values, release.name).filter((o) => o.kind === "ServersTransport");
    expect(transports.map((t) => [t.kind, t.metadata.name, t.spec.serverName, t.spec.insecureSkipVerify])).toEqual([
      ["ServersTransport", "harbor-core-backend", "harbor-core.harbor.svc", false],
      ["ServersTransport", "harbor-portal-backend", "harbor-portal.harbor.svc", false],
    ]);
    for (const t of transports) expect(t.spec.rootCAs).toEqual([{ secret: "harbor-doks-internal-ca" }]);
  });

  it.each(["harbor-doks-db-grant", "harbor-doks-backup"])("%s: every pod meets Pod Security restricted", (name) => {
    const release = releases.find((r) => r.name === name) as { name: string; chart: string; values: string };
    const docs = render(release.chart, release.values, name);
    const pods = docs.map(podOf).filter((pod): pod is Json => pod !== undefined);
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) {
      expect(restrictedViolations(pod)).toEqual([]);
      expect(pod.automountServiceAccountToken).toBe(false);
    }
  });

  it("the grant Job takes the doadmin password from its Secret and runs the chart's SQL", () => {
    const release = releases.find((r) => r.name === "harbor-doks-db-grant") as {
      name: string;
      chart: string;
      values: string;
    };
    const job = render(release.chart, release.values, release.name).find((d) => d.kind === "Job") as Json;
    const container = job.spec.template.spec.containers[0];
    const password = container.env.find((e: Json) => e.name === "PGPASSWORD");
    expect(password.valueFrom.secretKeyRef).toBeDefined();
    expect(container.command.join(" ")).toContain("has_schema_privilege");
  });

  it("the backup CronJobs take every credential from Secrets, at whole minutes, one run at a time", () => {
    const release = releases.find((r) => r.name === "harbor-doks-backup") as {
      name: string;
      chart: string;
      values: string;
    };
    const cronJobs = render(release.chart, release.values, release.name).filter((d) => d.kind === "CronJob");
    expect(cronJobs).toHaveLength(2);
    for (const cronJob of cronJobs) {
      expect(cronJob.spec.concurrencyPolicy).toBe("Forbid");
      expect(cronJob.spec.schedule).toBe("30 2 * * *");
      expect(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds).toBeGreaterThan(0);
      const pod = podOf(cronJob) as Json;
      for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
        for (const env of container.env ?? []) {
          if (/SECRET|PASSWORD|ACCESS_KEY/.test(env.name)) expect(env.valueFrom?.secretKeyRef).toBeDefined();
        }
      }
    }
  });

  it("the Issuers render in Harbor's namespace with the DNS-01 solver reading its token from a Secret there", () => {
    const release = releases.find((r) => r.name === "harbor-namespace") as {
      name: string;
      chart: string;
      values: string;
    };
    const docs = render(release.chart, release.values, release.name);
    expect(docs.filter((d) => d.kind === "ClusterIssuer")).toEqual([]);
    const issuers = docs.filter((d) => d.kind === "Issuer");
    expect(issuers.map((i) => i.metadata.name).sort()).toEqual(["letsencrypt-prod", "letsencrypt-staging"]);
    for (const issuer of issuers) {
      expect(issuer.metadata.namespace).toBe("ns");
      expect(issuer.spec.acme.solvers).toEqual([
        {
          dns01: { digitalocean: { tokenSecretRef: { name: "acme-dns-credentials", key: "access-token" } } },
          selector: { dnsZones: ["example.com"] },
        },
      ]);
    }
  });
});
