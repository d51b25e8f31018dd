/* eslint-disable @typescript-eslint/no-require-imports -- scripts/prepare.js is plain CommonJS, run before any build */
const { packing } = require("../../scripts/prepare.js") as { packing: (env: NodeJS.ProcessEnv) => boolean };

describe("scripts/prepare.js", () => {
  it("builds when npm packs the directory (pack, publish, a git URL install): pacote sets npm_package_resolved", () => {
    expect(packing({ npm_package_resolved: "/tmp/git-clone-abc", npm_command: "install" })).toBe(true);
    expect(packing({ npm_package_resolved: "/work/harbor-doks", npm_command: "pack" })).toBe(true);
  });

  it("does nothing after npm ci or npm install in a checkout, which set no npm_package_resolved", () => {
    expect(packing({ npm_command: "ci", npm_lifecycle_event: "prepare" })).toBe(false);
    expect(packing({ npm_command: "install", npm_package_resolved: "" })).toBe(false);
  });
});
