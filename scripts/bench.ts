/**
 * Feedback-loop benchmark: how long synth and the tests take, against the floor of loading cdktf at all.
 *
 *   esbuild scripts/bench.ts --bundle --platform=node --packages=external --outfile=.build/bench.js && node .build/bench.js
 *
 * Flags: `--runs N` (default 5) timed runs per measurement after one untimed warm-up; `--skip-test` skips
 * `npm test` and the jest heap measurement (the slow part); `--no-write` prints without updating
 * docs/performance.md. Run from the repository root. Peak RSS comes from GNU time (`/usr/bin/time`) when it is
 * installed; without it only wall time is measured.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { criticalPathReport } from "./critical-path";

const ROOT = process.cwd();
const DOC = join(ROOT, "docs", "performance.md");
const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";
const GNU_TIME = "/usr/bin/time";
/** One module's test file each, timed alone (`npx jest <file>`). */
const SINGLE_FILES = [
  ["e", "__tests__/constructs/harbor/harbor.test.ts"],
  ["f", "__tests__/stacks/harbor-stack.test.ts"],
] as const;

/** One timed command. */
interface Measurement {
  readonly label: string;
  readonly command: string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Runs once per timed run (and before the warm-up), untimed: e.g. a fresh output folder. */
  readonly before?: () => void;
  /** Checks a run's result (untimed); throws when the run did not do its job. */
  readonly after?: () => void;
  /** Record a non-zero exit instead of aborting (`npm test` while someone is editing). */
  readonly allowFailure?: boolean;
}

interface Result {
  readonly label: string;
  readonly command: string;
  readonly wallMs: number[];
  /** CPU time (user + system, the command and the children it waited for) per run, in ms; empty without GNU time. */
  readonly cpuMs: number[];
  /** Largest resident set of the process or any descendant it waited for, in KiB; undefined without GNU time. */
  readonly peakRssKiB?: number;
  /** Runs that exited non-zero (only with `allowFailure`). */
  readonly failures: number;
}

interface Options {
  readonly runs: number;
  readonly skipTest: boolean;
  readonly write: boolean;
}

function parseArgs(argv: string[]): Options {
  let runs = 5;
  let skipTest = false;
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--runs" || arg.startsWith("--runs=")) {
      const value = arg === "--runs" ? argv[++i] : arg.slice("--runs=".length);
      runs = Number(value);
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs needs a whole number >= 1, got "${value}"`);
    } else if (arg === "--skip-test") {
      skipTest = true;
    } else if (arg === "--no-write") {
      write = false;
    } else if (arg === "--help" || arg === "-h") {
      console.log("usage: node .build/bench.js [--runs N] [--skip-test] [--no-write]");
      process.exit(0);
    } else {
      throw new Error(`unknown argument "${arg}" (try --help)`);
    }
  }
  return { runs, skipTest, write };
}

/** Whether GNU time works here (BusyBox `time` has no `-o`, and the binary may be missing). */
function gnuTimeWorks(scratch: string): boolean {
  if (!existsSync(GNU_TIME)) return false;
  const out = join(scratch, "time-probe");
  const probe = spawnSync(GNU_TIME, ["-f", "%M", "-o", out, "true"], { encoding: "utf8" });
  return probe.status === 0 && existsSync(out) && /^\d+\s*$/m.test(readFileSync(out, "utf8"));
}

/** Runs a command once; returns wall time (ms) and, with GNU time, peak RSS (KiB). Throws if it fails. */
function runOnce(
  m: Measurement,
  scratch: string,
  useTime: boolean,
): { ms: number; cpuMs?: number; rssKiB?: number; failed: boolean; output: string } {
  m.before?.();
  const rssFile = join(scratch, "rss");
  rmSync(rssFile, { force: true });
  const [file, ...args] = useTime ? [GNU_TIME, "-f", "%M %U %S", "-o", rssFile, ...m.command] : m.command;
  const start = process.hrtime.bigint();
  const child = spawnSync(file, args, {
    cwd: ROOT,
    env: { ...process.env, ...m.env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.error) throw child.error;
  const output = `${child.stdout ?? ""}${child.stderr ?? ""}`;
  const failed = child.status !== 0;
  if (failed && !m.allowFailure) {
    throw new Error(`${m.label}: "${m.command.join(" ")}" exited with ${child.status}\n${output}`);
  }
  if (!failed) m.after?.();
  // GNU time appends "Command exited with non-zero status N" before the number when the command fails.
  const time = useTime ? readFileSync(rssFile, "utf8").match(/^(\d+) ([\d.]+) ([\d.]+)\s*$/m) : null;
  return {
    ms,
    cpuMs: time ? (Number(time[2]) + Number(time[3])) * 1000 : undefined,
    rssKiB: time ? Number(time[1]) : undefined,
    failed,
    output,
  };
}

function measure(m: Measurement, runs: number, scratch: string, useTime: boolean): Result {
  process.stderr.write(`bench: ${m.label} (warm-up + ${runs} runs) `);
  runOnce(m, scratch, useTime); // warm-up: file system cache, the jest transform and tsc caches
  const wallMs: number[] = [];
  const cpuMs: number[] = [];
  let peak: number | undefined;
  let failures = 0;
  for (let i = 0; i < runs; i++) {
    const { ms, cpuMs: cpu, rssKiB, failed } = runOnce(m, scratch, useTime);
    wallMs.push(ms);
    if (cpu !== undefined) cpuMs.push(cpu);
    if (rssKiB !== undefined) peak = Math.max(peak ?? 0, rssKiB);
    if (failed) failures++;
    process.stderr.write(failed ? "F" : ".");
  }
  process.stderr.write("\n");
  return { label: m.label, command: m.command.join(" "), wallMs, cpuMs, peakRssKiB: peak, failures };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * A config with `count` instances: names i0.., region fra1, clusters c-0..c-4 (so several instances share a
 * cluster, each in its own namespace), every odd instance on the `dev` profile.
 */
function generatedConfig(count: number): string {
  const lines = ["instances:"];
  for (let i = 0; i < count; i++) {
    lines.push(
      `  - name: i${i}`,
      `    region: fra1`,
      `    cluster: c-${i % 5}`,
      `    hostname: i${i}.example.com`,
      `    profile: ${i % 2 === 1 ? "dev" : "ha"}`,
      `    harbor: { namespace: harbor-i${i} }`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * One `jest --logHeapUsage` run: heap in use after each test file (MB, largest first), and, with GNU time, the
 * peak RSS of the largest jest process (a worker: the parent stays small).
 */
interface JestRun {
  readonly heaps: { file: string; heapMB: number }[];
  /** Each test file's time inside the full run (two at a time), longest first. */
  readonly files: { file: string; ms: number }[];
  readonly rssKiB?: number;
}

/**
 * One `jest --logHeapUsage --json` run: heap in use after each test file (MB, largest first), each file's time, and,
 * with GNU time, the peak RSS of the largest jest process (a worker: the parent stays small).
 */
function jestRun(scratch: string, useTime: boolean): JestRun {
  process.stderr.write("bench: npm test -- --logHeapUsage --json (once)\n");
  // jest as `npm test` runs it (package.json), with the heap logged after each test file.
  const report = join(scratch, "jest.json");
  const jestCommand = ["npm", "test", "--silent", "--", "--logHeapUsage", "--json", `--outputFile=${report}`];
  const run = runOnce({ label: "jest --logHeapUsage", command: jestCommand, allowFailure: true }, scratch, useTime);
  const heaps: { file: string; heapMB: number }[] = [];
  // "PASS app __tests__/x.test.ts (1.2 s, 99 MB heap size)": the jest project's name comes before the file.
  const line = /^(?:PASS|FAIL)\s+(?:(?:app|library)\s+)?(\S+) \((?:[\d.]+ m?s, )?(\d+) MB heap size\)/gm;
  for (const match of run.output.matchAll(line)) heaps.push({ file: match[1], heapMB: Number(match[2]) });
  const files: { file: string; ms: number }[] = [];
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, "utf8")) as {
      testResults: { name: string; startTime: number; endTime: number }[];
    };
    for (const r of json.testResults) files.push({ file: relative(ROOT, r.name), ms: r.endTime - r.startTime });
  }
  return {
    heaps: heaps.sort((a, b) => b.heapMB - a.heapMB),
    files: files.sort((a, b) => b.ms - a.ms),
    rssKiB: run.rssKiB,
  };
}

function cpuModel(): string {
  const list = cpus();
  let model = list[0]?.model?.trim() ?? "";
  if (!model && existsSync("/proc/cpuinfo")) {
    model =
      readFileSync("/proc/cpuinfo", "utf8")
        .match(/^model name\s*:\s*(.+)$/m)?.[1]
        ?.trim() ?? "";
  }
  return `${model || "unknown CPU"} × ${list.length}`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (kib: number | undefined) => (kib === undefined ? "n/a" : `${Math.round(kib / 1024)} MiB`);

function table(results: Result[]): string {
  const rows = [
    "| measurement | median | min | max | median CPU (user+sys) | peak RSS |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...results.map(
      (r) =>
        `| ${r.label} | ${seconds(median(r.wallMs))} | ${seconds(Math.min(...r.wallMs))} | ` +
        `${seconds(Math.max(...r.wallMs))} | ${r.cpuMs.length > 0 ? seconds(median(r.cpuMs)) : "n/a"} | ` +
        `${mib(r.peakRssKiB)} |` +
        (r.failures > 0 ? ` (${r.failures} of ${r.wallMs.length} runs failed)` : ""),
    ),
  ];
  return rows.join("\n");
}

/** Replaces the text between the markers in `existing`, or appends a marked section. */
function replaceSection(existing: string, section: string): string {
  const block = `${START}\n${section.trim()}\n${END}`;
  const start = existing.indexOf(START);
  const end = existing.indexOf(END);
  if (start !== -1 && end > start) return existing.slice(0, start) + block + existing.slice(end + END.length);
  return `${existing.trimEnd()}\n\n${block}\n`;
}

const INTRO = `# Performance

What keeps the feedback loop (edit, synth, test) fast, and what it costs, measured.

\`scripts/bench.ts\` measures it (section below, overwritten by each run):

\`\`\`sh
npm run bench            # or: npm run bench -- --runs 10 --skip-test
\`\`\`
`;

/** Formats Markdown with the project's Prettier settings, so `prettier --check .` stays clean; as is without Prettier. */
async function formatMarkdown(text: string, path: string): Promise<string> {
  try {
    // Loaded at run time from node_modules (the bundle keeps packages external).
    const prettier: typeof import("prettier") = await import("prettier");
    return await prettier.format(text, { ...(await prettier.resolveConfig(path)), filepath: path });
  } catch (error) {
    process.stderr.write(`bench: Prettier unavailable (${(error as Error).message}); writing unformatted\n`);
    return text;
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  // Other work on the machine skews wall times: the report says how busy it was.
  const loadAtStart = loadavg()[0].toFixed(2);
  const scratch = mkdtempSync(join(tmpdir(), "harbor-bench-"));
  try {
    const useTime = gnuTimeWorks(scratch);
    if (!useTime) process.stderr.write(`bench: ${GNU_TIME} (GNU time) not usable: wall time only\n`);

    process.stderr.write("bench: npm run build:app (once, untimed)\n");
    const build = spawnSync("npm", ["run", "--silent", "build:app"], { cwd: ROOT, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`build:app failed\n${build.stdout}${build.stderr}`);

    const example = join(ROOT, "harbor.config.example.yaml");
    const configs: Record<string, string> = { example, "example-direct": example };
    for (const count of [10, 50, 200]) {
      configs[count] = join(scratch, `instances-${count}.yaml`);
      writeFileSync(configs[count], generatedConfig(count));
    }
    const outdirs: Record<string, string> = {};
    const synth = (key: string, label: string, stacks: number, command = ["node", ".build/main.js"]): Measurement => {
      outdirs[key] = join(scratch, `out-${key}`);
      return {
        label,
        command,
        // A fresh output folder per run; cdktf.out is left alone.
        env: { HARBOR_CONFIG: configs[key], CDKTF_OUTDIR: outdirs[key] },
        before: () => rmSync(outdirs[key], { recursive: true, force: true }),
        after: () => {
          const dir = join(outdirs[key], "stacks");
          const found = existsSync(dir) ? readdirSync(dir).length : 0;
          if (found < stacks) throw new Error(`${label}: expected ${stacks}+ stacks in ${dir}, found ${found}`);
        },
      };
    };

    const measurements: Measurement[] = [
      { label: "(a) floor: `node -e \"require('cdktf')\"`", command: ["node", "-e", "require('cdktf')"] },
      // What a user types: npm itself, the freshness check of the bundle and the app, in one process.
      synth("example", "(b) `npm run synth`, example (1 instance)", 1, ["npm", "run", "--silent", "synth"]),
      synth("example-direct", "(b0) `node .build/main.js`, example", 1),
      synth("10", "(c10) synth, 10 instances", 10),
      synth("50", "(c50) synth, 50 instances", 50),
      synth("200", "(c200) synth, 200 instances", 200),
      { label: "esbuild bundle (`npm run build:app`)", command: ["npm", "run", "--silent", "build:app"] },
    ];
    if (!options.skipTest) {
      measurements.push({ label: "(d) `npm test`", command: ["npm", "test", "--silent"], allowFailure: true });
      // One module's tests as a newcomer runs them: the largest construct's (the library, cdktf's own resolver) and
      // the largest stack's (the app, with stacks/cdktf-speed/).
      for (const [key, file] of SINGLE_FILES) {
        measurements.push({
          label: `(${key}) \`npx jest ${file}\``,
          command: ["npx", "jest", file],
          allowFailure: true,
        });
      }
    }

    const results = measurements.map((m) => measure(m, options.runs, scratch, useTime));
    const jest: JestRun = options.skipTest ? { heaps: [], files: [] } : jestRun(scratch, useTime);
    const heaps = jest.heaps;

    const byKey = (prefix: string) => results.find((r) => r.label.startsWith(prefix)) as Result;
    const [floor, one, direct, fifty, twoHundred] = [
      byKey("(a)"),
      byKey("(b)"),
      byKey("(b0)"),
      byKey("(c50)"),
      byKey("(c200)"),
    ];
    const ratio = (a: Result, b: Result) => median(a.wallMs) / median(b.wallMs);
    const synthRatio = ratio(one, floor);
    // CPU time drifts less than wall time on a shared machine: the same ratio in CPU seconds, when measured.
    const cpuRatio = floor.cpuMs.length > 0 ? median(one.cpuMs) / median(floor.cpuMs) : undefined;
    const scaleRatio = ratio(fifty, direct);
    const perInstanceMs = (median(twoHundred.wallMs) - median(direct.wallMs)) / 199;
    const testResult = results.find((r) => r.label.startsWith("(d)"));

    const check = (ok: boolean) => (ok ? "met" : "**missed**");
    const targets = [
      `- \`npm run synth\` of the example / floor, same run: **${synthRatio.toFixed(2)}×** (target ≤ 3×: ` +
        `${check(synthRatio <= 3)})` +
        (cpuRatio === undefined ? "" : `; in CPU time ${cpuRatio.toFixed(2)}×`),
      `- 200 instances: **${seconds(median(twoHundred.wallMs))}** (target < 5 s: ` +
        `${check(median(twoHundred.wallMs) < 5000)}); about ${Math.round(perInstanceMs)} ms per extra instance`,
      `- 50 instances / 1 instance: **${scaleRatio.toFixed(2)}×** (target ≤ 8×: ${check(scaleRatio <= 8)})`,
    ];
    if (testResult) {
      const testMs = median(testResult.wallMs);
      targets.push(`- \`npm test\`, warm cache: **${seconds(testMs)}** (target ≤ 25 s: ${check(testMs <= 25_000)})`);
    }
    for (const [key, file] of SINGLE_FILES) {
      const single = results.find((r) => r.label.startsWith(`(${key})`));
      if (single === undefined) continue;
      const ms = median(single.wallMs);
      targets.push(
        `- one module's tests, \`npx jest ${file}\`: **${seconds(ms)}** (target ≤ 5 s: ${check(ms <= 5000)})`,
      );
    }
    if (jest.files.length > 0) {
      targets.push(
        `- longest test files inside the full run (${jest.files.length} files, two at a time): ` +
          jest.files
            .slice(0, 5)
            .map((f) => `\`${f.file}\` ${seconds(f.ms)}`)
            .join(", "),
      );
    }
    if (heaps.length > 0) {
      targets.push(
        `- jest heap in use after a test file (\`--logHeapUsage\`, largest of ${heaps.length} files): ` +
          `**${heaps[0].heapMB} MB** after \`${heaps[0].file}\``,
      );
    }
    if (jest.rssKiB !== undefined) {
      const workerMiB = jest.rssKiB / 1024;
      targets.push(
        `- jest, largest process (a worker) peak RSS: **${Math.round(workerMiB)} MiB** ` +
          `(target ≤ 400 MB per worker: ${check(workerMiB * 1.048576 <= 400)})`,
      );
    }

    const exampleJson = join(outdirs["example-direct"], "stacks", "harbor-prod", "cdk.tf.json");
    const criticalPath = existsSync(exampleJson)
      ? criticalPathReport(JSON.parse(readFileSync(exampleJson, "utf8")))
      : `(no ${exampleJson}: the example has no instance "prod")`;

    const section = [
      `Measured ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpuModel()}; ` +
        `${options.runs} timed run${options.runs === 1 ? "" : "s"} each after one warm-up` +
        `${useTime ? "" : ", no GNU time (no CPU time, no RSS)"}; load average at start ${loadAtStart}.`,
      "",
      table(results),
      "",
      "Peak RSS is the largest single process (GNU time's maximum resident set size, which covers the children " +
        "it waits for, e.g. jest workers). CPU is user + system time of the command and its children: on a " +
        "machine shared with other work it drifts less than wall time, and the load average says how busy it was.",
      "",
      ...targets,
      "",
      "Critical path of the example stack (what bounds a first `terraform apply`; see `scripts/critical-path.ts`):",
      "",
      "```text",
      criticalPath,
      "```",
    ].join("\n");

    console.log(section);
    if (options.write) {
      mkdirSync(dirname(DOC), { recursive: true });
      const existing = existsSync(DOC) ? readFileSync(DOC, "utf8") : INTRO;
      writeFileSync(DOC, await formatMarkdown(replaceSection(existing, section), DOC));
      process.stderr.write(`bench: wrote ${DOC}\n`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
});
