// The dump before a Harbor upgrade on an instance without an off-region backup, run for real: what UpgradeDump gives
// charts/registry-backup is rendered by helm as the upgrade that changes Harbor's version (1.18.2 recorded, 1.19.1
// given), and the hook Job's init container (files/dump.sh with the container's own environment; the CA file is the
// rendered ConfigMap's) runs pg_dump 17 against the shared PostgreSQL 17, which serves TLS with a CA made for this
// run. It writes the from-to dump when the server is verified, and exits non-zero, writing no dump, when anything
// fails. A failed dump stops the upgrade: the chain from that exit status to "Harbor's release is not applied" is
// asserted below on the rendered Job and the synthesized stack.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { TerraformStack, Testing } from "cdktf";
import { Client } from "pg";
import { parse, parseAllDocuments } from "yaml";
import { DUMP_PREFIX, upgradeDumpObjectKey } from "../../constructs/backup/off-region-backup";
import { UpgradeDump } from "../../constructs/backup/upgrade-dump";
import { HarborOnDoks } from "../../constructs/compose/harbor-on-doks";
import type { DatabaseSslMode } from "../../constructs/harbor/database-tls";
import { HELM, Manifest, registryBackupRecording } from "../support/charts";
import {
  HARBOR_USER,
  PostgresServer,
  TestTls,
  digitalOceanRoles,
  sharedPostgres,
  startedSetup,
} from "../support/postgres-server";
import { findHelm, findPg17Bin, testWithTool, toolGate } from "../support/tools";

const run = promisify(execFile);
const DATABASE = "upgrade_registry";
const CA_MOUNT = "/etc/harbor-doks/database-ca";

let server: PostgresServer;
let tls: TestTls;
let bin: string;
let workDir: string;
const postgres = sharedPostgres();
const pg17 = toolGate(findPg17Bin());
const helm = toolGate(findHelm());
const test = testWithTool(pg17.run ? helm : pg17, "__tests__/charts/upgrade-dump-run.test.ts");

const setUp = startedSetup(async () => {
  if (!pg17.run || !helm.run) return;
  server = await postgres.server;
  if (server.tls === undefined) throw new Error("the shared PostgreSQL server was started without TLS");
  tls = server.tls;
  bin = pg17.path;
  workDir = mkdtempSync(path.join(tmpdir(), "harbor-doks-upgrade-dump-"));
  await digitalOceanRoles(server);
  const superuser = new Client({
    host: server.host,
    port: server.port,
    database: "postgres",
    user: server.user,
    password: server.password,
  });
  await superuser.connect();
  try {
    await superuser.query(`CREATE DATABASE ${DATABASE} OWNER ${HARBOR_USER.user}`);
  } finally {
    await superuser.end();
  }
  const harbor = new Client({ host: server.host, port: server.port, database: DATABASE, ...HARBOR_USER });
  await harbor.connect();
  try {
    await harbor.query(
      "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);" +
        "INSERT INTO schema_migrations VALUES (170, false)",
    );
  } finally {
    await harbor.end();
  }
});

beforeAll(() => setUp, 60_000);

afterAll(async () => {
  await postgres.release();
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
});

/** The chart's values exactly as UpgradeDump synthesizes them (a literal CA is base64-encoded at synth). */
function upgradeDumpValues(caPem: string, sslMode: DatabaseSslMode): string {
  const stack = new TerraformStack(Testing.app(), "s");
  new UpgradeDump(stack, "Dump", {
    harborChartVersion: "1.19.1",
    namespace: "harbor",
    storage: {
      bucketName: "prod-registry-blobs",
      region: "fra1",
      endpoint: "https://fra1.digitaloceanspaces.com",
      accessKeyId: "unused",
      secretAccessKey: "unused",
    },
    database: {
      host: "private-db.example",
      port: 25060,
      name: DATABASE,
      user: HARBOR_USER.user,
      password: HARBOR_USER.password,
      caCertificate: caPem,
      sslMode,
    },
  });
  const releases = JSON.parse(Testing.synth(stack)).resource.helm_release as Record<string, Manifest>;
  const values = Object.values(releases)[0].values[0] as string;
  if (values.includes(HARBOR_USER.password)) throw new Error("the password reached the release's values");
  return values;
}

/** `helm template --is-upgrade` of those values with 1.18.2 recorded: the objects of the upgrade to 1.19.1. */
function renderUpgrade(caPem: string, sslMode: DatabaseSslMode): Manifest[] {
  const text = execFileSync(
    HELM,
    ["template", "harbor-doks-dump", registryBackupRecording("1.18.2"), "--namespace", "harbor", "--is-upgrade"].concat(
      ["--values", "-"],
    ),
    { input: upgradeDumpValues(caPem, sslMode), encoding: "utf8", stdio: "pipe" },
  );
  return parseAllDocuments(text)
    .map((d) => d.toJS() as Manifest)
    .filter((d) => d !== null);
}

interface DumpRun {
  readonly status: number;
  readonly stderr: string;
  /** The files the init container left in its emptyDir (what the upload container would see). */
  readonly files: string[];
}

/**
 * Runs the hook Job's init container: `sh -c <files/dump.sh>` with its literal env (the CA mount path pointed at the
 * rendered ConfigMap's ca.crt, the host and port at the test server), and PGPASSWORD as the Secret would give it.
 */
async function runHookDump(
  options: { caPem?: string; sslMode?: DatabaseSslMode; host?: string; password?: string; port?: number } = {},
): Promise<DumpRun> {
  const objects = renderUpgrade(options.caPem ?? tls.caPem, options.sslMode ?? "verify-full");
  const job = objects.find((o) => o.kind === "Job") as Manifest;
  const container = job.spec.template.spec.initContainers[0] as Manifest;
  const configMap = objects.find((o) => o.metadata.name === "harbor-doks-dump-database-ca") as Manifest;
  const caDir = mkdtempSync(path.join(workDir, "ca-"));
  writeFileSync(path.join(caDir, "ca.crt"), configMap.data["ca.crt"]);
  const out = mkdtempSync(path.join(workDir, "work-"));
  const env: Record<string, string> = {};
  for (const entry of container.env as Manifest[]) {
    if (entry.value !== undefined) env[entry.name] = String(entry.value).replace(CA_MOUNT, caDir);
  }
  Object.assign(env, {
    DUMP_DIR: out,
    PGHOST: options.host ?? "127.0.0.1",
    PGPORT: String(options.port ?? server.port),
    PGPASSWORD: options.password ?? HARBOR_USER.password,
    PATH: `${bin}:${process.env.PATH ?? ""}`,
  });
  const [shell, flag, script] = container.command as string[];
  try {
    await run(shell, [flag, script], { env });
    return { status: 0, stderr: "", files: readdirSync(out) };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { status: failed.code ?? -1, stderr: failed.stderr ?? "", files: readdirSync(out) };
  }
}

describe("the dump before an upgrade into Harbor's bucket, run against PostgreSQL 17 with TLS", () => {
  test("version bump: dumps over verify-full into <db>-1.18.2-to-1.19.1-<UTC time>.dump, the upload's only file", async () => {
    const result = await runHookDump();
    expect(result).toMatchObject({ status: 0, files: [expect.any(String)] });
    const [file] = result.files;
    const stamp = new RegExp(`^${DATABASE}-1\\.18\\.2-to-1\\.19\\.1-(\\d{8}T\\d{6}Z)\\.dump$`).exec(file)?.[1];
    expect(stamp).toBeDefined();
    expect(`${DUMP_PREFIX}${file}`).toBe(upgradeDumpObjectKey(DATABASE, "1.18.2", "1.19.1", stamp as string));
  }, 30_000);

  test.each([
    ["a server whose certificate the CA did not sign", () => ({ caPem: tls.wrongCaPem }), /certificate verify failed/],
    [
      "a certificate that does not name the host (verify-full)",
      () => ({ host: "localhost" }),
      /does not match host name/,
    ],
    ["a wrong password", () => ({ password: "wrong" }), /password authentication failed/],
    ["no server listening", () => ({ port: 1 }), /Connection refused|could not connect/],
  ])(
    "fails on %s: non-zero exit, no dump for the upload",
    async (_, options, message) => {
      const result = await runHookDump(options());
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(message);
      // The upload copies only *.dump; a partial file, if any, is never one.
      expect(result.files.filter((f) => f.endsWith(".dump"))).toEqual([]);
    },
    30_000,
  );
});

describe("a failed dump means no upgrade of Harbor", () => {
  const json = (() => {
    const stack = new TerraformStack(Testing.app(), "s");
    new HarborOnDoks(stack, "Registry", {
      name: "prod",
      region: "fra1",
      hostname: "registry.example.com",
      clusterName: "prod-doks",
      bucketName: "prod-registry-blobs",
      chartVersion: "1.19.1",
    });
    return JSON.parse(Testing.synth(stack)) as Manifest;
  })();
  const releases = json.resource.helm_release as Record<string, Manifest>;
  const idOf = (name: string) => Object.keys(releases).find((id) => releases[id].name === name) as string;

  test("the script's exit fails the Job at once: an init container, restartPolicy Never, backoffLimit 0", () => {
    const job = renderUpgrade(tls.caPem, "verify-full").find((o) => o.kind === "Job") as Manifest;
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.template.spec.restartPolicy).toBe("Never");
    // The upload container starts only after the init container succeeded.
    expect(job.spec.template.spec.initContainers.map((c: Manifest) => c.name)).toEqual(["pg-dump"]);
    expect(job.metadata.annotations["helm.sh/hook"]).toBe("pre-upgrade");
  });

  test("the failed hook fails the dump release (atomic, waited for past the Job's deadline), and Harbor's release depends on it", () => {
    const dump = releases[idOf("harbor-doks-dump")];
    const values = parse(dump.values[0]) as Manifest;
    expect(dump).toMatchObject({ atomic: true, wait: true });
    expect(dump.timeout).toBeGreaterThan(values.dump.activeDeadlineSeconds);
    expect(releases[idOf("harbor")].depends_on).toContain(`helm_release.${idOf("harbor-doks-dump")}`);
  });
});
