import { existsSync } from "node:fs";
import * as path from "node:path";

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
