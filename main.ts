import { basename, relative } from "node:path";
import {
  CONFIG_ENV,
  ConfigError,
  EXAMPLE_CONFIG,
  LOCAL_CONFIG,
  loadConfigFile,
  resolveConfigPath,
} from "./config/load";
import { ValidationError } from "./constructs/core/errors";
import { estimateCost, formatCostEstimate, formatCostSummary } from "./config/cost";
import { speedUpCdktf } from "./stacks/cdktf-speed";

/** `npm run cost` (`node scripts/run-app.js --cost`): the itemised estimate, without synthesizing. */
const COST_ONLY = process.argv.includes("--cost");

async function main(): Promise<void> {
  try {
    const path = resolveConfigPath();
    const shown = relative(process.cwd(), path) || path;
    // One line, loud when it is the committed example: deploying that by mistake must not go unnoticed. On stdout:
    // the cdktf CLI marks every line the app writes to stderr as [ERROR], and this is information.
    console.log(
      basename(path) === EXAMPLE_CONFIG
        ? `harbor-doks: using config ${shown} (the committed EXAMPLE: its stacks fail at plan and deploy nothing; ` +
            `copy it to ${LOCAL_CONFIG} or set ${CONFIG_ENV})`
        : `harbor-doks: using config ${shown}`,
    );
    // Validate everything first; then synthesize into a scratch folder that replaces cdktf.out only
    // on success, so neither a bad config nor a failing construct leaves cdktf.out changed.
    const config = loadConfigFile(path);
    if (COST_ONLY) {
      // Always an answer: a size without a price is listed as "not priced" and the total becomes a lower bound.
      console.log(formatCostEstimate(estimateCost(config)));
      return;
    }
    // Loaded only now: a config error is reported without paying for cdktf and the providers. The app reports
    // errors by message, so it needs neither cdktf's per-token creation stacks nor the modules it never calls; its
    // resolver does less (stacks/cdktf-speed/, off with HARBOR_DOKS_PLAIN_CDKTF=1).
    speedUpCdktf();
    // require, not import(): importing a CommonJS package goes through Node's ESM loader, which first parses cdktf
    // and every module it re-exports to list their names (about 50 ms). The app's own modules are bundled.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
    const { App } = require("cdktf") as typeof import("cdktf");
    const [{ buildApp }, { synthesizeAtomically }, { guardExampleStacks }, inputs] = await Promise.all([
      import("./stacks/app"),
      import("./stacks/synth-output"),
      import("./stacks/example-guard"),
      import("./stacks/plan-inputs"),
    ]);
    let planInputs: string[] = [];
    synthesizeAtomically(process.env.CDKTF_OUTDIR ?? "cdktf.out", (outdir) => {
      const app = buildApp(config, new App({ outdir }));
      guardExampleStacks(app, path);
      app.synth();
      // From the synthesized stacks' own variables, providers and backends, so the list cannot drift from them.
      planInputs = inputs.formatPlanInputs(inputs.planInputs(app));
    });
    for (const line of planInputs) console.log(line);
    printCostSummary(config);
  } catch (error) {
    // Users get the message, not a stack trace: every error we raise names the setting to fix. Anything else is a
    // bug of this app (or of a library under it), reported as one, with its stack.
    if (error instanceof ConfigError) console.error(error.message);
    else if (error instanceof ValidationError) console.error(`harbor-doks: ${error.message}`);
    else console.error(`harbor-doks: internal error, please report it: ${(error as Error).stack ?? error}`);
    process.exitCode = 1;
  }
}

/** After a successful synth: one line per instance and a total (stdout, like every line that is not an error). */
function printCostSummary(config: Parameters<typeof estimateCost>[0]): void {
  for (const line of formatCostSummary(estimateCost(config))) console.log(line);
}

void main();
