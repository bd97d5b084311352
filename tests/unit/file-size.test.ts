/**
 * No file in src/ longer than about 400 lines without a reason written at its
 * top (issue 11, "Proof"): a long file is where a newcomer gets lost, and the
 * content controller grew to 1,067 lines before it was split along its seams.
 * A file may be longer when its opening comment says why, in a sentence that
 * begins "Longer than 400 lines" (src/archive/schema.ts does).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const MAX_LINES = 400;
/** How far into a file the reason may be: its opening comment. */
const TOP = 2000;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : /\.(ts|tsx|css|html)$/.test(entry.name)
        ? [join(dir, entry.name)]
        : [],
  );
}

/** The files of `files` longer than MAX_LINES whose top does not say why. */
function findLongFiles(files: Map<string, string>): string[] {
  const long: string[] = [];
  for (const [file, text] of files) {
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > MAX_LINES && !/Longer than 400 lines\b/.test(text.slice(0, TOP))) long.push(`${file}: ${lines} lines`);
  }
  return long;
}

describe('file size', () => {
  it('no file in src/ is over 400 lines without a reason at its top', () => {
    const files = new Map(sourceFiles('src').map((file) => [file, readFileSync(file, 'utf8')]));
    expect(files.size).toBeGreaterThan(50);
    expect(findLongFiles(files)).toEqual([]);
  });

  it('the check itself finds a long file without a reason, and not one with', () => {
    const body = 'const a = 1;\n'.repeat(MAX_LINES + 1);
    const files = new Map([
      ['src/a.ts', body],
      ['src/b.ts', `/**\n * Longer than 400 lines on purpose: a table.\n */\n${body}`],
      ['src/c.ts', 'const a = 1;\n'.repeat(MAX_LINES)],
    ]);
    expect(findLongFiles(files)).toEqual([`src/a.ts: ${MAX_LINES + 1} lines`]);
  });
});
