/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized JSON */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { HARBOR_PING_SCRIPT, HarborApiReady } from "../../../../constructs/harbor/provider/api-ready";
import { HarborProject } from "../../../../constructs/harbor/provider/project";

/**
 * The wait's shell script, run for real with sh and curl against servers on 127.0.0.1 only, the way the
 * local-exec provisioner runs it: `/bin/sh -c <script>` with the inputs in the environment.
 */
interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runScript(url: string, waitSeconds: number, extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      "/bin/sh",
      ["-c", HARBOR_PING_SCRIPT],
      {
        timeout: 10_000,
        // A clean environment: no proxy settings of the machine running the tests.
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          NO_PROXY: "*",
          HARBOR_PING_URL: url,
          HARBOR_WAIT_SECONDS: String(waitSeconds),
          HARBOR_WAIT_INTERVAL: "0.05",
          HARBOR_NAMESPACE: "harbor-test",
          ...extraEnv,
        },
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

async function withHttpServer<T>(handler: Handler, test: (base: string) => Promise<T>): Promise<T> {
  const server = createHttpServer(handler);
  const port = await listen(server);
  try {
    return await test(`http://127.0.0.1:${port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const pong: Handler = (req, res) => {
  res.writeHead(req.url === "/api/v2.0/ping" ? 200 : 404, { "content-type": "text/plain" });
  res.end(req.url === "/api/v2.0/ping" ? "Pong" : "not found");
};

describe("HARBOR_PING_SCRIPT (run with sh and curl)", () => {
  it("fails after the deadline with what it tried, the last error and where to look", async () => {
    // A port that was free a moment ago: nothing listens there.
    const server = createHttpServer();
    const port = await listen(server);
    await new Promise((resolve) => server.close(resolve));
    const url = `https://127.0.0.1:${port}/api/v2.0/ping`;

    const run = await runScript(url, 0);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `Harbor's API did not answer at ${url} within 0 s (1 attempts, TLS certificate verified).`,
    );
    expect(run.stderr).toMatch(/Last result: curl: \(7\)/);
    expect(run.stderr).toContain("dig +short 127.0.0.1");
    expect(run.stderr).toContain("kubectl -n harbor-test get certificate,certificaterequest,order,challenge");
    expect(run.stderr).toContain("Fix the cause and deploy this stack again");
  });

  it("succeeds on HTTP 200 with the body Pong", async () => {
    const run = await withHttpServer(pong, (base) => runScript(`${base}/api/v2.0/ping`, 0));
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(
      /^Harbor's API answers at http:\/\/127\.0\.0\.1:\d+\/api\/v2\.0\/ping \(attempt 1\)\.\n$/,
    );
  });

  it("does not accept a 200 that is not Harbor's Pong (e.g. a default backend)", async () => {
    const other: Handler = (_req, res) => res.end("Welcome to nginx!");
    const run = await withHttpServer(other, (base) => runScript(`${base}/api/v2.0/ping`, 0));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Last result: HTTP 2xx, but not Harbor\'s "Pong": Welcome to nginx!');
  });

  it("does not accept an error status, and retries until Pong", async () => {
    let calls = 0;
    const flaky: Handler = (req, res) => {
      calls += 1;
      if (calls < 3) {
        res.writeHead(503);
        res.end("Pong"); // the body of an error status must not count
        return;
      }
      pong(req, res);
    };
    const run = await withHttpServer(flaky, (base) => runScript(`${base}/api/v2.0/ping`, 5));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("(attempt 3)");
    expect(calls).toBe(3);

    const failing: Handler = (_req, res) => {
      res.writeHead(503);
      res.end("Pong");
    };
    const failed = await withHttpServer(failing, (base) => runScript(`${base}/api/v2.0/ping`, 0));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Last result: curl: \(22\).*503/);
  });

  describe("over HTTPS", () => {
    let dir: string;
    let cert: string;
    let base: string;
    let server: Server;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "harbor-ping-"));
      // A throwaway self-signed certificate for 127.0.0.1 (openssl, like curl, is needed on the test machine).
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:prime256v1",
          "-nodes",
          "-keyout",
          join(dir, "key.pem"),
          "-out",
          join(dir, "cert.pem"),
          "-days",
          "1",
          "-subj",
          "/CN=127.0.0.1",
          "-addext",
          "subjectAltName=IP:127.0.0.1",
        ],
        { stdio: "ignore" },
      );
      cert = join(dir, "cert.pem");
      server = createHttpsServer(
        { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(cert) },
        pong,
      ) as unknown as Server;
      base = `https://127.0.0.1:${await listen(server)}`;
    });

    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    });

    it("refuses a certificate it cannot verify (no -k), even when Harbor answers Pong", async () => {
      const run = await runScript(`${base}/api/v2.0/ping`, 0);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/Last result: curl: \(60\) SSL certificate problem/);
    });

    it("succeeds once the certificate is trusted", async () => {
      const run = await runScript(`${base}/api/v2.0/ping`, 0, { CURL_CA_BUNDLE: cert });
      expect(run).toMatchObject({ code: 0, stderr: "" });
    });
  });
});

describe("HarborApiReady", () => {
  const stack = () => new TerraformStack(Testing.app(), "s");

  it.each([
    [
      "an uppercase host",
      { hostname: "Registry.example.com" },
      /hostname must be a lowercase fully qualified domain name, got "Registry.example.com"/,
    ],
    ["shell syntax", { hostname: "a.example.com;reboot" }, /hostname must be a lowercase fully qualified domain name/],
    ["a URL", { hostname: "https://a.example.com" }, /hostname must be a lowercase fully qualified domain name/],
    [
      "a zero timeout",
      { hostname: "a.example.com", timeoutMinutes: 0 },
      /timeoutMinutes must be a whole number from 1 to 60, got 0/,
    ],
    [
      "a fractional interval",
      { hostname: "a.example.com", intervalSeconds: 2.5 },
      /intervalSeconds must be a whole number from 1 to 300, got 2.5/,
    ],
  ])("rejects %s, naming the construct", (_name, props, message) => {
    expect(() => new HarborApiReady(stack(), "Ready", props)).toThrow(message);
    expect(() => new HarborApiReady(stack(), "Ready", props)).toThrow(/^[^:]*\/Ready: /);
  });

  it("re-runs on extra triggers and never at destroy", () => {
    const s = stack();
    const ready = new HarborApiReady(s, "Ready", {
      hostname: "a.example.com",
      timeoutMinutes: 5,
      intervalSeconds: 3,
      namespace: "registry",
      triggers: { harborRevision: "7" },
    });
    new HarborProject(s, "Project", { name: "p", dependsOn: [ready] });
    const json = JSON.parse(Testing.synth(s));
    const [[id, resource]] = Object.entries(json.resource.terraform_data) as [string, Record<string, any>][];
    // The construct itself is a dependable: it stands for its terraform_data.
    expect(json.resource.harbor_project.Project.depends_on).toEqual([`terraform_data.${id}`]);
    expect(resource.triggers_replace).toEqual({ url: "https://a.example.com/api/v2.0/ping", harborRevision: "7" });
    const [{ "local-exec": exec }] = resource.provisioner;
    expect(exec.environment).toEqual({
      HARBOR_PING_URL: "https://a.example.com/api/v2.0/ping",
      HARBOR_WAIT_SECONDS: "300",
      HARBOR_WAIT_INTERVAL: "3",
      HARBOR_NAMESPACE: "registry",
    });
    // A creation-time provisioner only: destroy runs nothing.
    expect(exec).not.toHaveProperty("when");
    expect(resource.provisioner).toHaveLength(1);
  });
});
