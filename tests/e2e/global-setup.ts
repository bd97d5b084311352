import { existsSync } from 'node:fs';
import { EXTENSION_DIRS } from './harness/browsers';
import { assertBrowsersInstalled } from './harness/system-browsers';

export default function setup(): void {
  assertBrowsersInstalled();
  for (const [name, dir] of Object.entries(EXTENSION_DIRS)) {
    if (!existsSync(`${dir}/manifest.json`)) {
      throw new Error(
        `No ${name} build at ${dir}. Run "npm run build && npm run build:firefox" (npm run test:e2e does).`,
      );
    }
  }
}
