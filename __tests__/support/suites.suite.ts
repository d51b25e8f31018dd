import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";

// The layout of __tests__/support/suites.ts, checked: a suite that no index runs would pass silently.
const ROOT = join(__dirname, "..");
const SUITE = ".suite.ts";

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    // The package test has a jest configuration of its own (jest.package.config.js).
    if (entry.isDirectory()) return path === join(ROOT, "package") ? [] : files(path);
    return [relative(ROOT, path)];
  });
}

const all = files(ROOT);
const indexes = all.filter((file) => file.endsWith("index.test.ts"));
const suites = all.filter((file) => file.endsWith(SUITE));

/** The index that must run a suite: the nearest one in its folder or a folder above. */
function nearestIndex(suiteFile: string): string | undefined {
  for (let dir = dirname(suiteFile); ; dir = dirname(dir)) {
    const index = dir === "." ? "index.test.ts" : join(dir, "index.test.ts");
    if (indexes.includes(index)) return index;
    if (dir === ".") return undefined;
  }
}

/** What an index runs: its `suite("<name>", () => require("./<file>"))` calls (however Prettier wraps them). */
function listed(index: string): { suites: string[]; problems: string[] } {
  const problems: string[] = [];
  const listedSuites: string[] = [];
  const text = readFileSync(join(ROOT, index), "utf8");
  // At the start of a line: a call commented out runs nothing.
  const call = /^suite\(\s*"([^"]+)",\s*\(\) =>\s*require\("(\.\/[^"]+)"\),?\s*\);/gm;
  for (const match of text.matchAll(call)) {
    const file = join(dirname(index), `${match[2]}.ts`);
    listedSuites.push(file);
    const name = file.slice(0, -SUITE.length);
    if (match[1] !== name) problems.push(`${index}: suite "${match[1]}" loads ${file}; name it "${name}"`);
  }
  const rest = text.replace(call, "");
  if (/\b(suite|require)\(/.test(rest.replace(/^import .*$/gm, ""))) {
    problems.push(`${index}: something other than suite("<name>", () => require("./<file>")) calls`);
  }
  return { suites: listedSuites, problems };
}

describe("the test layout (__tests__/support/suites.ts)", () => {
  it("has no jest test file but the indexes, and no file named like one that nothing runs", () => {
    expect(all.filter((file) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(file) && !indexes.includes(file))).toEqual([]);
  });

  it("has no suite that loads another (its tests would run under the other's name, and twice)", () => {
    const loading = suites.filter((file) =>
      /(?:from |import |require\()["'][^"']*\.suite["']/.test(readFileSync(join(ROOT, file), "utf8")),
    );
    expect(loading).toEqual([]);
  });

  it("runs every suite once, from the index nearest to it, under the suite's path", () => {
    const problems: string[] = [];
    const runBy = new Map<string, string[]>();
    for (const index of indexes) {
      const { suites: ran, problems: indexProblems } = listed(index);
      problems.push(...indexProblems);
      for (const file of ran) runBy.set(file, [...(runBy.get(file) ?? []), index]);
    }
    for (const file of suites) {
      const expected = nearestIndex(file);
      const name = file.slice(0, -SUITE.length);
      const by = runBy.get(file) ?? [];
      if (by.length !== 1 || by[0] !== expected) {
        problems.push(
          `${file} is run by ${by.length === 0 ? "no index" : by.join(" and ")}: add ` +
            `suite("${name}", () => require("./${relative(dirname(expected ?? "index.test.ts"), name)}.suite")); ` +
            `to ${expected ?? "an index.test.ts"} (and only there)`,
        );
      }
    }
    for (const file of runBy.keys()) if (!suites.includes(file)) problems.push(`${file} is listed but does not exist`);
    expect(problems).toEqual([]);
    expect(suites.length).toBeGreaterThan(60);
  });
});
