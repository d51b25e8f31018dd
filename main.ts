import { rmSync } from "node:fs";
import { join, relative } from "node:path";
import { ConfigError, loadConfigFile, resolveConfigPath } from "./config/load";
import { buildApp } from "./stacks/app";

function main(): void {
  try {
    const path = resolveConfigPath();
    console.error(`harbor-doks: using config ${relative(process.cwd(), path) || path}`);
    // Validate everything before the App exists: App creates its output folder at once, and a bad
    // config must leave cdktf.out untouched.
    const config = loadConfigFile(path);
    // Stacks of instances removed from the config would linger and be planned by CI; state files
    // live outside cdktf.out, so clearing the stacks folder loses nothing.
    rmSync(join(process.env.CDKTF_OUTDIR ?? "cdktf.out", "stacks"), { recursive: true, force: true });
    buildApp(config).synth();
  } catch (error) {
    // Users get the message, not a stack trace: every error we raise names the setting to fix.
    console.error(error instanceof ConfigError ? error.message : `harbor-doks: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}

main();
