import { rmSync } from "node:fs";
import { basename, join, relative } from "node:path";
import {
  CONFIG_ENV,
  ConfigError,
  EXAMPLE_CONFIG,
  LOCAL_CONFIG,
  loadConfigFile,
  resolveConfigPath,
} from "./config/load";
import { buildApp } from "./stacks/app";

function main(): void {
  try {
    const path = resolveConfigPath();
    const shown = relative(process.cwd(), path) || path;
    // One line, loud when it is the committed example: deploying that by mistake must not go unnoticed.
    console.error(
      basename(path) === EXAMPLE_CONFIG
        ? `harbor-doks: using config ${shown} (the committed EXAMPLE: copy it to ${LOCAL_CONFIG} or set ${CONFIG_ENV})`
        : `harbor-doks: using config ${shown}`,
    );
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
