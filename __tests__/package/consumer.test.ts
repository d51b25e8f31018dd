// The package as a consumer gets it: `npm pack`, a fresh project outside the repository that installs the tarball and
// the peer dependencies from the local npm cache (no network), the examples of docs/library.md and of the README's
// library section compiled with strict TypeScript and synthesized. Run by `.ci/run` and `npm run test:package`
// (jest.package.config.js), not by `npm test`: packing and installing take about a minute.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import * as path from "node:path";
import { codeBlocks, sectionOf } from "./markdown";

const ROOT = path.resolve(__dirname, "..", "..");
const PKG = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
const README_SECTION = "Using the constructs in your own stacks";
const WHOLE_REGISTRY = "A whole registry in your own stack";

/** What running one example must produce: per stack, resource types (`data.` for data sources) it contains. */
interface Expectation {
  /** Absent: the example synthesizes nothing. */
  readonly stacks?: Readonly<Record<string, readonly string[]>>;
  /** A line the example prints on stderr. */
  readonly stderr?: RegExp;
}

const HELM_AND_KUBERNETES = ["helm_release", "kubernetes_namespace_v1", "kubernetes_secret_v1"];
const DATABASE = ["digitalocean_database_cluster", "digitalocean_database_firewall"];
const BUCKET = ["digitalocean_spaces_bucket", "digitalocean_spaces_key", "terraform_data"];

/** One entry per example, by the heading it sits under: a new example needs an entry here. */
const EXPECTED: Readonly<Record<string, Expectation>> = {
  Errors: { stderr: /^errors\/Cache: nodeCount must be 1 to 2 .*, got 3$/m },
  ExistingDoksCluster: { stacks: { cluster: ["data.digitalocean_kubernetes_cluster"] } },
  ManagedPostgres: {
    stacks: { "gitea-db": [...DATABASE, "digitalocean_database_db", "digitalocean_database_user"] },
  },
  ManagedValkey: { stacks: { cache: DATABASE } },
  RegistryBucket: { stacks: { bucket: BUCKET } },
  Harbor: {
    stacks: {
      harbor: [
        "data.digitalocean_kubernetes_cluster",
        ...DATABASE,
        ...BUCKET,
        ...HELM_AND_KUBERNETES,
        "random_password",
        "tls_private_key",
        "tls_self_signed_cert",
      ],
    },
  },
  PostgresSchemaGrant: { stacks: { "gitea-grant": [...HELM_AND_KUBERNETES, ...DATABASE] } },
  "ExistingPostgres, ExistingValkey and ExistingNamespace": {
    stacks: {
      shared: [
        "data.digitalocean_database_cluster",
        "digitalocean_database_db",
        "digitalocean_database_user",
        "data.digitalocean_database_ca",
        "data.kubernetes_namespace_v1",
      ],
    },
  },
  HarborInternalTls: {
    stacks: {
      "internal-tls": ["tls_private_key", "tls_self_signed_cert", "tls_locally_signed_cert", "kubernetes_secret_v1"],
    },
  },
  TraefikIngress: { stacks: { platform: ["data.digitalocean_vpc", "helm_release", "kubernetes_namespace_v1"] } },
  PlatformPolicies: { stacks: { policies: ["helm_release"] } },
  OffRegionBackup: { stacks: { backup: [...BUCKET, ...HELM_AND_KUBERNETES] } },
  UpgradeDump: {
    stacks: {
      dump: ["data.digitalocean_kubernetes_cluster", ...DATABASE, ...BUCKET, ...HELM_AND_KUBERNETES],
    },
  },
  ProxyCache: { stacks: { "harbor-config": ["harbor_registry", "harbor_project", "terraform_data"] } },
  HarborTeamProject: {
    stacks: {
      "team-payments": [
        "harbor_project",
        "harbor_immutable_tag_rule",
        "harbor_retention_policy",
        "harbor_project_member_group",
        "harbor_robot_account",
        "kubernetes_secret_v1",
      ],
    },
  },
  "ReplicationTargetRobot and InstanceReplication": {
    stacks: { "ams-config": ["harbor_robot_account"], "fra-replication": ["harbor_registry", "harbor_replication"] },
  },
  HarborDay2: {
    stacks: {
      "harbor-day2": [
        "harbor_registry",
        "harbor_project",
        "harbor_config_auth",
        "harbor_garbage_collection",
        "harbor_interrogation_services",
        "harbor_config_system",
        "harbor_project_member_group",
        "harbor_robot_account",
        "terraform_data",
      ],
    },
  },
  "The goharbor/harbor bindings and HarborApiReady": {
    stacks: { "harbor-housekeeping": ["harbor_garbage_collection", "harbor_project", "terraform_data"] },
  },
  [WHOLE_REGISTRY]: {
    stacks: {
      registry: [
        "data.digitalocean_kubernetes_cluster",
        "data.digitalocean_loadbalancer",
        ...DATABASE,
        ...BUCKET,
        ...HELM_AND_KUBERNETES,
      ],
    },
  },
  [README_SECTION]: {
    stacks: { gitea: ["data.digitalocean_kubernetes_cluster", ...DATABASE, ...BUCKET] },
  },
};

/** The library's peer packages: none of them may be installed a second time inside the package. */
const SHARED_PACKAGES = Object.keys(PKG.peerDependencies);

interface Example {
  readonly file: string;
  readonly heading: string;
  readonly code: string;
}

function examples(): Example[] {
  const docs = codeBlocks(readFileSync(path.join(ROOT, "docs", "library.md"), "utf8"), "ts").map((block) => ({
    file: "docs/library.md",
    ...block,
  }));
  const readme = sectionOf(readFileSync(path.join(ROOT, "README.md"), "utf8"), README_SECTION);
  if (readme === undefined) throw new Error(`README.md has no section "## ${README_SECTION}"`);
  const readmeBlocks = codeBlocks(readme, "ts").map((block) => ({ file: "README.md", ...block }));
  return [...docs, ...readmeBlocks];
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

type LockEntry = Record<string, unknown>;

/**
 * The consumer's lockfile before it adds this package: cdktf, constructs, the providers and this package's runtime
 * dependencies as this repository locks them (a project that already uses them). npm then resolves only the tarball
 * and checks its peer ranges against these, offline: a range the installed versions did not satisfy would fail the
 * install, and a runtime dependency on one of them would be nested under the package (the test below looks for it).
 */
function consumerLock(rootDependencies: Record<string, string>, packages: readonly string[]): object {
  const repoLock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const entries: Record<string, LockEntry> = {
    "": { name: "consumer", version: "0.0.0", dependencies: rootDependencies },
  };
  // The packages, their bundled dependencies (nested) and their dependencies (hoisted), transitively.
  const queue = [...packages];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    for (const [key, entry] of Object.entries(repoLock.packages)) {
      if (key !== `node_modules/${name}` && !key.startsWith(`node_modules/${name}/node_modules/`)) continue;
      if (key in entries) continue;
      // This repository installs them as devDependencies; for the consumer they are dependencies.
      const copy = { ...entry };
      for (const flag of ["dev", "devOptional", "peer"]) delete copy[flag];
      entries[key] = copy;
      if (key === `node_modules/${name}`) {
        const bundled = new Set((entry.bundleDependencies as string[] | undefined) ?? []);
        queue.push(
          ...Object.keys((entry.dependencies as Record<string, string> | undefined) ?? {}).filter(
            (d) => !bundled.has(d),
          ),
        );
      }
    }
  }
  return { name: "consumer", version: "0.0.0", lockfileVersion: 3, requires: true, packages: entries };
}

/** The environment without the parent `npm run`'s settings, so the consumer's npm sees only its own project. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) || /^npm_config_(cache|userconfig)$/i.test(key)) env[key] = value;
  }
  return env;
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, env: cleanEnv(), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} (in ${cwd}) exited ${result.status}:\n${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
}

/** `skipLibCheck: false` for the examples: the package's declarations must compile in a strict consumer too. */
function tsconfig(include: string, skipLibCheck = false): string {
  return JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      module: "commonjs",
      moduleResolution: "node",
      lib: ["ES2022"],
      strict: true,
      types: ["node"],
      skipLibCheck,
      outDir: "build",
      rootDir: include,
    },
    include: [include],
  });
}

/** `version` satisfies the caret range `range` (`^1.2.3`: same major, or same minor below 1.0.0; not older). */
function satisfiesCaret(version: string, range: string): boolean {
  const parse = (text: string) => text.split(".").map(Number);
  const match = /^\^(\d+\.\d+\.\d+)$/.exec(range);
  if (match === null) throw new Error(`expected a caret range such as ^1.2.3, got "${range}"`);
  const [low, have] = [parse(match[1]), parse(version)];
  const fixed = low[0] > 0 ? 1 : 2;
  if (low.slice(0, fixed).some((part, index) => part !== have[index])) return false;
  for (let index = 0; index < 3; index++) if (have[index] !== low[index]) return have[index] > low[index];
  return true;
}

/** Every resource (and `data.`) type of a synthesized stack. */
function resourceTypes(stackJson: { resource?: object; data?: object }): string[] {
  return [...Object.keys(stackJson.resource ?? {}), ...Object.keys(stackJson.data ?? {}).map((t) => `data.${t}`)];
}

describe("the packed library in a fresh consumer project", () => {
  const work = mkdtempSync(path.join(tmpdir(), "harbor-doks-consumer-"));
  const consumer = path.join(work, "consumer");
  const all = examples();
  const compiled = new Map<Example, string>();

  beforeAll(() => {
    // `npm run test:package` has built dist/; pack without running prepare (scripts/prepare.js) a second time.
    if (!existsSync(path.join(ROOT, "dist", "constructs", "index.js"))) run("npm", ["run", "build"], ROOT);
    run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", work], ROOT);
    const tarball = path.join(work, `${PKG.name}-${PKG.version}.tgz`);

    mkdirSync(path.join(consumer, "src"), { recursive: true });
    // A project that already uses cdktf, constructs and the providers, at this repository's locked versions (`npm ci`
    // here put their tarballs in the npm cache) ...
    const installed: Record<string, string> = {};
    for (const name of [...SHARED_PACKAGES, "@types/node"]) installed[name] = PKG.devDependencies[name];
    writeFileSync(
      path.join(consumer, "package.json"),
      JSON.stringify({ name: "consumer", version: "0.0.0", private: true, dependencies: installed }, null, 2),
    );
    const locked = [...Object.keys(installed), ...Object.keys(PKG.dependencies)];
    writeFileSync(path.join(consumer, "package-lock.json"), JSON.stringify(consumerLock(installed, locked), null, 2));
    run("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], consumer);
    // ... adds the tarball. `--legacy-peer-deps`: npm would fetch the registry's metadata of each peer to check its
    // range, which no install caches; the ranges are checked against the installed versions below instead.
    run(
      "npm",
      ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--legacy-peer-deps", tarball],
      consumer,
    );

    all.forEach((example, index) => {
      const name = `${String(index + 1).padStart(2, "0")}-${slug(example.heading)}`;
      writeFileSync(path.join(consumer, "src", `${name}.ts`), example.code);
      compiled.set(example, path.join(consumer, "build", `${name}.js`));
    });
    writeFileSync(path.join(consumer, "tsconfig.json"), tsconfig("src"));
    run(process.execPath, [TSC, "-p", "tsconfig.json"], consumer);
  }, 240_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("installs one copy of cdktf, constructs and each provider package: the consumer's", () => {
    const own = path.join(consumer, "node_modules", PKG.name);
    expect(existsSync(path.join(own, "package.json"))).toBe(true);
    const nested = path.join(own, "node_modules");
    const duplicates = existsSync(nested) ? SHARED_PACKAGES.filter((name) => existsSync(path.join(nested, name))) : [];
    expect(duplicates).toEqual([]);
    for (const name of SHARED_PACKAGES) {
      const resolved = require.resolve(`${name}/package.json`, { paths: [own] });
      expect(resolved).toBe(path.join(consumer, "node_modules", name, "package.json"));
    }
  });

  it("satisfies the package's peer ranges with the consumer's versions", () => {
    const own = JSON.parse(readFileSync(path.join(consumer, "node_modules", PKG.name, "package.json"), "utf8"));
    for (const [name, range] of Object.entries(own.peerDependencies as Record<string, string>)) {
      const version = JSON.parse(
        readFileSync(path.join(consumer, "node_modules", name, "package.json"), "utf8"),
      ).version;
      expect({ name, range, satisfied: satisfiesCaret(version, range) }).toEqual({ name, range, satisfied: true });
    }
  });

  it("ships the library and its charts, nothing else", () => {
    const own = path.join(consumer, "node_modules", PKG.name);
    expect(readdirSync(own).sort()).toEqual(["LICENSE", "README.md", "charts", "dist", "package.json"]);
    expect(readdirSync(path.join(own, "dist"))).toEqual(["constructs"]);
    const manifest = JSON.parse(readFileSync(path.join(own, "package.json"), "utf8"));
    expect(Object.keys(manifest.dependencies)).toEqual(["yaml"]);
  });

  it("has an example for every heading of docs/library.md's constructs, and an expectation for every example", () => {
    expect(all.map((example) => example.heading).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it("documents every exported construct in an example", () => {
    // The package as installed, loaded as the consumer loads it (with the consumer's cdktf and constructs).
    const consumerRequire = createRequire(path.join(consumer, "package.json"));
    const library = consumerRequire(PKG.name) as Record<string, unknown>;
    const { Construct } = consumerRequire("constructs") as typeof import("constructs");
    const { TerraformResource } = consumerRequire("cdktf") as typeof import("cdktf");
    const classes = Object.entries(library).filter(
      ([, value]) => typeof value === "function" && value.prototype instanceof Construct,
    ) as [string, { prototype: object }][];
    // The goharbor/harbor resource bindings are one family with one example; every other construct has its own.
    const isBinding = (value: { prototype: object }) => value.prototype instanceof TerraformResource;
    const constructs = classes.filter(([, value]) => !isBinding(value)).map(([name]) => name);
    const bindings = classes.filter(([, value]) => isBinding(value)).map(([name]) => name);
    expect(constructs.length).toBeGreaterThan(10);
    expect(bindings.length).toBeGreaterThan(5);
    const text = all.map((example) => example.code).join("\n");
    const missing = constructs.filter((name) => !text.includes(`new ${name}(`));
    expect(bindings.filter((name) => text.includes(`new ${name}(`)).length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it.each(all.map((example) => [example.heading, example] as const))("example %s runs", (heading, example) => {
    const expected = EXPECTED[heading];
    expect(expected).toBeDefined();
    const cwd = path.join(work, "synth", slug(heading));
    mkdirSync(cwd, { recursive: true });
    const result = spawnSync(process.execPath, [compiled.get(example) as string], { cwd, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${heading}: node exited ${result.status}:\n${result.stderr}`);
    if (expected.stderr !== undefined) expect(result.stderr).toMatch(expected.stderr);

    if (expected.stacks === undefined) {
      expect(existsSync(path.join(cwd, "cdktf.out", "manifest.json"))).toBe(false);
      return;
    }
    const manifest = JSON.parse(readFileSync(path.join(cwd, "cdktf.out", "manifest.json"), "utf8")) as {
      stacks: Record<string, { synthesizedStackPath: string }>;
    };
    expect(Object.keys(manifest.stacks).sort()).toEqual(Object.keys(expected.stacks).sort());
    for (const [stack, types] of Object.entries(expected.stacks)) {
      const json = JSON.parse(
        readFileSync(path.join(cwd, "cdktf.out", manifest.stacks[stack].synthesizedStackPath), "utf8"),
      );
      expect(resourceTypes(json)).toEqual(expect.arrayContaining([...types]));
    }
  });

  it("whole registry: Harbor behind the platform's Traefik with backend TLS, its namespace objects after the CRDs, its namespace served", () => {
    const example = all.find((e) => e.heading === WHOLE_REGISTRY) as Example;
    const cwd = path.join(work, "synth", "whole-registry-checks");
    mkdirSync(cwd, { recursive: true });
    run(process.execPath, [compiled.get(example) as string], cwd);
    const json = JSON.parse(readFileSync(path.join(cwd, "cdktf.out", "stacks", "registry", "cdk.tf.json"), "utf8"));
    const releases = Object.entries(json.resource.helm_release as Record<string, Record<string, unknown>>);
    const named = (name: string) => releases.find(([, r]) => r.name === name) as [string, Record<string, unknown>];
    const [traefikId] = named("traefik");
    const [certManagerId] = named("cert-manager");
    const [objectsId, objects] = named("harbor-namespace");
    const [, harbor] = named("harbor");
    const values = (harbor.values as string[]).join("\n");
    // The Ingress is Traefik's, and Traefik reaches core and portal over verified HTTPS.
    expect(values).toContain("kubernetes.io/ingress.class: traefik");
    expect(values).toMatch(/traefik\.ingress\.kubernetes\.io\/service\.serversscheme: https/);
    expect(values).toMatch(
      /traefik\.ingress\.kubernetes\.io\/service\.serverstransport: harbor-harbor-core-backend@kubernetescrd/,
    );
    // The Issuers, IngressRoute and ServersTransports wait for the releases that install their CRDs ...
    expect(objects.depends_on).toEqual(
      expect.arrayContaining([`helm_release.${traefikId}`, `helm_release.${certManagerId}`]),
    );
    // ... and Harbor's release (its Ingress names the Issuer) waits for them.
    expect(harbor.depends_on).toContain(`helm_release.${objectsId}`);
    // The platform, given no servedNamespaces, serves the instance's namespace: its lookup and Traefik's lists.
    const lookups = Object.values(json.data.kubernetes_namespace_v1 as Record<string, { metadata: { name: string } }>);
    expect(lookups.map((lookup) => lookup.metadata.name)).toEqual(["harbor"]);
    const lists = Object.entries(json.locals as Record<string, string>).filter(([id]) => /Namespaces/.test(id));
    expect(lists.map(([, expression]) => expression.includes('? "harbor" : ""'))).toEqual([true, true]);
  });

  it("fails to compile an example that gets a prop wrong", () => {
    const broken = path.join(consumer, "broken");
    mkdirSync(broken, { recursive: true });
    writeFileSync(
      path.join(broken, "stack.ts"),
      [
        'import { App, TerraformStack } from "cdktf";',
        'import { ManagedPostgres } from "harbor-doks";',
        'const stack = new TerraformStack(new App(), "broken");',
        // nodeCount as a string, and no allowedClusterIds.
        'new ManagedPostgres(stack, "Database", { name: "pg", region: "fra1", vpcUuid: "vpc", nodeCount: "2" });',
        "",
      ].join("\n"),
    );
    writeFileSync(path.join(consumer, "tsconfig.broken.json"), tsconfig("broken", true));
    let output = "";
    try {
      execFileSync(process.execPath, [TSC, "-p", "tsconfig.broken.json", "--noEmit"], {
        cwd: consumer,
        encoding: "utf8",
      });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    expect(output).toMatch(/broken\/stack\.ts\(4,\d+\): error TS\d+:/);
  });
});
