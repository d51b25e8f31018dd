// The one switch over cdktf's internals (stacks/cdktf-speed/): nothing outside the folder reaches into cdktf's
// private modules or hooks it, the library never loads the folder, and the switch turns all of it off.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { PLAIN_CDKTF_ENV, cdktfSpeedUpsEnabled } from "../../../stacks/cdktf-speed";

const ROOT = join(__dirname, "..", "..", "..");
const FOLDER = "stacks/cdktf-speed";

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return /\.[cm]?[jt]s$/.test(name) ? [path] : [];
  });
}

const SOURCES = ["main.ts", ...["constructs", "config", "stacks", "examples", "scripts"].flatMap(sources)];
const text = (file: string) => readFileSync(join(ROOT, file), "utf8");

/**
 * Files outside the folder that import one of cdktf's lib/ modules without replacing or hooking anything, and why.
 * A port to cdktn re-checks these too.
 */
const READS_CDKTF_LIB: Readonly<Record<string, string>> = {
  "constructs/core/local-chart.ts": "addCustomSynthesis, cdktf's hook for files beside a stack, not in its index",
};

describe("stacks/cdktf-speed", () => {
  it("is the only place that hooks cdktf (captureStackTrace, the module cache, a module export)", () => {
    const outside = SOURCES.filter((file) => !file.startsWith(`${FOLDER}/`));
    expect(outside.filter((file) => /captureStackTrace\s*=|require\.cache\[|Module\._/.test(text(file)))).toEqual([]);
    expect(outside.filter((file) => /["']cdktf\/lib\//.test(text(file)))).toEqual(Object.keys(READS_CDKTF_LIB));
  });

  it("is loaded by main.ts and the app's jest project only, never by the library", () => {
    const users = SOURCES.filter((file) => !file.startsWith(`${FOLDER}/`)).filter((file) =>
      /["'][./]*(?:stacks\/)?cdktf-speed(?:\/[^"']*)?["']/.test(text(file)),
    );
    expect(users).toEqual(["main.ts"]);
    const jestConfig = text("jest.config.js");
    expect(jestConfig).toContain(`<rootDir>/${FOLDER}/jest-setup.ts`);
    expect(jestConfig).toContain(`<rootDir>/${FOLDER}/jest-resolver.js`);
  });

  it("is on unless HARBOR_DOKS_PLAIN_CDKTF=1, and the jest resolver reads the same variable", () => {
    expect(cdktfSpeedUpsEnabled({})).toBe(true);
    expect(cdktfSpeedUpsEnabled({ [PLAIN_CDKTF_ENV]: "0" })).toBe(true);
    expect(cdktfSpeedUpsEnabled({ [PLAIN_CDKTF_ENV]: "1" })).toBe(false);
    expect(text(`${FOLDER}/jest-resolver.js`)).toContain(`process.env.${PLAIN_CDKTF_ENV} !== "1"`);
  });

  it("leaves the library's tests on cdktf's own resolver (jest.config.js's library project)", () => {
    // This file is an app test: its registry has the app's resolver. The library project's setup has none.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object, not a copy
    const installed = require("cdktf/lib/tokens/private/resolve") as { resolve: unknown };
    const { resolveTokens } =
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads cdktf; after the setup's hooks
      require("../../../stacks/cdktf-speed/token-resolution") as typeof import("../../../stacks/cdktf-speed/token-resolution");
    expect(installed.resolve).toBe(resolveTokens);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- jest's configuration, as jest reads it
    const config = require("../../../jest.config.js") as {
      projects: { displayName: string; setupFilesAfterEnv?: string[]; resolver?: string }[];
    };
    const library = config.projects.find((project) => project.displayName === "library");
    // Only the creation-stack formatting of jest's own source-map support (__tests__/support/creation-stacks.js).
    expect(library?.setupFilesAfterEnv ?? []).toEqual(["<rootDir>/__tests__/support/creation-stacks.js"]);
    expect(library?.resolver).toBeUndefined();
  });
});
