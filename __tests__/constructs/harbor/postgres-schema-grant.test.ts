import { grantNamespaceName } from "../../../constructs/harbor/naming";
import { Testing } from "cdktf";
import { Construct } from "constructs";
import { parse, stringify } from "yaml";
import { describeWithHelm, helmTemplate } from "../../support/charts";
import { DatabaseCluster } from "@cdktf/provider-digitalocean/lib/database-cluster";
import { DatabaseDb } from "@cdktf/provider-digitalocean/lib/database-db";
import { DatabaseFirewall } from "@cdktf/provider-digitalocean/lib/database-firewall";
import { localChartPath } from "../../../constructs/core/local-chart";
import {
  POSTGRES_GRANT_IMAGE,
  PostgresSchemaGrant,
  PostgresSchemaGrantProps,
  grantJobDeadlineSeconds,
} from "../../../constructs/harbor/postgres-schema-grant";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** A DigitalOcean-like setup: a cluster, its `registry` database and the firewall that admits the cluster. */
function synth(
  overrides: (db: { cluster: DatabaseCluster; db: DatabaseDb }) => Partial<PostgresSchemaGrantProps> = () => ({}),
): Json {
  return JSON.parse(
    Testing.synthScope((scope: Construct) => {
      const cluster = new DatabaseCluster(scope, "Postgres", {
        name: "pg",
        engine: "pg",
        version: "17",
        size: "db-s-1vcpu-2gb",
        region: "fra1",
        nodeCount: 1,
      });
      const db = new DatabaseDb(scope, "Registry", { clusterId: cluster.id, name: "registry" });
      const firewall = new DatabaseFirewall(scope, "Firewall", {
        clusterId: cluster.id,
        rule: [{ type: "k8s", value: "doks-cluster-id" }],
      });
      new PostgresSchemaGrant(scope, "Grant", {
        host: cluster.privateHost,
        port: cluster.port,
        databaseName: db.name,
        grantee: "harbor",
        adminUser: cluster.user,
        adminPassword: cluster.password,
        databaseIdentity: `${cluster.urn}/${db.id}`,
        namespace: grantNamespaceName("harbor"),
        dependsOn: [firewall],
        ...overrides({ cluster, db }),
      });
    }),
  );
}

function only(json: Json, type: string): Json {
  const entries = Object.values(json.resource?.[type] ?? {}) as Json[];
  expect(entries).toHaveLength(1);
  return entries[0];
}

function releaseOf(json: Json): Json {
  return only(json, "helm_release");
}

function valuesOf(json: Json): Json {
  const release = releaseOf(json);
  expect(release.values).toHaveLength(1);
  return parse(release.values[0]);
}

const NAMESPACE_REF = /^\$\{kubernetes_namespace_v1\.Grant_Namespace_[0-9A-F]+\.metadata\[0\]\.name\}$/;

describe("PostgresSchemaGrant: a new database runs the grant again (issue 10 item 4)", () => {
  it("puts the database identity into the release's values", () => {
    expect(valuesOf(synth()).databaseIdentity).toMatch(
      /^\$\{digitalocean_database_cluster\.Postgres\.urn\}\/\$\{digitalocean_database_db\.Registry\.id\}$/,
    );
  });

  it("changes the release when only the identity changes (a replaced cluster or database keeps its names)", () => {
    const before = releaseOf(synth(() => ({ databaseIdentity: "do:dbaas:old-cluster/registry" })));
    const after = releaseOf(synth(() => ({ databaseIdentity: "do:dbaas:new-cluster/registry" })));
    expect(after.values).not.toEqual(before.values);
    // Nothing else moves: the identity alone is what makes Helm upgrade and run the post-upgrade hook.
    expect({ ...after, values: undefined }).toEqual({ ...before, values: undefined });
  });

  it("re-installs the release when a given resource is replaced (a database recreated under the same name)", () => {
    expect(releaseOf(synth()).lifecycle).toBeUndefined();
    const json = synth(({ db }) => ({ replaceTriggeredBy: [db] }));
    // A plain address: Terraform rejects "${...}" in replace_triggered_by (cdktf writes that for resource objects).
    expect(releaseOf(json).lifecycle).toEqual({ replace_triggered_by: ["digitalocean_database_db.Registry"] });
  });

  it("keeps every secret out of the values: the admin password only reaches the Secret", () => {
    const json = synth();
    const values = releaseOf(json).values[0] as string;
    expect(values).not.toMatch(/password/i);
    const secret = only(json, "kubernetes_secret_v1");
    expect(secret.data).toEqual({
      PGUSER: "${digitalocean_database_cluster.Postgres.user}",
      PGPASSWORD: "${digitalocean_database_cluster.Postgres.password}",
    });
  });

  it("rejects an empty identity", () => {
    expect(() => synth(() => ({ databaseIdentity: " " }))).toThrow(/\/Grant: databaseIdentity must not be empty/);
  });
});

describe("PostgresSchemaGrant: Job hygiene (issue 10 item 6)", () => {
  it("pins the psql image by digest by default, and rejects an image without a digest", () => {
    expect(POSTGRES_GRANT_IMAGE).toMatch(/^postgres:17[.\d]*-alpine@sha256:[0-9a-f]{64}$/);
    expect(valuesOf(synth()).image).toBe(POSTGRES_GRANT_IMAGE);
    expect(() => synth(() => ({ image: "postgres:17-alpine" }))).toThrow(
      /\/Grant: image must be pinned by digest .* got "postgres:17-alpine"/,
    );
  });

  it("waits for the firewall before running the Job", () => {
    expect(releaseOf(synth()).depends_on).toEqual(["digitalocean_database_firewall.Firewall"]);
  });

  it("gives the Job a deadline below the release timeout", () => {
    const json = synth();
    expect(releaseOf(json).timeout).toBe(600);
    expect(valuesOf(json).activeDeadlineSeconds).toBe(540);
    const longer = synth(() => ({ timeoutSeconds: 900 }));
    expect(releaseOf(longer).timeout).toBe(900);
    expect(valuesOf(longer).activeDeadlineSeconds).toBe(840);
    for (const timeout of [120, 600, 3600]) expect(grantJobDeadlineSeconds(timeout)).toBeLessThan(timeout);
    expect(() => synth(() => ({ timeoutSeconds: 90 }))).toThrow(
      /\/Grant: timeoutSeconds must be a whole number >= 120 .* got 90/,
    );
  });

  it("passes host, port and database as values, so changing them re-runs the Job", () => {
    expect(valuesOf(synth())).toMatchObject({
      host: "${digitalocean_database_cluster.Postgres.private_host}",
      port: "${digitalocean_database_cluster.Postgres.port}",
      database: "${digitalocean_database_db.Registry.name}",
      grantee: "harbor",
      connectTimeoutSeconds: 10,
    });
  });
});

describe("PostgresSchemaGrant: a namespace of its own (issue 10 item 7)", () => {
  it("creates the namespace, enforcing Pod Security restricted, and puts the Secret and the release in it", () => {
    const json = synth();
    const namespace = only(json, "kubernetes_namespace_v1");
    expect(namespace.metadata).toEqual({
      name: "harbor-db-grant",
      labels: {
        "app.kubernetes.io/managed-by": "harbor-doks",
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/audit-version": "latest",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/warn-version": "latest",
      },
    });
    expect(only(json, "kubernetes_secret_v1").metadata.namespace).toMatch(NAMESPACE_REF);
    expect(releaseOf(json).namespace).toMatch(NAMESPACE_REF);
    expect(valuesOf(json).credentialsSecret).toMatch(
      /^\$\{kubernetes_secret_v1\.Grant_Connection_[0-9A-F]+\.metadata\[0\]\.name\}$/,
    );
  });

  it("names the grant namespace after Harbor's", () => {
    expect(grantNamespaceName("harbor")).toBe("harbor-db-grant");
  });

  it("rejects a namespace that is not a DNS label, naming the value and its length", () => {
    const long = grantNamespaceName("h".repeat(60));
    expect(() => synth(() => ({ namespace: long }))).toThrow(
      new RegExp(`/Grant: namespace must be a Kubernetes namespace name: .*\\(this one has 69\\), got "${long}"`),
    );
    expect(() => synth(() => ({ namespace: "Harbor_Grant" }))).toThrow(/namespace must be a Kubernetes namespace name/);
  });
});

/** Values like the construct's, with plain strings; `extra` adds or overrides keys. */
const CHART_VALUES: Json = {
  image: POSTGRES_GRANT_IMAGE,
  host: "private-pg.example",
  port: "25060",
  database: "registry",
  grantee: "harbor",
  databaseIdentity: "urn/registry",
  credentialsSecret: "grant-credentials",
  activeDeadlineSeconds: 540,
  connectTimeoutSeconds: 10,
};

/** The chart rendered by the real helm: every object, and the Job. */
function renderChart(extra: Json = {}): { objects: Json[]; job: Json } {
  const objects = helmTemplate(localChartPath("postgres-grant"), stringify({ ...CHART_VALUES, ...extra }), {
    release: "grant",
    namespace: "harbor-db-grant",
  });
  return { objects, job: objects.find((o) => o.kind === "Job") as Json };
}

function jobTemplate(extra: Json = {}): Json {
  return renderChart(extra).job;
}

/**
 * Violations of the Pod Security Standards "restricted" profile (which includes "baseline") by a pod spec, one line
 * each: https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
function restrictedViolations(pod: Json): string[] {
  const problems: string[] = [];
  const containers: Json[] = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
  const podContext: Json = pod.securityContext ?? {};
  for (const field of ["hostNetwork", "hostPID", "hostIPC"]) if (pod[field]) problems.push(`${field} is true`);
  for (const volume of pod.volumes ?? []) {
    const kind = Object.keys(volume).find((key) => key !== "name");
    const allowed = [
      "configMap",
      "csi",
      "downwardAPI",
      "emptyDir",
      "ephemeral",
      "persistentVolumeClaim",
      "projected",
      "secret",
    ];
    if (!kind || !allowed.includes(kind)) problems.push(`volume ${volume.name} is of type ${kind}`);
  }
  for (const sysctl of podContext.sysctls ?? []) problems.push(`sysctl ${sysctl.name} is set`);
  const seccompOk = (profile?: Json) => profile?.type === "RuntimeDefault" || profile?.type === "Localhost";
  for (const container of containers) {
    const context: Json = container.securityContext ?? {};
    const name = `container ${container.name}`;
    if (context.privileged) problems.push(`${name} is privileged`);
    if ((context.windowsOptions ?? podContext.windowsOptions)?.hostProcess) problems.push(`${name} is a hostProcess`);
    if (context.allowPrivilegeEscalation !== false)
      problems.push(`${name} does not set allowPrivilegeEscalation: false`);
    if (!(context.runAsNonRoot ?? podContext.runAsNonRoot)) problems.push(`${name} does not set runAsNonRoot: true`);
    if ((context.runAsUser ?? podContext.runAsUser) === 0) problems.push(`${name} runs as uid 0`);
    if (!seccompOk(context.seccompProfile ?? podContext.seccompProfile)) {
      problems.push(`${name} has no RuntimeDefault or Localhost seccomp profile`);
    }
    if (!(context.capabilities?.drop ?? []).includes("ALL")) problems.push(`${name} does not drop ALL capabilities`);
    for (const added of context.capabilities?.add ?? []) {
      if (added !== "NET_BIND_SERVICE") problems.push(`${name} adds capability ${added}`);
    }
    for (const port of container.ports ?? [])
      if (port.hostPort) problems.push(`${name} uses hostPort ${port.hostPort}`);
    if (context.procMount && context.procMount !== "Default")
      problems.push(`${name} sets procMount ${context.procMount}`);
    const seLinux = context.seLinuxOptions ?? podContext.seLinuxOptions;
    if (seLinux?.user || seLinux?.role) problems.push(`${name} sets SELinux user or role`);
    if ((context.appArmorProfile ?? podContext.appArmorProfile)?.type === "Unconfined") {
      problems.push(`${name} runs AppArmor unconfined`);
    }
  }
  return problems;
}

describeWithHelm("the grant Job's pod (chart charts/postgres-grant)", () => {
  const job = jobTemplate();
  const pod = job.spec.template.spec;
  const container = pod.containers[0];

  it("passes Pod Security restricted", () => {
    expect(restrictedViolations(pod)).toEqual([]);
    // The checker itself catches what the old chart lacked.
    expect(
      restrictedViolations({ ...pod, securityContext: { ...pod.securityContext, seccompProfile: undefined } }),
    ).toEqual(["container psql has no RuntimeDefault or Localhost seccomp profile"]);
  });

  it("mounts no service account token and sets a connect timeout and a deadline", () => {
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext.seccompProfile).toEqual({ type: "RuntimeDefault" });
    expect(job.spec.activeDeadlineSeconds).toBe(540);
    const env = Object.fromEntries((container.env as Json[]).map((e) => [e.name, e.value ?? e.valueFrom]));
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        "PGHOST",
        "PGPORT",
        "PGDATABASE",
        "PGSSLMODE",
        "PGCONNECT_TIMEOUT",
        "PGOPTIONS",
        "PGUSER",
        "PGPASSWORD",
      ]),
    );
    expect(env.PGSSLMODE).toBe("require");
    expect(env.PGPASSWORD).toEqual({ secretKeyRef: { name: "grant-credentials", key: "PGPASSWORD" } });
  });

  it("carries the database identity on the Job, and runs as a hook on install and upgrade", () => {
    expect(job.metadata.annotations).toMatchObject({
      "helm.sh/hook": "post-install,post-upgrade",
      "harbor-doks/database-identity": "urn/registry",
    });
  });
});
