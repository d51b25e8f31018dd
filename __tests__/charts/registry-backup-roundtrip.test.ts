// The backup's database half for real: the chart's files/dump.sh (the CronJob's script, verbatim) runs pg_dump 17 as
// Harbor's user against a PostgreSQL 17 server set up the way DigitalOcean sets one up (doadmin owns the databases,
// the grant Job's SQL lets harbor create in public), then the dump is restored with the runbook's pg_restore flags
// (PG_RESTORE_ARGS) into a second database, as harbor, and both are compared: schema objects, rows, sequences.
//
// pg_dump refuses servers of a newer major than its own, and Debian 12 ships only the 15 client: npm test's pretest
// runs __tests__/support/install-pg-client-17.sh, which unpacks Debian 13's PostgreSQL 17 client into .build/ (see
// there); elsewhere __tests__/support/tools.ts finds an installed one.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { Client } from "pg";
import { localChartPath } from "../../constructs/core/local-chart";
import { PG_RESTORE_ARGS } from "../../constructs/backup/off-region-backup";
import {
  DOADMIN,
  HARBOR_USER,
  PostgresServer,
  digitalOceanRoles,
  sharedPostgres,
  startedSetup,
} from "../support/postgres-server";
import { findPg17Bin, testWithTool, toolGate } from "../support/tools";

const run = promisify(execFile);
const CHART = localChartPath("registry-backup");
const DUMP_SCRIPT = readFileSync(path.join(CHART, "files", "dump.sh"), "utf8");
const GRANT_SQL = readFileSync(path.join(localChartPath("postgres-grant"), "files", "grant.sql"), "utf8");

/** pg_dump / pg_restore of major 17 (__tests__/support/tools.ts); without them these tests skip, or fail under CI. */
const pg17 = toolGate(findPg17Bin());
const test = testWithTool(pg17, "__tests__/charts/registry-backup-roundtrip.test.ts");

/**
 * A schema like the one Harbor's migrations create: serial and bigserial keys, a foreign key, unique constraints,
 * an index, jsonb, a view, a trigger function with its trigger, and Harbor's schema_migrations table.
 */
const HARBOR_LIKE_SCHEMA = `
  CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);
  CREATE FUNCTION update_update_time_at_column() RETURNS trigger AS $$
    BEGIN NEW.update_time = now(); RETURN NEW; END $$ LANGUAGE plpgsql;
  CREATE TABLE project (
    project_id SERIAL PRIMARY KEY, name varchar(255) NOT NULL UNIQUE, deleted boolean NOT NULL DEFAULT false,
    creation_time timestamp DEFAULT CURRENT_TIMESTAMP, update_time timestamp DEFAULT CURRENT_TIMESTAMP);
  CREATE TRIGGER project_update_time BEFORE UPDATE ON project
    FOR EACH ROW EXECUTE PROCEDURE update_update_time_at_column();
  CREATE TABLE artifact (
    id BIGSERIAL PRIMARY KEY, project_id int NOT NULL REFERENCES project (project_id),
    repository_name varchar(255) NOT NULL, digest varchar(255) NOT NULL, size bigint, extra_attrs jsonb,
    push_time timestamptz DEFAULT now(), UNIQUE (repository_name, digest));
  CREATE INDEX idx_artifact_push_time ON artifact (push_time);
  CREATE VIEW project_size AS SELECT project_id, sum(size) AS total FROM artifact GROUP BY project_id;`;

const HARBOR_LIKE_DATA = `
  INSERT INTO schema_migrations VALUES (170, false);
  INSERT INTO project (name) SELECT 'team-' || i FROM generate_series(1, 20) i;
  UPDATE project SET deleted = true WHERE project_id % 7 = 0;
  INSERT INTO artifact (project_id, repository_name, digest, size, extra_attrs)
    SELECT 1 + i % 20, 'team-' || (1 + i % 20) || '/app', 'sha256:' || md5(i::text), i * 1024,
           jsonb_build_object('layers', i % 5, 'os', 'linux')
      FROM generate_series(1, 500) i;
  DELETE FROM artifact WHERE id % 50 = 0;`;

let server: PostgresServer;
let bin: string;
let workDir: string;
let dumpFile: string;
let dumpLog: string;

function connect(database: string, who: { user: string; password: string }, options?: string): Client {
  return new Client({ host: server.host, port: server.port, database, ...who, options });
}

async function sql<T = Record<string, unknown>>(
  database: string,
  who: { user: string; password: string },
  text: string,
  options?: string,
): Promise<T[]> {
  const client = connect(database, who, options);
  await client.connect();
  try {
    const result = await client.query(text);
    const results = Array.isArray(result) ? result : [result];
    return results.flatMap((r) => r.rows ?? []) as T[];
  } finally {
    await client.end();
  }
}

/** libpq's environment for one database as harbor, the way the CronJob passes it (no command-line secrets). */
function libpqEnv(database: string): NodeJS.ProcessEnv {
  return {
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    PGHOST: server.host,
    PGPORT: String(server.port),
    PGDATABASE: database,
    PGUSER: HARBOR_USER.user,
    PGPASSWORD: HARBOR_USER.password,
    // Plain text here: postgres-tls.test.ts runs the same script with the CronJob's verified TLS settings.
    PGSSLMODE: "disable",
  };
}

/** Everything a restore must reproduce, from the catalogs and the tables, as comparable text. */
async function snapshot(database: string): Promise<Record<string, unknown>> {
  const q = (text: string) => sql(database, HARBOR_USER, text);
  return {
    columns: await q(`SELECT table_name, column_name, data_type, is_nullable, column_default
                        FROM information_schema.columns WHERE table_schema = 'public'
                       ORDER BY table_name, ordinal_position`),
    constraints: await q(`SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def
                            FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`),
    indexes: await q(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`),
    views: await q(`SELECT viewname, definition FROM pg_views WHERE schemaname = 'public' ORDER BY 1`),
    triggers: await q(`SELECT tgrelid::regclass::text AS tbl, tgname, pg_get_triggerdef(oid) AS def
                         FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`),
    functions: await q(`SELECT proname, pg_get_functiondef(oid) AS def FROM pg_proc
                         WHERE pronamespace = 'public'::regnamespace ORDER BY 1`),
    sequences: await q(`SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`),
    owners: await q(`SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class
                      WHERE relnamespace = 'public'::regnamespace`),
    rows: await q(`SELECT 'project' AS t, count(*)::int AS n, md5(string_agg(p::text, '|' ORDER BY project_id)) AS h
                     FROM project p
                   UNION ALL SELECT 'artifact', count(*)::int, md5(string_agg(a::text, '|' ORDER BY id)) FROM artifact a
                   UNION ALL SELECT 'schema_migrations', count(*)::int, md5(string_agg(m::text, '|'))
                     FROM schema_migrations m`),
  };
}

const postgres = sharedPostgres();

const setUp = startedSetup(async () => {
  if (!pg17.run) return;
  bin = pg17.path;
  workDir = mkdtempSync(path.join(tmpdir(), "harbor-doks-dump-"));
  server = await postgres.server;
  await digitalOceanRoles(server);
  // As DigitalOcean does: doadmin creates (and owns) the databases; the grant Job runs on each.
  for (const database of ["registry", "restored", "fresh"]) {
    await sql("postgres", DOADMIN, `CREATE DATABASE ${database}`);
    await sql(database, DOADMIN, GRANT_SQL, `-c harbor_doks.grantee=${HARBOR_USER.user}`);
  }
  await sql("registry", HARBOR_USER, HARBOR_LIKE_SCHEMA + HARBOR_LIKE_DATA);
  // The new instance's Harbor has started once before the restore: an empty schema of the same version.
  await sql("restored", HARBOR_USER, HARBOR_LIKE_SCHEMA + "INSERT INTO schema_migrations VALUES (170, false);");

  // The CronJob's init container: sh -c "<files/dump.sh>", as harbor.
  const { stdout } = await run("sh", ["-c", DUMP_SCRIPT], { env: { ...libpqEnv("registry"), DUMP_DIR: workDir } });
  dumpLog = stdout;
  const dumps = readdirSync(workDir);
  if (dumps.length !== 1) throw new Error(`the dump script wrote ${dumps.length} files, not one: ${dumps.join(", ")}`);
  dumpFile = path.join(workDir, dumps[0]);
});

beforeAll(() => setUp, 120_000);

afterAll(async () => {
  await postgres.release();
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
});

test("the client is PostgreSQL 17, like the server and the CronJob's image", async () => {
  const { stdout } = await run(path.join(bin, "pg_dump"), ["--version"]);
  expect(stdout).toMatch(/^pg_dump \(PostgreSQL\) 17\./);
  const [{ server_version_num }] = await sql<{ server_version_num: string }>(
    "registry",
    HARBOR_USER,
    "SHOW server_version_num",
  );
  expect(Number(server_version_num)).toBeGreaterThanOrEqual(170000);
});

test("the CronJob's script writes one custom-format dump named by its UTC start time, and no partial file", () => {
  const name = path.basename(dumpFile);
  expect(name).toMatch(/^registry-\d{8}T\d{6}Z\.dump$/);
  expect(readFileSync(dumpFile).subarray(0, 5).toString()).toBe("PGDMP"); // pg_dump's custom-format magic
  expect(dumpLog).toMatch(/^pg_dump: registry at \d{8}T\d{6}Z, \d+ bytes$/m);
});

test("the runbook's restore, as harbor, over a freshly started Harbor's schema, reproduces the database", async () => {
  await run(path.join(bin, "pg_restore"), [...PG_RESTORE_ARGS, "--dbname=restored", dumpFile], {
    env: libpqEnv("restored"),
  });
  const [source, restored] = [await snapshot("registry"), await snapshot("restored")];
  expect(restored).toEqual(source);
  expect(source.owners).toEqual([{ owner: "harbor" }]);
  expect(source.rows).toEqual([
    { t: "project", n: 20, h: expect.any(String) },
    { t: "artifact", n: 490, h: expect.any(String) },
    { t: "schema_migrations", n: 1, h: expect.any(String) },
  ]);
  // New ids continue after the restored ones: the sequences came along.
  const [{ id }] = await sql<{ id: string }>(
    "restored",
    HARBOR_USER,
    "INSERT INTO artifact (project_id, repository_name, digest) VALUES (1, 'team-1/app', 'sha256:new') RETURNING id",
  );
  expect(Number(id)).toBe(501);
});

test("the same restore works into an empty database", async () => {
  await run(path.join(bin, "pg_restore"), [...PG_RESTORE_ARGS, "--dbname=fresh", dumpFile], {
    env: libpqEnv("fresh"),
  });
  const [source, fresh] = [await snapshot("registry"), await snapshot("fresh")];
  expect(fresh).toEqual(source);
});
