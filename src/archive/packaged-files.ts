import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every file of the packaged copy, as paths relative to its folder (node
 * only: used by wxt.config.ts to ship the files, and by the CLI).
 */
export function listPackagedArchiveFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.json')) out.push(relative(root, path).split('\\').join('/'));
    }
  };
  walk(root);
  return out;
}
