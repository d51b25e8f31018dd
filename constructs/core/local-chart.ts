import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { TerraformStack } from "cdktf";
import type { ISynthesisSession } from "cdktf";
// cdktf's hook for writing files beside a stack at synth; TerraformAsset uses it too. Not re-exported by the package
// index, hence the module path. TerraformAsset itself would copy the chart folder file by file into every stack.
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import { Construct } from "constructs";
import { ChartArchive, packChart } from "./chart-archive";

/**
 * Folder of a chart shipped in this package's `charts/`, at the package root: two levels up from this file in the
 * source tree (`constructs/core/`), one from the app bundle (`.build/`), three from `dist/constructs/core/` when
 * published.
 */
export function localChartPath(name: string): string {
  const candidates = [1, 2, 3].map((up) => path.resolve(__dirname, ...Array<string>(up).fill(".."), "charts"));
  const root = candidates.find((dir) => existsSync(path.join(dir, name, "Chart.yaml"))) ?? candidates[0];
  return path.join(root, name);
}

/** Each chart is packed once per process, however many stacks ship it. */
const packed = new Map<string, ChartArchive>();

/** Properties of a {@link LocalChart}. */
export interface LocalChartProps {
  /** The chart's folder name under this package's `charts/`. */
  readonly name: string;
}

/**
 * One of this package's charts, packed and written into the stack's folder at synth as a single archive, so the
 * stack's folder holds all its Helm releases need (CI plans it on its own).
 * Later changes: a change to any file of the chart changes the archive's name, so the releases that use it see a
 * new `chart` and upgrade in place (the helm provider, 3.1.1, replaces a release only for a new `name` or
 * `namespace`); an unchanged chart leaves them alone. Nothing to destroy: the archive is a file
 * of the synthesized output, and an older one of the same chart is removed when a new one is written.
 */
export class LocalChart extends Construct {
  /** The archive's path relative to the stack's folder, where Terraform runs: a `helm_release` `chart`. */
  public readonly path: string;

  constructor(scope: Construct, id: string, props: LocalChartProps) {
    super(scope, id);
    let archive = packed.get(props.name);
    if (archive === undefined) {
      archive = packChart(localChartPath(props.name));
      packed.set(props.name, archive);
    }
    this.path = archive.fileName;
    const stack = TerraformStack.of(this);
    const { fileName, bytes } = archive;
    addCustomSynthesis(this, {
      onSynthesize: (session: ISynthesisSession) => {
        const folder = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
        const stale = new RegExp(`^${props.name}-[0-9a-f]{16}\\.tgz$`);
        for (const file of readdirSync(folder)) {
          if (file !== fileName && stale.test(file)) rmSync(path.join(folder, file));
        }
        writeFileSync(path.join(folder, fileName), bytes);
      },
    });
  }
}
