/**
 * `tsx scripts/corpus/make-offline.ts <saved.html> <out.html>`: writes a saved page made to load nothing
 * (scripts/corpus/offline-page.ts) for the real-page corpus (tests/fixtures/corpus/README.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { makeOffline } from './offline-page';

function main(): void {
  const [from, to] = process.argv.slice(2);
  if (!from || !to) throw new Error('usage: make-offline.ts <saved.html> <out.html>');
  writeFileSync(to, makeOffline(readFileSync(from, 'utf8')));
}

main();
