/** A fenced code block of a Markdown text and the heading it sits under. */
export interface CodeBlock {
  /** Text of the nearest heading above the block, without the `#`s. */
  readonly heading: string;
  readonly code: string;
}

/** The fenced blocks of `language` (```ts ... ```), in order. */
export function codeBlocks(markdown: string, language: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let heading = "";
  let open: { language: string; lines: string[] } | undefined;
  for (const line of markdown.split("\n")) {
    if (open !== undefined) {
      if (/^```\s*$/.test(line)) {
        if (open.language === language) blocks.push({ heading, code: open.lines.join("\n") + "\n" });
        open = undefined;
      } else {
        open.lines.push(line);
      }
      continue;
    }
    const fence = /^```(\S*)/.exec(line);
    if (fence !== null) {
      open = { language: fence[1], lines: [] };
      continue;
    }
    const title = /^#{1,6}\s+(.*?)\s*$/.exec(line);
    if (title !== null) heading = title[1];
  }
  if (open !== undefined) throw new Error(`unclosed \`\`\`${open.language} block under "${heading}"`);
  return blocks;
}

/** The `## title` section of a Markdown text, heading included, up to the next `## ` heading. */
export function sectionOf(markdown: string, title: string): string | undefined {
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => line.trim() === `## ${title}`);
  if (start === -1) return undefined;
  const next = lines.findIndex((line, index) => index > start && /^## /.test(line));
  return lines.slice(start, next === -1 ? undefined : next).join("\n");
}
