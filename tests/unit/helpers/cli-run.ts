/**
 * Runs the CLI in the test's process, capturing what it prints; and temp
 * folders removed after each test.
 */
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { runCli } from '../../../src/cli/main';

type Out = Parameters<typeof runCli>[1];

export async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const out = { write: (s: string) => ((stdout += s), true) } as unknown as Out;
  const err = { write: (s: string) => ((stderr += s), true) } as unknown as Out;
  const code = await runCli(argv, out, err);
  return { code, stdout, stderr };
}

const temps: string[] = [];
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tweet-mender-cli-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Every file below a folder, with its bytes, by path ("/"-separated): a listing to compare before and after. */
export function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub)).sort()) {
      const rel = sub ? `${sub}/${name}` : name;
      const stat = lstatSync(join(dir, rel));
      if (stat.isSymbolicLink()) out.set(rel, Buffer.from(`-> ${readlinkSync(join(dir, rel))}`));
      else if (stat.isDirectory()) walk(rel);
      else out.set(rel, readFileSync(join(dir, rel)));
    }
  };
  walk('');
  return out;
}
