import fc from "fast-check";
import { TerraformStack, Testing } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import {
  HarborTeamProject,
  TeamProjectRobot,
  formerPullSecretId,
  pullSecretId,
  pullSecretMoves,
  teamProjectProblems,
} from "../../../../constructs/harbor/day2/team-project";
import { HARBOR_NAME_PATTERN } from "../../../../constructs/harbor/naming";
import { NAMESPACE_PATTERN } from "../../../../constructs/core/naming";

// Issue 29 item 1: the pull Secrets' construct ids (by namespace) and the `moved` blocks from their former ids (by
// robot and namespace) both join names with "-", so one name pair could give another pair's id or address.

type Json = {
  resource: Record<string, Record<string, unknown>>;
  moved?: { from: string; to: string }[];
};

function synth(robots: TeamProjectRobot[]): Json {
  const stack = new TerraformStack(Testing.app(), "config");
  new KubernetesProvider(stack, "Cluster");
  new HarborTeamProject(stack, "Project-team-a", { name: "team-a", robots, registryHost: "registry.example.com" });
  return JSON.parse(Testing.synth(stack)) as Json;
}

/** Every declared resource address of the synthesized stack. */
function addresses(json: Json): Set<string> {
  return new Set(
    Object.entries(json.resource).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`)),
  );
}

/** What Terraform checks of `moved` blocks: no `from` declared, no `from` twice, every `to` declared. */
function expectValidMoves(json: Json): void {
  const declared = addresses(json);
  const froms = (json.moved ?? []).map((m) => m.from);
  for (const move of json.moved ?? []) {
    expect(declared.has(move.from)).toBe(false);
    expect(declared.has(move.to)).toBe(true);
  }
  expect(new Set(froms).size).toBe(froms.length);
}

describe("the issue's colliding name pairs", () => {
  const cases: [string, TeamProjectRobot[]][] = [
    [
      "robot staging in [shop, staging-shop]",
      [{ name: "staging", access: "pull", pullSecretNamespaces: ["shop", "staging-shop"] }],
    ],
    [
      "robot staging in [staging-shop, shop] (synth crashed with a duplicate construct id)",
      [{ name: "staging", access: "pull", pullSecretNamespaces: ["staging-shop", "shop"] }],
    ],
    [
      "robots ci in [x] and pull in [ci-x]",
      [
        { name: "ci", access: "pull", pullSecretNamespaces: ["x"] },
        { name: "pull", access: "pull", pullSecretNamespaces: ["ci-x"] },
      ],
    ],
    [
      "robots pull in [ci-x] and ci in [x]",
      [
        { name: "pull", access: "pull", pullSecretNamespaces: ["ci-x"] },
        { name: "ci", access: "pull", pullSecretNamespaces: ["x"] },
      ],
    ],
    [
      "robots a in [b-c] and a-b in [c] (one former address for two Secrets)",
      [
        { name: "a", access: "pull", pullSecretNamespaces: ["b-c"] },
        { name: "a-b", access: "pull", pullSecretNamespaces: ["c"] },
      ],
    ],
  ];
  it.each(cases)("%s: synthesizes, with a Secret per namespace and only valid moved blocks", (_name, robots) => {
    const json = synth(robots);
    const namespaces = Object.values(json.resource.kubernetes_secret_v1).map(
      (s) => (s as { metadata: { namespace: string } }).metadata.namespace,
    );
    expect(namespaces.sort()).toEqual(robots.flatMap((r) => r.pullSecretNamespaces ?? []).sort());
    expectValidMoves(json);
  });

  it("still moves the former address where it is unambiguous (robot staging's Secret in staging-shop)", () => {
    const json = synth([{ name: "staging", access: "pull", pullSecretNamespaces: ["shop", "staging-shop"] }]);
    expect((json.moved ?? []).map((m) => m.from)).toEqual([
      expect.stringMatching(/^kubernetes_secret_v1\.Project-team-a_PullSecret-staging-staging-shop_[0-9A-F]{8}$/),
    ]);
    expect(json.moved?.[0].to).toMatch(/^kubernetes_secret_v1\.Project-team-a_PullSecret-staging-shop_[0-9A-F]{8}$/);
  });

  it("a later change of the robot list moves nothing that is declared (adding the colliding namespace)", () => {
    const before = synth([{ name: "staging", access: "pull", pullSecretNamespaces: ["shop"] }]);
    const after = synth([{ name: "staging", access: "pull", pullSecretNamespaces: ["shop", "staging-shop"] }]);
    // The Secret in shop keeps its address (no update, no replace); the new one is a create.
    const shop = Object.keys(before.resource.kubernetes_secret_v1);
    expect(shop).toHaveLength(1);
    expect(after.resource.kubernetes_secret_v1[shop[0]]).toEqual(before.resource.kubernetes_secret_v1[shop[0]]);
    expect(before.moved).toHaveLength(1);
    // The former address of shop's Secret is now the address of staging-shop's: it is no longer a move source.
    expect((after.moved ?? []).map((m) => m.from)).not.toContain(before.moved?.[0].from);
    expectValidMoves(after);
  });
});

// Names Harbor and Kubernetes accept, drawn from few parts so that collisions are frequent, and from the whole
// patterns so that nothing else is missed.
const PARTS = ["a", "b", "ci", "x", "pull", "shop", "staging"];
const part = fc.constantFrom(...PARTS);
const robotName = fc.oneof(
  fc
    .tuple(fc.array(fc.tuple(part, fc.constantFrom("-", ".", "_")), { maxLength: 2 }), part)
    .map(([init, last]) => init.map(([p, sep]) => p + sep).join("") + last),
  fc.stringMatching(HARBOR_NAME_PATTERN).filter((s) => s.length <= 40),
);
const namespace = fc.oneof(
  fc.array(part, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("-")),
  fc.stringMatching(NAMESPACE_PATTERN).filter((s) => !s.startsWith("kube-") && s !== "default"),
);
const robots = fc
  .array(fc.tuple(robotName, fc.array(namespace, { maxLength: 4 })), { maxLength: 4 })
  .map((list) =>
    list.map(([name, namespaces]): TeamProjectRobot => ({ name, access: "pull", pullSecretNamespaces: namespaces })),
  )
  // Only configs the construct accepts (unique robots, one robot per namespace).
  .filter((list) => teamProjectProblems({ name: "team-a", robots: list, registryHost: "r.example.com" }).length === 0);

// Lists built to collide: a namespace that is another robot's name and namespace joined by "-", and two robots whose
// name and namespace join to the same id (robot a in b-c, robot a-b in c), beside random ones.
const colliding = fc
  .tuple(
    fc.array(part, { minLength: 1, maxLength: 2 }).map((parts) => parts.join("-")),
    fc.array(part, { minLength: 1, maxLength: 2 }).map((parts) => parts.join("-")),
    fc.constantFrom("x", "y"),
    fc.boolean(),
  )
  .map(([robot, namespace, other, sameRobot]): TeamProjectRobot[] =>
    sameRobot
      ? [{ name: robot, access: "pull", pullSecretNamespaces: [namespace, `${robot}-${namespace}`] }]
      : [
          { name: robot, access: "pull", pullSecretNamespaces: [`${other}-${namespace}`] },
          { name: `${robot}-${other}`, access: "pull", pullSecretNamespaces: [namespace] },
        ],
  )
  .filter((list) => teamProjectProblems({ name: "team-a", robots: list, registryHost: "r.example.com" }).length === 0);
const anyRobots = fc.oneof(robots, colliding);

describe("pull Secret ids and moved blocks for any names", () => {
  it("never move from a declared id or from one id twice, and move every unambiguous former id", () => {
    fc.assert(
      // Plain checks, one expect per case: jest's expect builds every matcher on each call, which at a dozen
      // calls per case cost more than the property itself.
      fc.property(anyRobots, (list) => {
        const moves = pullSecretMoves(list);
        const declared = new Set(list.flatMap((r) => (r.pullSecretNamespaces ?? []).map(pullSecretId)));
        const froms = moves.map((m) => m.fromId);
        const formers = list.flatMap((r) => (r.pullSecretNamespaces ?? []).map((n) => formerPullSecretId(r.name, n)));
        const ambiguous = formers.filter((id) => declared.has(id) || formers.indexOf(id) !== formers.lastIndexOf(id));
        const problems = [
          ...froms.filter((id, index) => froms.indexOf(id) !== index).map((id) => `moved twice from ${id}`),
          ...moves.filter((m) => declared.has(m.fromId)).map((m) => `moved from the declared ${m.fromId}`),
          ...moves.filter((m) => !declared.has(m.toId)).map((m) => `moved to the undeclared ${m.toId}`),
          ...(moves.length === formers.length - ambiguous.length
            ? []
            : [`${moves.length} moves for ${formers.length - ambiguous.length} unambiguous former ids`]),
        ];
        expect(problems).toEqual([]);
      }),
      { seed: 29, numRuns: 2000 },
    );
  });

  it("synthesizes every accepted pair of names, with valid moved blocks at the real addresses", () => {
    fc.assert(
      fc.property(anyRobots, (list) => {
        expectValidMoves(synth(list));
      }),
      { seed: 29, numRuns: 100 },
    );
  });
});
