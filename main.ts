import { basename, relative } from "node:path";
import {
  CONFIG_ENV,
  ConfigError,
  EXAMPLE_CONFIG,
  LOCAL_CONFIG,
  loadConfigFile,
  resolveConfigPath,
} from "./config/load";

async function main(): Promise<void> {
  try {
    const path = resolveConfigPath();
    const shown = relative(process.cwd(), path) || path;
    // One line, loud when it is the committed example: deploying that by mistake must not go unnoticed.
    console.error(
      basename(path) === EXAMPLE_CONFIG
        ? `harbor-doks: using config ${shown} (the committed EXAMPLE: copy it to ${LOCAL_CONFIG} or set ${CONFIG_ENV})`
        : `harbor-doks: using config ${shown}`,
    );
    // Validate everything first; then synthesize into a scratch folder that replaces cdktf.out only
    // on success, so neither a bad config nor a failing construct leaves cdktf.out changed.
    const config = loadConfigFile(path);
    // Loaded only now: a config error is reported without paying for cdktf and the providers.
    const [{ App }, { buildApp }, { synthesizeAtomically }] = await Promise.all([
      import("cdktf"),
      import("./stacks/app"),
      import("./stacks/synth-output"),
    ]);
    synthesizeAtomically(process.env.CDKTF_OUTDIR ?? "cdktf.out", (outdir) =>
      buildApp(config, new App({ outdir })).synth(),
    );
  } catch (error) {
    // Users get the message, not a stack trace: every error we raise names the setting to fix.
    console.error(error instanceof ConfigError ? error.message : `harbor-doks: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}

void main();
