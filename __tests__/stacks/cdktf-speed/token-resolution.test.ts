// The app's token resolver (stacks/cdktf-speed/token-resolution.ts) against cdktf's own: the same output for whole
// apps and the same value or the same error for each kind of token. Every comparison runs in a module registry of its own
// (jest.isolateModules), where cdktf is freshly loaded and its resolver is still its own: the app tests' setup
// (stacks/cdktf-speed/jest-setup.ts) installs the fast one only in the registry of the test file.
/* eslint-disable @typescript-eslint/no-require-imports -- a registry of its own is filled by require, not import */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import * as cdktf from "cdktf";
import { resolveTokens } from "../../../stacks/cdktf-speed/token-resolution";

type Cdktf = typeof import("cdktf");
type Resolve = (typeof import("cdktf/lib/tokens/private/resolve"))["resolve"];

/** cdktf, its own resolver and the app's, from one fresh module registry. */
function freshRegistry<T>(body: (m: { cdktf: Cdktf; stock: Resolve; fast: Resolve }) => T): T {
  let result: T | undefined;
  jest.isolateModules(() => {
    const cdktf = require("cdktf") as Cdktf;
    const stock = (require("cdktf/lib/tokens/private/resolve") as { resolve: Resolve }).resolve;
    const { resolveTokens } =
      require("../../../stacks/cdktf-speed/token-resolution") as typeof import("../../../stacks/cdktf-speed/token-resolution");
    result = body({ cdktf, stock, fast: resolveTokens as Resolve });
  });
  return result as T;
}

/** Every file an app synthesis wrote, by path: JSON as text (a difference reads as one), chart archives in base64. */
function synthesizedFiles(cdktf: Cdktf, build: (app: import("cdktf").App) => void) {
  const app = cdktf.Testing.app();
  build(app);
  app.synth();
  const files: Record<string, string> = {};
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else
        files[`${prefix}${entry.name}`] = readFileSync(join(dir, entry.name)).toString(
          entry.name.endsWith(".json") ? "utf8" : "base64",
        );
    }
  };
  walk(app.outdir, "");
  return files;
}

// Two instances replicating both ways (cross-stack references), DNS-01 and HTTP-01, an existing PostgreSQL, backup,
// monitoring, extra chart values and every day-2 block.
const EVERYTHING = `
backend: { type: s3, bucket: tf-state, region: ams3 }
instances:
  - name: fra
    region: fra1
    cluster: fra-doks
    hostname: registry.example.com
    postgres: { existingCluster: shared-pg }
    ingress: { email: ops@example.com, challenge: dns01, dnsZone: example.com }
    monitoring: { metrics: true, serviceMonitor: true }
    backup: { region: ams3 }
    harbor: { values: { core: { nodeSelector: { pool: registry } } } }
    proxyCache:
      - { project: dockerhub, provider: docker-hub, credentials: DOCKERHUB, public: true, quotaGiB: 200 }
      - { project: ghcr, provider: ghcr }
    oidc: { endpoint: https://dex.example.com, clientId: harbor, groupsClaim: groups, adminGroup: admins }
    gc: { schedule: "0 0 3 * * 0" }
    scanSchedule: daily
    system: { projectCreation: adminonly, robotExpiryDays: 30 }
    projects:
      - name: team-a
        quotaGiB: 200
        preventVulnerable: high
        immutableTags: ["v*"]
        retention: { keepLastPushed: 20, untaggedAfterDays: 7 }
        members: [{ group: team-a-devs, role: developer }]
        robots: [{ name: ci, access: push }, { name: pull, access: pull, pullSecretNamespaces: [team-a] }]
    replication: [{ to: ams, projects: ["team-*"] }]
  - name: ams
    region: ams3
    cluster: ams-doks
    hostname: ams.example.com
    profile: dev
    ingress: { email: ops@example.com, controller: install }
    projects: [{ name: shared }]
    replication: [{ to: fra, projects: [team-a], trigger: schedule, schedule: "0 0 2 * * *" }]
`;

/** The config app of `yaml`, built with the modules of the registry this runs in. */
function configApp(yaml: string) {
  return (app: import("cdktf").App) => {
    const { parseConfig } = require("../../../config/load") as typeof import("../../../config/load");
    (require("../../../stacks/app") as typeof import("../../../stacks/app")).buildApp(parseConfig(yaml), app);
  };
}

/**
 * A library app whose platform is given no namespaces: an instance in its stack and one in another stack add theirs
 * (serveNamespace), so the lookups, the locals of Traefik's lists and the node pool policy's exemptions come from the
 * values cdktf's `Lazy` produces at synth. Built with the modules of the registry this runs in.
 */
function servedLaterApp(app: import("cdktf").App): void {
  const { TerraformStack } = require("cdktf") as Cdktf;
  const { IngressPlatform } =
    require("../../../constructs/compose/ingress-platform") as typeof import("../../../constructs/compose/ingress-platform");
  const { HarborOnDoks } =
    require("../../../constructs/compose/harbor-on-doks") as typeof import("../../../constructs/compose/harbor-on-doks");
  const { DigitaloceanProvider } =
    require("@cdktf/provider-digitalocean/lib/provider") as typeof import("@cdktf/provider-digitalocean/lib/provider");
  const { RandomProvider } =
    require("@cdktf/provider-random/lib/provider") as typeof import("@cdktf/provider-random/lib/provider");
  const { TlsProvider } =
    require("@cdktf/provider-tls/lib/provider") as typeof import("@cdktf/provider-tls/lib/provider");
  const stackWithProviders = (id: string) => {
    const stack = new TerraformStack(app, id);
    new DigitaloceanProvider(stack, "DigitalOcean", {});
    new RandomProvider(stack, "Random", {});
    new TlsProvider(stack, "Tls", {});
    return stack;
  };
  const platformStack = stackWithProviders("platform");
  const platform = new IngressPlatform(platformStack, "Platform", {
    clusterName: "prod-doks",
    hairpinHostname: "registry.example.com",
    nodePool: "platform",
    tenantNodePolicy: true,
  });
  const issuers = { email: "ops@example.com", challenge: { type: "http01" } } as const;
  for (const [name, namespace, stack] of [
    ["prod", "harbor", platformStack],
    ["dev", "harbor-dev", stackWithProviders("dev")],
  ] as const) {
    new HarborOnDoks(stack, `Registry-${name}`, {
      name,
      region: "fra1",
      clusterName: "prod-doks",
      namespace,
      hostname: `${name}.example.com`,
      bucketName: `${name}-registry-blobs`,
      platform,
      issuers,
    });
  }
}

describe("whole apps synthesize to the same files with either resolver", () => {
  it.each([
    ["two replicating instances with every feature", configApp(EVERYTHING), 2],
    ["a platform whose served namespaces are added by the instances (Lazy lists)", servedLaterApp, 1],
  ])("%s", (_name, build, minStacks) => {
    const stock = freshRegistry(({ cdktf }) => synthesizedFiles(cdktf, build));
    // This file's own registry, where the test setup installed the app's resolver (checked first).
    const installed = require("cdktf/lib/tokens/private/resolve") as { resolve: unknown };
    expect(installed.resolve).toBe(resolveTokens);
    const fast = synthesizedFiles(cdktf, build);
    expect(Object.keys(fast).sort()).toEqual(Object.keys(stock).sort());
    expect(Object.keys(stock).filter((file) => file.endsWith("cdk.tf.json")).length).toBeGreaterThan(minStacks);
    for (const file of Object.keys(stock)) expect([file, fast[file]]).toEqual([file, stock[file]]);
    if (build === servedLaterApp) {
      // The case tests what it names: both namespaces reached the platform's lists.
      const platform = stock["stacks/platform/cdk.tf.json"];
      for (const ns of ["harbor", "harbor-dev", "harbor-dev-backup"]) expect(platform).toContain(ns);
    }
  });
});

/**
 * What `resolve` gave or the error it threw, what it printed as warnings, and what cdktf's resolver was asked: each
 * token, string and collection it was handed, with the flags of the context it came with.
 */
function outcome(cdktf: Cdktf, resolve: Resolve, value: unknown, options: Omit<Parameters<Resolve>[1], "resolver">) {
  const calls: unknown[] = [];
  const flags = (c: import("cdktf").IResolveContext) => [c.preparing, c.suppressBraces, c.ignoreEscapes, c.warnEscapes];
  class RecordingResolver extends cdktf.DefaultTokenResolver {
    resolveToken(
      t: import("cdktf").IResolvable,
      c: import("cdktf").IResolveContext,
      p: import("cdktf").IPostProcessor,
    ) {
      // The class, not the string: some tokens make new tokens each time they resolve.
      calls.push(["token", t.constructor.name, flags(c), c.iteratorContext !== undefined]);
      return super.resolveToken(t, c, p);
    }
    resolveString(fragments: import("cdktf").TokenizedStringFragments, c: import("cdktf").IResolveContext) {
      calls.push(["string", fragments.length, fragments.escapes.length, flags(c)]);
      return super.resolveString(fragments, c);
    }
    resolveList(xs: string[], c: import("cdktf").IResolveContext) {
      calls.push(["list", xs.length, flags(c)]);
      return super.resolveList(xs, c);
    }
    resolveMap(xs: Record<string, unknown>, c: import("cdktf").IResolveContext) {
      calls.push(["map", Object.keys(xs).length, flags(c)]);
      return super.resolveMap(xs, c);
    }
  }
  const warn = jest.spyOn(console, "warn").mockImplementation(() => {});
  const resolver = new RecordingResolver(new cdktf.StringConcat());
  try {
    return { value: resolve(value, { ...options, resolver }), warnings: warn.mock.calls, calls };
  } catch (error) {
    return { error: (error as Error).message, warnings: warn.mock.calls, calls };
  } finally {
    warn.mockRestore();
  }
}

describe("each kind of value resolves to the same result or the same error", () => {
  // Each case builds its value in the fresh registry (tokens belong to one registry's token map).
  type Case = (m: { cdktf: Cdktf; stack: import("cdktf").TerraformStack }) => unknown;
  const ref = (cdktf: Cdktf, stack: import("cdktf").TerraformStack, name: string) =>
    new cdktf.TerraformLocal(stack, name, "x").expression as string;
  const cases: [string, Case][] = [
    ["plain data, undefined and null", () => ({ a: 1, b: undefined, c: null, d: [1, undefined, "x", true], e: {} })],
    ["a date", () => ({ at: new Date(0) })],
    ["a sparse array", () => [1, , 3]], // eslint-disable-line no-sparse-arrays
    ["a string token inside text", ({ cdktf, stack }) => ({ s: `a-${ref(cdktf, stack, "s1")}-b` })],
    ["a literal ${ that is no token", () => ({ s: "echo ${HOME} $${x}", n: "1e5 and 2.5e-3" })],
    [
      "a number token and one inside a string",
      ({ cdktf, stack }) => {
        const n = cdktf.Token.asNumber(ref(cdktf, stack, "n1"));
        return { n, s: `${n} items`, list: [n, 2] };
      },
    ],
    ["a list token", ({ cdktf, stack }) => ({ l: cdktf.Token.asList(ref(cdktf, stack, "l1")) })],
    ["a number list token", ({ cdktf, stack }) => ({ l: cdktf.Token.asNumberList(ref(cdktf, stack, "l2")) })],
    [
      "a map token and a token as a key",
      ({ cdktf, stack }) => ({
        m: cdktf.Token.asStringMap(ref(cdktf, stack, "m1")),
        k: { [ref(cdktf, stack, "k1")]: "v" },
      }),
    ],
    [
      "lazy values returning tokens and structures",
      ({ cdktf, stack }) => {
        const [z1, z2] = [ref(cdktf, stack, "z1"), ref(cdktf, stack, "z2")];
        return {
          s: cdktf.Lazy.stringValue({ produce: () => `${z1}/x` }),
          a: cdktf.Lazy.anyValue({ produce: () => ({ deep: [z2, { u: undefined }] }) }),
        };
      },
    ],
    [
      "Terraform functions, escapes and operators",
      ({ cdktf, stack }) => {
        const f9 = ref(cdktf, stack, "f9");
        return {
          j: cdktf.Fn.join(",", [ref(cdktf, stack, "f1"), "b"]),
          e: cdktf.Fn.jsonencode({ a: ref(cdktf, stack, "f2"), lit: "${not-a-token}" }),
          f: cdktf.Fn.format("%s-${x}", [ref(cdktf, stack, "f3")]),
          // A token inside a literal \${...}: read as escapes at the top level, as plain text inside a function call
          // (and cdktf warns), also when the text comes from a lazy value resolved in the call's context.
          t: `\${upper(${ref(cdktf, stack, "f7")})}`,
          w: cdktf.Fn.lower(`\${upper(${ref(cdktf, stack, "f8")})}`),
          x: cdktf.Fn.lower(cdktf.Lazy.stringValue({ produce: () => `\${upper(${f9})}` })),
          l: cdktf.Fn.lookup(cdktf.Token.asAnyMap(ref(cdktf, stack, "f4")), "k", "d"),
          o: cdktf.Op.add(cdktf.Token.asNumber(ref(cdktf, stack, "f5")), 1),
          c: cdktf.conditional(ref(cdktf, stack, "f6"), "a", "b"),
        };
      },
    ],
    [
      "an iterator's value",
      ({ cdktf, stack }) => {
        const it = cdktf.TerraformIterator.fromList(cdktf.Token.asList(ref(cdktf, stack, "i1")));
        return { v: it.value, k: it.key, d: it.dynamic({ name: it.getString("name") }) };
      },
    ],
    [
      "a token with a post-processor",
      () => ({
        p: {
          resolve(context: import("cdktf").IResolveContext) {
            context.registerPostProcessor({ postProcess: (x) => ({ processed: x }) });
            return { inner: "v" };
          },
          toString: () => "post",
          creationStack: [],
        },
      }),
    ],
    ["a function (error)", () => ({ f: () => 1 })],
    // A construct of today recurses from node to host until the depth limit; the check cdktf has for constructs
    // looks for the fields of older constructs.
    ["a construct (error)", ({ stack }) => ({ c: stack })],
    ["an object with the fields of an older construct (error)", () => ({ c: { _children: {}, _metadata: [] } })],
    [
      "a list token inside a string (error)",
      ({ cdktf, stack }) => ({
        s: `x${cdktf.Token.asList(ref(cdktf, stack, "e1"))[0]}`,
      }),
    ],
    [
      "numbers about the size of a token",
      ({ cdktf, stack }) => [
        -(2 ** 960),
        -1e300,
        -(2 ** 993),
        Number.NaN,
        -Infinity,
        cdktf.Token.asNumber(ref(cdktf, stack, "n2")),
      ],
    ],
    [
      "a number with a token's marker but no token behind it (error)",
      () => [
        (
          require("cdktf/lib/tokens/private/encoding") as typeof import("cdktf/lib/tokens/private/encoding")
        ).createTokenDouble(123456789, false),
      ],
    ],
    ["the encoded map token values (error)", ({ cdktf }) => ({ s: cdktf.Token.STRING_MAP_TOKEN_VALUE })],
    [
      "a map key that resolves to a number (error)",
      ({ cdktf }) => ({
        [cdktf.Lazy.stringValue({ produce: () => 1 as unknown as string })]: "v",
      }),
    ],
    [
      "a structure deeper than 200 levels (error)",
      () => {
        // Objects and lists alternate: both count towards the depth and name a step of the path in the message.
        let deep: unknown = { leaf: 1 };
        for (let i = 0; i < 105; i++) deep = { d: [deep] };
        return deep;
      },
    ],
    [
      "a lazy value that returns itself (error)",
      ({ cdktf }) => {
        const self: { v?: unknown } = {};
        self.v = cdktf.Lazy.anyValue({ produce: () => ({ again: self.v }) });
        return self.v;
      },
    ],
  ];

  // One registry for all cases (loading cdktf afresh per case costs more than the cases), a stack per case.
  const registry = freshRegistry((modules) => ({ ...modules, app: modules.cdktf.Testing.app() }));

  it.each(cases)("%s", (name, build) => {
    {
      const { cdktf, stock, fast, app } = registry;
      const stack = new cdktf.TerraformStack(app, `s${cases.findIndex(([n]) => n === name)}`);
      const value = build({ cdktf, stack });
      for (const preparing of [false, true]) {
        for (const prefix of [undefined, ["root", "0"]]) {
          const options = { scope: stack, preparing, prefix };
          const expected = outcome(cdktf, stock, value, options);
          // The case's name says whether cdktf refuses it: a case that stopped testing what it names fails.
          expect(Object.keys(expected as object)[0]).toBe(name.endsWith("(error)") ? "error" : "value");
          expect(outcome(cdktf, fast, value, options)).toStrictEqual(expected);
        }
      }
    }
  });

  it("maps a list as cdktf does: a list subclass stays one, holes are skipped, not visited at the depth limit", () => {
    const { cdktf, stock, fast, app } = registry;
    const stack = new cdktf.TerraformStack(app, "lists");
    class Items extends Array<unknown> {}
    const items = Items.from([1, undefined, 2]);
    const shallow = {
      scope: stack,
      preparing: false,
      resolver: new cdktf.DefaultTokenResolver(new cdktf.StringConcat()),
    };
    expect(stock(items, shallow)).toBeInstanceOf(Items);
    expect(fast(items, shallow)).toBeInstanceOf(Items);
    expect(fast(items, shallow)).toEqual([1, 2]);
    for (const depth of [199, 200]) {
      const options = { scope: stack, preparing: false, prefix: new Array<string>(depth).fill("k") };
      const expected = outcome(cdktf, stock, new Array(3), options);
      expect(expected).toMatchObject({ value: [] });
      expect(outcome(cdktf, fast, new Array(3), options)).toStrictEqual(expected);
    }
  });

  it("is what cdktf calls once installed, and the returned function puts cdktf's own back", () => {
    freshRegistry(({ cdktf, stock }) => {
      const module = require("cdktf/lib/tokens/private/resolve") as { resolve: Resolve };
      const { useFastTokenResolution, resolveTokens } =
        require("../../../stacks/cdktf-speed/token-resolution") as typeof import("../../../stacks/cdktf-speed/token-resolution");
      const restore = useFastTokenResolution();
      expect(module.resolve).toBe(resolveTokens);
      const stack = new cdktf.TerraformStack(cdktf.Testing.app(), "s");
      expect(
        cdktf.Tokenization.resolve(
          { a: [1, undefined] },
          { scope: stack, resolver: new cdktf.DefaultTokenResolver(new cdktf.StringConcat()) },
        ),
      ).toEqual({ a: [1] });
      restore();
      expect(module.resolve).toBe(stock);
    });
  });
});
