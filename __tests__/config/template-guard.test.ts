import type { z } from "zod";
import { configSchema } from "../../config/schema";
import { formatPath } from "../../config/load";
import { findTemplateSequences } from "../../config/template-guard";
import { configProblems } from "../helpers";

type Path = (string | number)[];

/**
 * Every place of the schema where the user can write a string: plain strings, enums and string
 * literals, inside objects, arrays, optionals, unions and pipes. Generated from the schema itself, so
 * a field added later is covered without editing this test.
 */
function stringPaths(schema: z.core.$ZodType, path: Path = []): Path[] {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const inner = (key: string) => def[key] as z.core.$ZodType;
  switch (def.type) {
    case "string":
    case "enum":
      return [path];
    case "literal":
      return (def.values as unknown[]).some((v) => typeof v === "string") ? [path] : [];
    case "object":
      return Object.entries(def.shape as Record<string, z.core.$ZodType>).flatMap(([key, child]) =>
        stringPaths(child, [...path, key]),
      );
    case "array":
      return stringPaths(inner("element"), [...path, 0]);
    case "optional":
    case "nullable":
    case "default":
    case "readonly":
      return stringPaths(inner("innerType"), path);
    case "pipe":
      return stringPaths(inner("in"), path);
    case "union": {
      const found = (def.options as z.core.$ZodType[]).flatMap((option) => stringPaths(option, path));
      return found.length > 0 ? [path] : [];
    }
    case "record":
      // Free-form (chart values): any string below it is the user's.
      return [[...path, "anyKey"]];
    case "number":
    case "boolean":
    case "transform":
      return [];
    default:
      throw new Error(`stringPaths: schema type "${def.type}" at ${formatPath(path)} is not handled; add it here`);
  }
}

function setAt(target: Record<string | number, unknown>, path: Path, value: unknown): void {
  let node = target;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    if (node[key] === undefined || node[key] === null) node[key] = typeof path[i + 1] === "number" ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  });
}

const base = () => ({
  instances: [{ name: "prod", region: "fra1", cluster: "prod-doks", hostname: "registry.example.com" }],
});

const paths = stringPaths(configSchema);

describe("template sequences in the config (issue: config text must never become Terraform code)", () => {
  it("the schema walk finds every string field, including the deep ones", () => {
    const shown = paths.map(formatPath);
    expect(shown).toEqual(
      expect.arrayContaining([
        "instances[0].name",
        "instances[0].cluster",
        "instances[0].hostname",
        "instances[0].storage.bucket",
        "instances[0].harbor.namespace",
        "instances[0].ingress.email",
        "instances[0].proxyCache[0].endpoint",
        "instances[0].proxyCache[0].credentials",
        "instances[0].oidc.clientId",
        "instances[0].oidc.scopes[0]",
        "instances[0].gc.schedule",
        "instances[0].postgres.version",
        "backend.keyPrefix",
      ]),
    );
    expect(paths.length).toBeGreaterThanOrEqual(30);
  });

  describe.each(["${", "%{"])("%s", (sequence) => {
    it.each(paths.map((p) => [formatPath(p), p] as const))("is refused at %s", (shown, path) => {
      const config = base();
      setAt(config, path, `harbor${sequence}base64encode(file("/proc/self/environ"))}`);
      const problems = configProblems(JSON.stringify(config));
      expect(problems).toContainEqual(expect.stringContaining(`${shown}: "${sequence}" is not allowed`));
    });
  });

  it("is refused in a mapping key too, and before any other check", () => {
    const problems = configProblems('instances:\n  - { name: prod, "${file(\\"x\\")}": 1 }\n');
    expect(problems).toEqual([
      // Quoted: a key that is not a plain name (config/load.ts formatPath).
      expect.stringMatching(/^instances\[0\]\["\$\{file\(\\"x\\"\)\}"\]: "\$\{" is not allowed in a key/),
    ]);
  });

  it("finds every occurrence with its path, and nothing in harmless text", () => {
    expect(findTemplateSequences({ a: ["ok", "$x", "{y}", "%{if}"], b: { c: "a${b}" }, d: 1 })).toEqual([
      { path: ["a", 3], sequence: "%{", inKey: false },
      { path: ["b", "c"], sequence: "${", inKey: false },
    ]);
  });
});
