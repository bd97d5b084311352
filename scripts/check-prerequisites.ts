/**
 * The first step of `npm test` (and of `npm start`, with the argument
 * "start"): checks that this machine has everything the command needs
 * (scripts/prerequisites.ts) and, if not, says exactly what is missing and the
 * one command that installs it, instead of letting a test fail later for a
 * reason it cannot name.
 */
import type { Purpose } from './prerequisites';
import { checkThisMachine } from './system-probe';

function main(): void {
  const purpose: Purpose = process.argv[2] === 'start' ? 'start' : 'test';
  const report = checkThisMachine(purpose);
  if (report) {
    console.error(report);
    process.exit(1);
  }
  console.log(
    `Prerequisites: Node.js ${process.versions.node} and ${purpose === 'start' ? 'Chromium' : 'every package of .ci/apt-packages'} are here.`,
  );
}

main();
