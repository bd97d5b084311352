import { existsSync } from 'node:fs';
import { checkThisMachine } from '../../scripts/system-probe';
import { EXTENSION_DIRS } from './harness/browsers';

/**
 * Before any browser starts: the machine has what `npm test` needs (the same
 * check as its first step, for a run of the end-to-end tests alone), and both
 * builds are there.
 */
export default function setup(): void {
  const missing = checkThisMachine('test');
  if (missing) throw new Error(missing);
  for (const [name, dir] of Object.entries(EXTENSION_DIRS)) {
    if (!existsSync(`${dir}/manifest.json`)) {
      throw new Error(
        `No ${name} build at ${dir}. Run "npm run build && npm run build:firefox" (npm run test:e2e does).`,
      );
    }
  }
}
