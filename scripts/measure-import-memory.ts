/**
 * Peak memory of `tweet-mender archive import` on hostile and huge inputs
 * (docs/security.md, "Hostile file"), each import in its own Node process
 * (its peak resident set, from process.resourceUsage().maxRSS):
 *
 *   baseline      the sample X export (tests/fixtures/formats/x-archive) as a zip
 *   large export  the same with a 400 MiB stored video, written to disk a piece at a time
 *   bomb          1 MiB of zip whose data/tweets.js inflates to 1 GiB, declaring so
 *   lying bomb    the same declaring 1 MiB
 *   bomb at limit the same declaring 255 MiB (just under the limit for one data file)
 *
 *   npx tsx scripts/measure-import-memory.ts [--cli <path to src/cli/main.ts>]
 *
 * --cli measures another copy of the CLI (an older checkout) on the same files.
 * Numbers only: the tests assert what happens (tests/unit/hostile-files.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { crc32 } from 'node:zlib';
import { readExportFolderBytes } from '../src/cli/sources';
import { deflated, writeZipFile, zerosEntry, type EntrySpec } from '../tests/unit/helpers/zip-files';

const MiB = 1024 * 1024;
const { values } = parseArgs({ options: { cli: { type: 'string' } } });
const cli = resolve(values.cli ?? 'src/cli/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'tweet-mender-memory-'));
const TOP = 'twitter-2023-07-02-sample';
const VIDEO = `${TOP}/data/tweets_media/1541752634348019715-FWVnxzyWIAIEZU3.mp4`;

/** The video's bytes: a pseudo-random MiB, each copy stamped with its number, so nothing compresses it. */
function* videoChunks(size: number): Generator<Buffer> {
  const block = Buffer.alloc(MiB);
  let x = 2463534242;
  for (let i = 0; i < MiB; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    block[i] = x & 0xff;
  }
  for (let done = 0, n = 0; done < size; done += MiB, n++) {
    block.writeUInt32LE(n, 0);
    yield block.subarray(0, Math.min(MiB, size - done));
  }
}

async function main() {
  const data: EntrySpec[] = [...(await readExportFolderBytes('tests/fixtures/formats/x-archive'))].map(
    ([path, content]) => deflated(`${TOP}/${path}`, content),
  );
  const files: [string, string][] = [];
  const baseline = join(dir, 'baseline.zip');
  writeZipFile(baseline, data);
  files.push(['baseline (sample export)', baseline]);

  // The large export: the video is a hole in the zip at first, then written into it a MiB at a time.
  const size = 400 * MiB;
  let crc = 0;
  for (const chunk of videoChunks(size)) crc = crc32(chunk, crc);
  const large = join(dir, 'large.zip');
  const layout = writeZipFile(large, [...data, { name: VIDEO, data: { hole: size }, method: 0, crc, size }]);
  const fd = openSync(large, 'r+');
  let at = layout.dataOffsets[data.length] as number;
  for (const chunk of videoChunks(size)) at += writeSync(fd, chunk, 0, chunk.length, at);
  closeSync(fd);
  files.push([`large export (${layout.size >> 20} MiB, a 400 MiB video)`, large]);

  for (const [name, declare] of [
    ['bomb (declares 1 GiB)', undefined],
    ['lying bomb (declares 1 MiB)', MiB],
    ['bomb at the limit (declares 255 MiB)', 255 * MiB],
  ] as const) {
    const path = join(dir, `${name.split(' ')[0]}-${declare ?? 'gib'}.zip`);
    writeZipFile(path, [zerosEntry(`${TOP}/data/tweets.js`, 1024, declare)]);
    files.push([name, path]);
  }

  console.log(`CLI: ${cli}\n`);
  console.log('| input | exit | peak RSS | what it said |');
  console.log('|---|---|---|---|');
  for (const [name, path] of files) {
    const sources = mkdtempSync(join(dir, 'sources-'));
    const runner = `
      const { register } = await import('tsx/esm/api');
      register();
      const { runCli } = await import(${JSON.stringify(cli)});
      let said = '';
      const capture = { write: (s) => ((said += s), true) };
      const code = await runCli(['archive', 'import', ${JSON.stringify(path)}, '--sources', ${JSON.stringify(sources)}], capture, capture);
      process.stdout.write(JSON.stringify({ code, rss: process.resourceUsage().maxRSS, said }));
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', runner], {
      encoding: 'utf8',
      maxBuffer: 64 * MiB,
    });
    let row: string;
    try {
      const { code, rss, said } = JSON.parse(child.stdout) as { code: number; rss: number; said: string };
      const line = said.split('\n').find((l) => /tweet-mender:|→/.test(l)) ?? said.split('\n')[0] ?? '';
      row = `| ${name} | ${code} | ${(rss / 1024).toFixed(0)} MiB | ${line.replaceAll('|', '\\|').slice(0, 160)} |`;
    } catch {
      row = `| ${name} | crashed (${child.status ?? child.signal}) | | ${child.stderr.split('\n').find((l) => /Error|heap/.test(l)) ?? ''} |`;
    }
    console.log(row);
  }
}

try {
  await main();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
