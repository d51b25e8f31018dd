// The documentation as a reader follows it: every relative link of the Markdown pages reaches a file, and a link
// to a heading reaches a heading of that page (GitHub's anchors), so moving a section cannot leave a dead link behind.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

const ROOT = join(__dirname, "..");

/** The pages a reader of the repository follows links between. */
const PAGES = [
  "README.md",
  "CONTRIBUTING.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => join("docs", name)),
  join("constructs", "harbor", "provider", "README.md"),
];

/** Text outside fenced code blocks and inline code, where `[text](target)` is a link. */
function prose(markdown: string): string {
  return markdown.replace(/^ *```[\s\S]*?^ *```/gm, "").replace(/`[^`]*`/g, "``");
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, "")
    .replace(/ /g, "-");
}

/** The anchors of a page's headings; a repeated heading gets -1, -2, ... as on GitHub. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  for (const line of markdown.replace(/^ *```[\s\S]*?^ *```/gm, "").split("\n")) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading === null) continue;
    const base = headingAnchor(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    found.add(count === 0 ? base : `${base}-${count}`);
  }
  return found;
}

/** Every relative link of a page that leads nowhere, as `page: target (why)`. */
function deadLinks(page: string): string[] {
  const text = readFileSync(join(ROOT, page), "utf8");
  const dead: string[] = [];
  for (const match of prose(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
    const [path, anchor] = target.split("#", 2);
    const file = path === "" ? page : normalize(join(dirname(page), decodeURIComponent(path)));
    if (relative(ROOT, join(ROOT, file)).startsWith("..") || !existsSync(join(ROOT, file))) {
      dead.push(`${page}: ${target} (no file ${file})`);
      continue;
    }
    if (anchor !== undefined && file.endsWith(".md")) {
      if (!anchors(readFileSync(join(ROOT, file), "utf8")).has(anchor)) {
        dead.push(`${page}: ${target} (no heading #${anchor} in ${file})`);
      }
    }
  }
  return dead;
}

describe("the documentation's links", () => {
  it("computes GitHub's anchors", () => {
    expect(headingAnchor("Day-2 configuration: proxy caches, OIDC, housekeeping")).toBe(
      "day-2-configuration-proxy-caches-oidc-housekeeping",
    );
    expect(headingAnchor("`protect` and destroying on purpose")).toBe("protect-and-destroying-on-purpose");
    expect(headingAnchor("`instances[].postgres`")).toBe("instancespostgres");
    expect([...anchors("# A\n## B\n```sh\n# not a heading\n```\n## B\n")]).toEqual(["a", "b", "b-1"]);
  });

  it.each(PAGES)("%s: every relative link reaches a file and, with #, a heading", (page) => {
    expect(deadLinks(page)).toEqual([]);
  });

  it("finds a dead link (the check can fail)", () => {
    expect(anchors("## Deploy and destroy\n").has("deploy-and-destroy")).toBe(true);
    expect(anchors("## Deploy and destroy\n").has("deploy")).toBe(false);
  });
});

// Prettier escapes or rewrites `_` and `*` in prose it reads as emphasis (it once made "snake_case" "snake*case"):
// identifiers with them belong in code spans, where it leaves them alone.
describe("the documentation's prose", () => {
  it.each(PAGES)("%s: no emphasis marker inside a word, no escaped one", (page) => {
    const text = prose(readFileSync(join(ROOT, page), "utf8"));
    const mangled = text.split("\n").filter((line) => /\w\*\w|\\[*_]|\w_\w+_/.test(line));
    expect(mangled).toEqual([]);
  });
});

describe("docs/library.md's install commands", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    peerDependencies: Record<string, string>;
  };
  const library = readFileSync(join(ROOT, "docs", "library.md"), "utf8");
  const commands = [...library.matchAll(/^npm install (?:[^\n]*\\\n)*[^\n]*/gm)].map((match) => match[0]);

  it("install from the repository and from a packed tarball, never from the registry by name", () => {
    expect(commands.some((command) => /npm install "git\+https:\/\/[^"]+#[^"]+"/.test(command))).toBe(true);
    expect(commands.some((command) => /npm install \S+\.tgz/.test(command))).toBe(true);
    expect(library).not.toMatch(/npm install harbor-doks\b/);
  });

  it("name every peer dependency with package.json's range", () => {
    for (const command of commands) {
      for (const [name, range] of Object.entries(pkg.peerDependencies)) expect(command).toContain(`${name}@${range}`);
    }
  });
});
