// `npm run fuzz -- [--runs N] [--seed S] [--synth-percent P] [--shrink]`: the property of __tests__/config/fuzz.test.ts (no
// config meets an internal error) over more generated configs than `npm test` runs. Prints how many cases ran and what
// became of them; on a failure, the shrunk config and why, to be added to FOUND in the suite once fixed. Exit 1 then.
import fc from "fast-check";
import { Outcome, configTextArbitrary, outcomeProblem, runConfig } from "../__tests__/support/config-fuzz";

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name} takes a whole number, got ${process.argv[at + 1]}`);
  return value;
}

const runs = option("runs", 2000);
const seed = option("seed", Date.now() % 2 ** 31);
const synthPercent = option("synth-percent", 10);
// Shrinking repeats the case many times, each synthesizing again: off unless asked for.
const shrink = process.argv.includes("--shrink");

const counts: Record<Outcome["kind"], number> = { synthesized: 0, accepted: 0, "config-error": 0, failure: 0 };
const started = Date.now();
const result = fc.check(
  fc.property(configTextArbitrary, fc.nat(99), ({ text }, dice) => {
    const outcome = runConfig(text, dice < synthPercent);
    counts[outcome.kind]++;
    const problem = outcomeProblem(outcome);
    if (problem !== undefined) throw new Error(`${problem}\n--- config:\n${text}`);
  }),
  { seed, numRuns: runs, endOnFailure: !shrink },
);
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(
  `fuzz-config: seed ${seed}, ${result.numRuns} cases in ${seconds} s: ${counts.synthesized} synthesized, ` +
    `${counts.accepted} valid (validated only), ${counts["config-error"]} refused with a config error`,
);
if (result.failed) {
  console.log(`FAILED after ${result.numRuns} cases (shrunk ${result.numShrinks} times):`);
  console.log(String((result.errorInstance as Error)?.message ?? result.errorInstance));
  process.exitCode = 1;
} else {
  console.log(`no failure in ${result.numRuns} cases`);
}
