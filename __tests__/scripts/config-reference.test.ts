import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import {
  CONFIGURATION_DOC,
  JsonSchema,
  REGENERATE,
  blocks,
  blockSection,
  cell,
  configJsonSchema,
  configurationReference,
  defaultText,
  regionsSection,
  typeText,
} from "../../scripts/config-reference";
import { parseConfig } from "../../config/load";
import { SPACES_REGIONS, SUPPORTED_REGIONS } from "../../constructs/digitalocean/regions";

const ROOT = join(__dirname, "..", "..");

/** The first line where two texts differ, for a failure message a reader can act on. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split("\n");
  const b = generated.split("\n");
  const line = a.findIndex((text, index) => text !== b[index]);
  const at = line === -1 ? Math.min(a.length, b.length) : line;
  return `line ${at + 1}:\n  committed: ${a[at] ?? "(end of file)"}\n  generated: ${b[at] ?? "(end of file)"}`;
}

describe("docs/configuration.md", () => {
  it("is what the schema renders today", () => {
    const committed = readFileSync(join(ROOT, CONFIGURATION_DOC), "utf8");
    const generated = configurationReference();
    if (committed !== generated) {
      throw new Error(
        `${CONFIGURATION_DOC} is stale: the config schema or the region lists changed. Run \`${REGENERATE}\` and ` +
          `commit ${CONFIGURATION_DOC}. First difference at ${firstDifference(committed, generated)}`,
      );
    }
  });

  it("describes every key of the config file", () => {
    const undocumented = blocks(configJsonSchema(), "").flatMap((block) =>
      Object.entries(block.schema.properties ?? {})
        .filter(([, property]) => (property.description ?? "").trim() === "")
        .map(([key]) => (block.path === "" ? key : `${block.path}.${key}`)),
    );
    expect(undocumented).toEqual([]);
  });

  it("lists every mapping of the file as a section, each instance block under instances[]", () => {
    const paths = blocks(configJsonSchema(), "").map((block) => block.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "",
        "instances[]",
        "instances[].postgres",
        "instances[].ingress.route53",
        "instances[].projects[].robots[]",
        "instances[].replication[]",
        "backend",
      ]),
    );
    expect(new Set(paths).size).toBe(paths.length);
  });

  // A default in the schema's meta is what the reference shows; resolve.ts applies its own. Every shown default
  // must be what a config without the key gets.
  it("shows the defaults the app applies", () => {
    const config = parseConfig(
      JSON.stringify({
        instances: [
          {
            name: "one",
            region: "fra1",
            cluster: "prod-doks",
            hostname: "one.example.com",
            ingress: { email: "ops@example.com" },
            oidc: { endpoint: "https://id.example.com", clientId: "harbor" },
            system: { auditLog: { forwardEndpoint: "syslog.logging.svc:514" } },
            proxyCache: [{ project: "hub", provider: "docker-hub" }],
            projects: [
              {
                name: "team",
                retention: { keepLastPushed: 1 },
                robots: [{ name: "ci", access: "push" }],
                webhooks: [{ name: "ci", address: "https://hooks.example.com", events: ["PUSH_ARTIFACT"] }],
              },
            ],
            replication: [{ to: "two", projects: ["team-*"] }],
            backup: { region: "ams3" },
            monitoring: {},
          },
          {
            name: "two",
            region: "ams3",
            cluster: "ams-doks",
            hostname: "two.example.com",
            ingress: { email: "o@x.io" },
          },
        ],
        backend: { type: "s3", bucket: "state-bucket", region: "fra1" },
      }),
    );
    const resolved = config as unknown as Record<string, unknown>;
    /** The resolved value at a block path (`instances[].harbor`): the first element of each list. */
    const at = (path: string): Record<string, unknown> | undefined =>
      path
        .split(".")
        .filter((part) => part !== "")
        .reduce<unknown>((value, part) => {
          const list = part.endsWith("[]");
          const next = (value as Record<string, unknown> | undefined)?.[list ? part.slice(0, -2) : part];
          return list ? (next as unknown[] | undefined)?.[0] : next;
        }, resolved) as Record<string, unknown> | undefined;
    const checked: string[] = [];
    const wrong: string[] = [];
    for (const block of blocks(configJsonSchema(), "")) {
      for (const [key, property] of Object.entries(block.schema.properties ?? {})) {
        if (property.default === undefined) continue;
        const value = at(block.path)?.[key];
        checked.push(`${block.path}.${key}`);
        if (JSON.stringify(value) !== JSON.stringify(property.default)) {
          wrong.push(
            `${block.path}.${key}: shows ${JSON.stringify(property.default)}, resolves to ${JSON.stringify(value)}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
    // A walk that found none of the resolved values would compare nothing.
    expect(checked.length).toBeGreaterThan(25);
  });
});

describe("the reference's pieces", () => {
  it("states types, allowed values and bounds from JSON Schema", () => {
    expect(typeText({ type: "string", enum: ["ha", "dev"] })).toBe("one of `ha`, `dev`");
    expect(typeText({ const: "s3" })).toBe("`s3`");
    expect(typeText({ type: "integer", minimum: 1, maximum: 3650 })).toBe("whole number 1-3650");
    expect(typeText({ type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER })).toBe("whole number at least 1");
    expect(typeText({ type: "string", pattern: "^a|b$" })).toBe("string, matching `^a|b$`");
    expect(typeText({ type: "string", minLength: 1 })).toBe("string");
    expect(typeText({ type: "string", format: "email" })).toBe("e-mail address");
    expect(typeText({ type: ["string", "number"] })).toBe("string or number");
    expect(typeText({ type: "array", items: { type: "string" }, minItems: 1 })).toBe("list of string (at least 1)");
    expect(typeText({ type: "object", properties: {} }, "instances[].postgres")).toBe(
      "mapping, see [instances[].postgres](#instancespostgres)",
    );
    expect(typeText({})).toBe("any");
  });

  it("shows a default as a value, as prose, as required or not at all", () => {
    expect(defaultText({ default: true }, false)).toBe("`true`");
    expect(defaultText({ default: "harbor" }, false)).toBe("`harbor`");
    expect(defaultText({ default: ["a", "b"] }, false)).toBe("`a`, `b`");
    expect(defaultText({ default: [] }, false)).toBe("`[]`");
    expect(defaultText({ defaultText: "`2` (`ha`) / `1` (`dev`)" }, false)).toBe("`2` (`ha`) / `1` (`dev`)");
    expect(defaultText({ default: 1 }, true)).toBe("required");
    expect(defaultText({}, false)).toBe("");
  });

  it("keeps a table cell on one line and its pipes literal", () => {
    expect(cell("a |\n  b")).toBe("a \\| b");
  });

  it("renders a zod schema's blocks with their meta, nested mappings and lists in their own sections", () => {
    const schema = z.strictObject({
      items: z
        .array(
          z.strictObject({
            name: z.string().meta({ description: "The name." }),
            size: z.number().int().min(1).max(3).meta({ description: "How many.", default: 2 }).optional(),
          }),
        )
        .meta({ description: "Things." }),
    });
    const json = z.toJSONSchema(schema, { io: "input" }) as JsonSchema;
    const sections = blocks(json, "").map(blockSection);
    expect(sections).toHaveLength(2);
    expect(sections[0]).toContain("| `items` | list of mapping, see [items[]](#items) | required | Things. |");
    expect(sections[1]).toMatch(/^## `items\[\]`\n\nThings\.\n/);
    expect(sections[1]).toContain("| `name` | string | required | The name. |");
    expect(sections[1]).toContain("| `size` | whole number 1-3 | `2` | How many. |");
  });

  it("lists the regions from the library's region lists, not a copy", () => {
    const section = regionsSection();
    for (const region of SUPPORTED_REGIONS)
      expect(section).toMatch(new RegExp(`\\| \`${region}\` \\| yes \\|.*\\| yes \\|$`, "m"));
    expect(section).toContain(SPACES_REGIONS.map((region) => `\`${region}\``).join(", "));
    // A region with databases but no Spaces is listed and not offered for an instance.
    expect(section).toMatch(/^\| `nyc1` \| {2}\| yes \| yes \| {2}\|$/m);
  });
});
