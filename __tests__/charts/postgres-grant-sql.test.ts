// The grant Job's SQL against a real PostgreSQL 17, set up the way DigitalOcean sets up a managed cluster: doadmin
// is a login role with CREATEDB, CREATEROLE and REPLICATION but not a superuser, it owns the databases, and the
// application user is a plain login role. The SQL is read from the chart, the file the Job runs (one source).
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Client, ClientConfig } from "pg";
import { localChartPath } from "../../constructs/core/local-chart";
import {
  DOADMIN,
  HARBOR_USER,
  PostgresServer,
  digitalOceanRoles,
  sharedPostgres,
  startedSetup,
} from "../support/postgres-server";

const CHART = localChartPath("postgres-grant");
const GRANT_SQL = readFileSync(path.join(CHART, "files", "grant.sql"), "utf8");

let server: PostgresServer;

function connect(database: string, who: { user: string; password: string }, extra: ClientConfig = {}): Client {
  return new Client({ host: server.host, port: server.port, database, ...who, ...extra });
}

async function withClient<T>(client: Client, work: (client: Client) => Promise<T>): Promise<T> {
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs the chart's SQL as doadmin, with the user passed as the Job passes it (PGOPTIONS = libpq `options`). */
function runGrant(database: string, grantee = HARBOR_USER.user): Promise<unknown> {
  return withClient(connect(database, DOADMIN, { options: `-c harbor_doks.grantee=${grantee}` }), (c) =>
    c.query(GRANT_SQL),
  );
}

function asSuperuser<T>(database: string, work: (client: Client) => Promise<T>): Promise<T> {
  return withClient(connect(database, { user: server.user, password: server.password }), work);
}

/** Creates and drops a table as the application user; resolves only if the user may create in public. */
function appCreatesTable(database: string): Promise<unknown> {
  return withClient(connect(database, HARBOR_USER), async (c) => {
    await c.query("CREATE TABLE public.grant_probe (id integer)");
    await c.query("DROP TABLE public.grant_probe");
  });
}

/** Everything the grant can change: the database's ACL and schema public's ACL and owner. */
function privileges(database: string): Promise<unknown> {
  return asSuperuser(database, async (c) => {
    const { rows } = await c.query(
      `SELECT d.datacl::text AS database_acl, n.nspacl::text AS schema_acl, pg_get_userbyid(n.nspowner) AS schema_owner
         FROM pg_database d, pg_namespace n WHERE d.datname = current_database() AND n.nspname = 'public'`,
    );
    return rows[0];
  });
}

const postgres = sharedPostgres();

const setUp = startedSetup(async () => {
  server = await postgres.server;
  await digitalOceanRoles(server);
  await asSuperuser("postgres", (c) => c.query("CREATE ROLE squatter NOLOGIN"));
  // Databases created the way DigitalOcean's API does: by doadmin, so doadmin owns them.
  await withClient(connect("postgres", DOADMIN), async (c) => {
    await c.query("CREATE DATABASE grant_registry");
    await c.query("CREATE DATABASE foreign_schema");
  });
  // A schema public that doadmin does not own (e.g. reassigned by hand): doadmin cannot grant on it.
  await asSuperuser("foreign_schema", (c) => c.query("ALTER SCHEMA public OWNER TO squatter"));
});

beforeAll(() => setUp, 60_000);

afterAll(() => postgres.release());

test("the chart's Job runs this file, verbatim", () => {
  const job = readFileSync(path.join(CHART, "templates", "job.yaml"), "utf8");
  expect(job).toContain('(.Files.Get "files/grant.sql") | quote');
});

test("the model is DigitalOcean's: doadmin owns registry but is no superuser", async () => {
  const roles = await asSuperuser("grant_registry", async (c) => {
    const { rows } = await c.query(
      `SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolcanlogin FROM pg_roles
        WHERE rolname IN ('doadmin', 'harbor') ORDER BY rolname`,
    );
    const owner = await c.query(
      "SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = 'grant_registry'",
    );
    return { rows, owner: owner.rows[0].owner, version: (await c.query("SHOW server_version_num")).rows[0] };
  });
  expect(roles.owner).toBe("doadmin");
  expect(Number(roles.version.server_version_num)).toBeGreaterThanOrEqual(170000);
  expect(roles.rows).toEqual([
    {
      rolname: "doadmin",
      rolsuper: false,
      rolcreatedb: true,
      rolcreaterole: true,
      rolreplication: true,
      rolcanlogin: true,
    },
    {
      rolname: "harbor",
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolreplication: false,
      rolcanlogin: true,
    },
  ]);
});

describe("on a database doadmin owns", () => {
  test("before the grant, harbor cannot create a table in public", async () => {
    await expect(appCreatesTable("grant_registry")).rejects.toThrow(/permission denied for schema public/);
  });

  test("after the grant, harbor can", async () => {
    await expect(runGrant("grant_registry")).resolves.toBeDefined();
    await expect(appCreatesTable("grant_registry")).resolves.toBeUndefined();
  });

  test("a second run succeeds and changes nothing", async () => {
    const before = await privileges("grant_registry");
    await expect(runGrant("grant_registry")).resolves.toBeDefined();
    expect(await privileges("grant_registry")).toEqual(before);
    await expect(appCreatesTable("grant_registry")).resolves.toBeUndefined();
  });
});

test("when schema public is owned by another role, the SQL fails naming database and user, and grants nothing", async () => {
  const before = await privileges("foreign_schema");
  const failure = runGrant("foreign_schema");
  await expect(failure).rejects.toThrow(
    'user "harbor" cannot create tables in schema public of database "foreign_schema"',
  );
  await expect(failure).rejects.toMatchObject({ detail: expect.stringContaining("owned by squatter") });
  expect(await privileges("foreign_schema")).toEqual(before);
  await expect(appCreatesTable("foreign_schema")).rejects.toThrow(/permission denied for schema public/);
});

test("without a user to grant, the SQL fails and says how to pass one", async () => {
  await expect(withClient(connect("grant_registry", DOADMIN), (c) => c.query(GRANT_SQL))).rejects.toThrow(
    /no user to grant on database "grant_registry": set harbor_doks\.grantee/,
  );
});
