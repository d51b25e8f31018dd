import { existsSync } from "node:fs";
import * as path from "node:path";

/**
 * Folder of a chart shipped in this package's `charts/`. It sits beside `constructs/` in the source
 * tree and in the app bundle (`.build/`), and two levels up from `dist/constructs/` when published.
 */
export function localChartPath(name: string): string {
  const candidates = [path.resolve(__dirname, "..", "charts"), path.resolve(__dirname, "..", "..", "charts")];
  const root = candidates.find((dir) => existsSync(path.join(dir, name, "Chart.yaml"))) ?? candidates[0];
  return path.join(root, name);
}
