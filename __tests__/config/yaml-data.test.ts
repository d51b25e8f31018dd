import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, parseConfig } from "../../config/load";
import { configProblems, rejection } from "../helpers";

// Issue 29 item 8: the yaml library throws from `toJS` (aliases and merge keys resolve there, after the parser
// reported no error); each of these must be a config error naming the file, never an internal error.

const BOMB = [
  'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]',
  "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
  "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
  "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
  "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
].join("\n");

describe("YAML that only fails when converted to data", () => {
  it("reports an alias bomb as a config error naming the file", () => {
    expect(() => rejection(BOMB)).not.toThrow();
    expect(rejection(BOMB)).toMatch(/^YAML error: its aliases \(\*name\) expand to too many copies.*alias bombs/);
  });

  it("names the file in the error's message", () => {
    expect(() => parseConfig(BOMB, "bomb.yaml")).toThrow(/^bomb\.yaml: invalid configuration\n {2}- YAML error/);
  });

  it("reports an alias of an anchor that is not defined before it", () => {
    expect(rejection("instances: *nope\n")).toBe(
      "YAML error: Unresolved alias (the anchor must be set before the alias): nope",
    );
  });

  it("reports a merge of a value that is not a mapping", () => {
    expect(rejection("x: &x 1\ninstances: [{<<: *x}]\n")).toMatch(/^YAML error: Merge sources .*"<<" takes a mapping/);
    expect(rejection("instances: [{<<: 1}]\n")).toMatch(/^YAML error: Merge sources/);
  });

  it("reports an alias inside its own anchor (a circular value) instead of recursing forever", () => {
    expect(rejection("x-loop: &a [*a]\ninstances: []\n")).toMatch(/^YAML error: an alias .* refers to the anchor/);
    expect(rejection("instances: &a [{name: *a}]\n")).toMatch(/^YAML error: an alias/);
  });

  it("a mapping used as a key is refused as an unknown key, without the yaml library's warning on stderr", () => {
    const warn = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      expect(rejection("? { a: 1 }\n: b\ninstances: []\n")).toMatch(/\{ a: 1 \}/);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it("still accepts aliases used a sane number of times", () => {
    const shared = [
      "x-defaults: &defaults { region: fra1 }",
      "instances:",
      "  - { <<: *defaults, name: one, cluster: one, hostname: one.example.com }",
      "  - { <<: *defaults, name: two, cluster: two, hostname: two.example.com }",
    ].join("\n");
    expect(configProblems(shared)).toEqual([]);
  });
});

describe("a harbor.valuesFile that only fails when converted to data", () => {
  it("reports its alias bomb as a config error naming the setting and the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "values-bomb-"));
    writeFileSync(join(dir, "values.yaml"), BOMB);
    const config = [
      "instances:",
      "  - { name: prod, region: fra1, cluster: prod-doks, hostname: registry.example.com,",
      "      harbor: { valuesFile: values.yaml } }",
    ].join("\n");
    let caught: unknown;
    try {
      parseConfig(config, join(dir, "harbor.config.yaml"));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toEqual([
      expect.stringMatching(/^instances\[0\]\.harbor\.valuesFile: "values\.yaml": YAML error: its aliases/),
    ]);
  });
});
