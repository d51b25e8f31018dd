import { basename, relative } from "node:path";
import {
  CONFIG_ENV,
  ConfigError,
  EXAMPLE_CONFIG,
  LOCAL_CONFIG,
  loadConfigFile,
  resolveConfigPath,
} from "./config/load";
import { estimateCost, formatCostEstimate, formatCostSummary } from "./config/cost";
import { deferCdktfUnusedModules, skipCreationStacks } from "./stacks/cdktf-startup";

/** `npm run cost` (`node scripts/run-app.js --cost`): the itemised estimate, without synthesizing. */
const COST_ONLY = process.argv.includes("--cost");

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
    if (COST_ONLY) {
      // A size without a price throws here, naming it and config/prices.ts: an estimate never counts it as zero.
      console.log(formatCostEstimate(estimateCost(config)));
      return;
    }
    // Loaded only now: a config error is reported without paying for cdktf and the providers. The app reports
    // errors by message, so it needs neither cdktf's per-token creation stacks nor the modules it never calls.
    deferCdktfUnusedModules();
    skipCreationStacks();
    const [{ App }, { buildApp }, { synthesizeAtomically }] = await Promise.all([
      import("cdktf"),
      import("./stacks/app"),
      import("./stacks/synth-output"),
    ]);
    synthesizeAtomically(process.env.CDKTF_OUTDIR ?? "cdktf.out", (outdir) =>
      buildApp(config, new App({ outdir })).synth(),
    );
    printCostSummary(config);
  } catch (error) {
    // Users get the message, not a stack trace: every error we raise names the setting to fix.
    console.error(error instanceof ConfigError ? error.message : `harbor-doks: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}

/** After a successful synth: one line per instance and a total. A missing price is reported, not fatal: synth worked. */
function printCostSummary(config: Parameters<typeof estimateCost>[0]): void {
  try {
    for (const line of formatCostSummary(estimateCost(config))) console.error(line);
  } catch (error) {
    console.error(`harbor-doks: no cost estimate: ${(error as Error).message}`);
  }
}

void main();
