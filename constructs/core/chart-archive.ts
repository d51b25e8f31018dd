import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { gzipSync } from "node:zlib";

/** A chart folder packed the way `helm package` lays it out: one gzipped tar, entries under `<chart>/`. */
export interface ChartArchive {
  /** `<chart>-<16 hex digits of the content's SHA-256>.tgz`: a changed file changes the name. */
  readonly fileName: string;
  readonly bytes: Buffer;
}

const BLOCK = 512;
/** ustar keeps a name of up to 100 bytes in its own field; longer ones would need the prefix field. */
const NAME_BYTES = 100;

/**
 * Packs a chart folder (every file below it, in name order) into a chart archive. Deterministic: no times, owners
 * or modes from the file system, so the same files always give the same bytes and the same name; a stack that
 * ships the chart changes only when the chart does. Helm loads such an archive as it loads the folder.
 *
 * Written here rather than taken from a tar library: the subset Helm reads is a header of fixed fields per file,
 * and a runtime dependency would be loaded by every synth of every user.
 */
export function packChart(dir: string): ChartArchive {
  const chart = path.basename(dir);
  const entries: Buffer[] = [];
  for (const relative of filesBelow(dir)) {
    const data = readFileSync(path.join(dir, relative));
    entries.push(tarHeader(`${chart}/${relative}`, data.length), data, Buffer.alloc(padding(data.length)));
  }
  // The end of an archive: two empty blocks.
  const tar = Buffer.concat([...entries, Buffer.alloc(2 * BLOCK)]);
  const digest = createHash("sha256").update(tar).digest("hex").slice(0, 16);
  return { fileName: `${chart}-${digest}.tgz`, bytes: gzipSync(tar, { level: 9 }) };
}

/** Relative paths (with `/`) of the files below `dir`, sorted. */
function filesBelow(dir: string, prefix = ""): string[] {
  const files: string[] = [];
  const entries = readdirSync(path.join(dir, prefix), { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...filesBelow(dir, relative));
    else if (entry.isFile()) files.push(relative);
  }
  return files;
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** The 512-byte ustar header of a regular file: mode 0644, owner 0, time 0. */
function tarHeader(name: string, size: number): Buffer {
  const header = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) > NAME_BYTES) {
    throw new Error(`chart file name ${name} is longer than ${NAME_BYTES} bytes; shorten it`);
  }
  header.write(name, 0, NAME_BYTES, "utf8");
  const octal = (value: number, width: number) => `${value.toString(8).padStart(width - 1, "0")}\0`;
  header.write(octal(0o644, 8), 100, "ascii");
  header.write(octal(0, 8), 108, "ascii");
  header.write(octal(0, 8), 116, "ascii");
  header.write(octal(size, 12), 124, "ascii");
  header.write(octal(0, 12), 136, "ascii");
  header.write("0", 156, "ascii");
  header.write("ustar\0" + "00", 257, "ascii");
  // The checksum is the byte sum of the header with its own field read as spaces.
  header.write(" ".repeat(8), 148, "ascii");
  const sum = header.reduce((total, byte) => total + byte, 0);
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return header;
}
