// The grant Job and the database dump verify the server's certificate, for real: the shared PostgreSQL 17 serves TLS
// with a certificate from a CA made for this run (support/postgres-server.ts). Each chart is rendered by helm with
// that CA in its values, exactly as the constructs pass DigitalOcean's (base64 of the PEM); the CA file the pod would
// mount is the rendered ConfigMap's `ca.crt`, and psql / the dump script run with the container's own environment
// and command. A wrong CA must fail, and so must verify-full against a certificate that does not name the host.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { localChartPath } from "../../constructs/core/local-chart";
import { POSTGRES_GRANT_IMAGE } from "../../constructs/harbor/postgres-schema-grant";
import { BACKUP_POSTGRES_IMAGE, RCLONE_IMAGE } from "../../constructs/backup/off-region-backup";
import { Manifest, helmTemplate } from "../support/charts";
import {
  DOADMIN,
  HARBOR_USER,
  PostgresServer,
  TestTls,
  digitalOceanRoles,
  sharedPostgres,
  startedSetup,
} from "../support/postgres-server";
import { findHelm, findPg17Bin, testWithTool, toolGate } from "../support/tools";

const run = promisify(execFile);
/** Where both charts mount the CA ConfigMap. */
const CA_MOUNT = "/etc/harbor-doks/database-ca";

let server: PostgresServer;
let tls: TestTls;
let bin: string;
let workDir: string;
const postgres = sharedPostgres();
// psql and pg_dump of PostgreSQL 17 and helm (__tests__/support/tools.ts): without them these tests skip, or fail
// under CI.
const pg17 = toolGate(findPg17Bin());
const helm = toolGate(findHelm());
const test = testWithTool(pg17.run ? helm : pg17, "__tests__/charts/postgres-tls.test.ts");

const setUp = startedSetup(async () => {
  if (!pg17.run || !helm.run) return;
  server = await postgres.server;
  if (server.tls === undefined) throw new Error("the shared PostgreSQL server was started without TLS");
  tls = server.tls;
  bin = pg17.path;
  workDir = mkdtempSync(path.join(tmpdir(), "harbor-doks-pg-tls-test-"));
  await digitalOceanRoles(server);
  const superuser = ["-h", server.host, "-p", String(server.port), "-U", server.user, "-d", "postgres", "-c"];
  const env = { PGPASSWORD: server.password, PGSSLMODE: "disable" };
  await run(path.join(bin, "psql"), [...superuser, `CREATE DATABASE tls_registry OWNER ${DOADMIN.user}`], { env });
});

beforeAll(() => setUp, 60_000);

afterAll(async () => {
  await postgres.release();
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
});

const b64 = (pem: string) => Buffer.from(pem).toString("base64");

/** The CA file a pod would see: the rendered ConfigMap's ca.crt, written where the test can point libpq at it. */
function mountCa(objects: Manifest[], name: string): string {
  const configMap = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === name) as Manifest;
  const dir = mkdtempSync(path.join(workDir, "ca-"));
  writeFileSync(path.join(dir, "ca.crt"), configMap.data["ca.crt"]);
  return dir;
}

/** A container's literal env, with the CA mount path rewritten to the test's folder and the host to the test server. */
function containerEnv(container: Manifest, caDir: string, host: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of container.env as Manifest[]) {
    if (entry.value !== undefined) env[entry.name] = String(entry.value).replace(CA_MOUNT, caDir);
  }
  return { ...env, PGHOST: host, PGPORT: String(server.port), PATH: `${bin}:${process.env.PATH ?? ""}` };
}

function renderGrant(caPem: string, sslMode: string): { objects: Manifest[]; container: Manifest } {
  const objects = helmTemplate(
    localChartPath("postgres-grant"),
    stringify({
      image: POSTGRES_GRANT_IMAGE,
      host: "private-db.example",
      port: "25060",
      database: "tls_registry",
      grantee: HARBOR_USER.user,
      databaseIdentity: "test",
      credentialsSecret: "grant",
      activeDeadlineSeconds: 540,
      connectTimeoutSeconds: 5,
      caCertificateBase64: b64(caPem),
      sslMode,
    }),
    { release: "grant", namespace: "harbor-db-grant" },
  );
  const job = objects.find((o) => o.kind === "Job") as Manifest;
  return { objects, container: job.spec.template.spec.containers[0] };
}

/** Runs the grant Job's container command (psql with the chart's SQL) with its env, as doadmin. */
async function runGrantJob(caPem: string, sslMode: string, host = "127.0.0.1") {
  const { objects, container } = renderGrant(caPem, sslMode);
  const env = {
    ...containerEnv(container, mountCa(objects, "grant-database-ca"), host),
    PGUSER: DOADMIN.user,
    PGPASSWORD: DOADMIN.password,
  };
  const [command, ...args] = container.command as string[];
  return run(path.join(bin, command), args, { env });
}

/** Whether a connection with the grant Job's TLS settings is encrypted, as the server sees it. */
async function sslSeenByServer(caPem: string, sslMode: string): Promise<string> {
  const { objects, container } = renderGrant(caPem, sslMode);
  const env: Record<string, string> = {
    ...containerEnv(container, mountCa(objects, "grant-database-ca"), "127.0.0.1"),
    PGUSER: DOADMIN.user,
    PGPASSWORD: DOADMIN.password,
  };
  delete env.PGOPTIONS;
  const { stdout } = await run(
    path.join(bin, "psql"),
    ["--no-psqlrc", "-At", "-c", "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"],
    { env },
  );
  return stdout.trim();
}

describe("the grant Job verifies the database server (PostgreSQL 17 with TLS)", () => {
  test("renders verify-full/verify-ca with the CA from its ConfigMap", () => {
    const { container } = renderGrant(tls.caPem, "verify-full");
    const env = Object.fromEntries((container.env as Manifest[]).map((e) => [e.name, e.value]));
    expect(env.PGSSLMODE).toBe("verify-full");
    expect(env.PGSSLROOTCERT).toBe(`${CA_MOUNT}/ca.crt`);
  });

  test("runs the grant over a verified TLS connection with the right CA (verify-full, host named by the certificate)", async () => {
    await expect(runGrantJob(tls.caPem, "verify-full")).resolves.toBeDefined();
    expect(await sslSeenByServer(tls.caPem, "verify-full")).toBe("t");
  }, 30_000);

  test("refuses a server whose certificate the given CA did not sign", async () => {
    await expect(runGrantJob(tls.wrongCaPem, "verify-ca")).rejects.toThrow(/certificate verify failed/);
    await expect(runGrantJob(tls.wrongCaPem, "verify-full")).rejects.toThrow(/certificate verify failed/);
  }, 30_000);

  test("verify-full also refuses a certificate that does not name the host; verify-ca (the default) accepts it", async () => {
    // `localhost` reaches the same server, but its certificate names only 127.0.0.1: DigitalOcean's case if the
    // certificate named only the public host while we connect to the private one.
    await expect(runGrantJob(tls.caPem, "verify-full", "localhost")).rejects.toThrow(/does not match host name/);
    await expect(runGrantJob(tls.caPem, "verify-ca", "localhost")).resolves.toBeDefined();
  }, 30_000);
});

describe("the database dump verifies the database server (PostgreSQL 17 with TLS)", () => {
  function renderDump(caPem: string, sslMode: string): { objects: Manifest[]; container: Manifest; script: string } {
    const objects = helmTemplate(
      localChartPath("registry-backup"),
      stringify({
        schedule: "30 2 * * *",
        rcloneImage: RCLONE_IMAGE,
        postgresImage: BACKUP_POSTGRES_IMAGE,
        credentialsSecret: "backup",
        primary: { bucket: "primary", endpoint: "fra1.digitaloceanspaces.com", path: "harbor" },
        backup: { bucket: "backup", endpoint: "ams3.digitaloceanspaces.com" },
        database: {
          host: "private-db.example",
          port: "25060",
          name: "tls_registry",
          user: HARBOR_USER.user,
          caCertificateBase64: b64(caPem),
          sslMode,
        },
      }),
      { release: "backup", namespace: "harbor-backup" },
    );
    const cron = objects.find((o) => o.kind === "CronJob" && o.metadata.name === "backup-database") as Manifest;
    const container = cron.spec.jobTemplate.spec.template.spec.initContainers[0] as Manifest;
    return { objects, container, script: container.command[2] as string };
  }

  async function runDump(caPem: string, sslMode: string) {
    const { objects, container, script } = renderDump(caPem, sslMode);
    const out = mkdtempSync(path.join(workDir, "dump-"));
    const env = {
      ...containerEnv(container, mountCa(objects, "backup-database-ca"), "127.0.0.1"),
      DUMP_DIR: out,
      PGPASSWORD: HARBOR_USER.password,
    };
    await run("sh", ["-c", script], { env });
    return readdirSync(out);
  }

  test("dumps over a verified connection with the right CA", async () => {
    const { container } = renderDump(tls.caPem, "verify-full");
    const env = Object.fromEntries((container.env as Manifest[]).map((e) => [e.name, e.value]));
    expect([env.PGSSLMODE, env.PGSSLROOTCERT]).toEqual(["verify-full", `${CA_MOUNT}/ca.crt`]);
    expect(await runDump(tls.caPem, "verify-full")).toEqual([
      expect.stringMatching(/^tls_registry-\d{8}T\d{6}Z\.dump$/),
    ]);
  }, 30_000);

  test("refuses a server whose certificate the given CA did not sign, and writes nothing", async () => {
    await expect(runDump(tls.wrongCaPem, "verify-ca")).rejects.toThrow(/certificate verify failed/);
  }, 30_000);
});
