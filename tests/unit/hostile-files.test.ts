// @vitest-environment node
/**
 * Hostile and huge input files (docs/security.md, "Hostile file"): zips read
 * by their central directory, only the data files the importer needs; every
 * inflate capped by the declared and the actual size; a several-GB export
 * read for its tweets only; records rebuilt from known fields. The inputs are
 * built here: zip bombs, a 5 GiB ZIP64 export (its media a sparse hole), a
 * .warc.gz bomb, JSON with "__proto__" keys.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { Inflate } from 'fflate';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { bytesSource, type ByteSource } from '../../src/archive/importers/byte-source';
import { importSource } from '../../src/archive/importers/import-source';
import { inflateCapped } from '../../src/archive/importers/inflate';
import { InputLimitError } from '../../src/archive/importers/limits';
import { importXArchive } from '../../src/archive/importers/x-archive';
import type { ArchivedTweet } from '../../src/archive/schema';
import { openUserArchive } from '../../src/archive/user-archive';
import { withFileSource } from '../../src/cli/file-source';
import { nodeImportContext, readExportFolderBytes, readMeta } from '../../src/cli/sources';
import { makeTweet } from './helpers/archive';
import { EXPORT_TWEETS, FORMATS_DIR } from './helpers/archive-expected';
import { run, snapshot, tempDir } from './helpers/cli-run';
import {
  deflated,
  stored,
  writeZipFile,
  zerosCrc,
  zerosDeflated,
  zerosEntry,
  zipBytes,
  type EntrySpec,
} from './helpers/zip-files';
import { startSearchIndex } from '../../src/library/index-build';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const TOP = 'twitter-2023-07-02-sample';
const PHOTO = 'data/tweets_media/1541752634348019715-FWVnxzyWIAIEZU3.png';

/** A source that records every range read from it. */
function counted(source: ByteSource) {
  const reads: [number, number][] = [];
  return {
    reads,
    total: () => reads.reduce((n, [a, b]) => n + b - a, 0),
    touches: (start: number, end: number) => reads.some(([a, b]) => a < end && b > start),
    source: {
      size: source.size,
      read: (offset: number, length: number) => {
        reads.push([offset, Math.min(source.size, offset + length)]);
        return source.read(offset, length);
      },
    } satisfies ByteSource,
  };
}

/** The sample export's files as zip entries under X's top folder (deflated), with its photo unless told. */
async function exportEntries(photo = true): Promise<EntrySpec[]> {
  const files = await readExportFolderBytes(join(FORMATS_DIR, 'x-archive'));
  const entries = [...files]
    .filter(([path]) => path !== PHOTO)
    .map(([path, content]) => deflated(`${TOP}/${path}`, content));
  if (photo) entries.push(stored(`${TOP}/${PHOTO}`, readFileSync(join(FORMATS_DIR, 'x-archive', PHOTO))));
  return entries;
}

/** The expected records (written by hand for the folder) as they read from a zip at `zipPath`. */
const fromZip = (zipPath: string) =>
  EXPORT_TWEETS.map((t) =>
    JSON.parse(JSON.stringify(t).replaceAll('x-archive/x-archive/', `${zipPath}/${TOP}/`)),
  ) as ArchivedTweet[];
const byKey = (t: ArchivedTweet) => `${t.id} ${t.sources[0]?.file} ${t.sources[0]?.pointer ?? ''}`;
const sorted = (tweets: ArchivedTweet[]) => [...tweets].sort((a, b) => (byKey(a) < byKey(b) ? -1 : 1));

describe('a zip is read by its central directory', () => {
  it('an export zipped with ZIP64 by Info-ZIP gives the records of the folder', async () => {
    const result = await withFileSource('tests/fixtures/zip/x-archive-sample.zip64.zip', (bytes) =>
      importSource({ file: 'mine.zip', bytes }, nodeImportContext),
    );
    expect(sorted(result.tweets)).toEqual(sorted(fromZip('mine.zip')));
  });

  it('reads the directory and the data files only: a media entry is never read', async () => {
    const media = new Uint8Array(3 * MiB).map((_, i) => (i * 2654435761) >>> 24);
    const zip = zipBytes([...(await exportEntries(false)), stored(`${TOP}/${PHOTO}`, media)]);
    const mediaStart = Buffer.from(zip).indexOf(Buffer.from(media.subarray(0, 64)));
    expect(mediaStart).toBeGreaterThan(0);
    const spy = counted(bytesSource(zip));
    const result = await importSource({ file: 'x.zip', bytes: spy.source }, nodeImportContext);
    expect(sorted(result.tweets)).toEqual(sorted(fromZip('x.zip')));
    // The photo is matched to its tweet by name, its bytes untouched.
    const photo = result.tweets.find((t) => t.id === '1541752634348019715')?.media[0];
    expect(photo?.file).toBe(`x.zip/${TOP}/${PHOTO}`);
    expect(spy.touches(mediaStart, mediaStart + media.length)).toBe(false);
    expect(spy.total()).toBeLessThan(zip.length - media.length);
  });
});

describe('a zip bomb', () => {
  // 1 MiB of zip whose data/tweets.js inflates to 1 GiB of zeros (checked by Python's zipfile when written).
  const bomb = (declare?: number) => zipBytes([zerosEntry('data/tweets.js', 1024, declare)]);

  it('that declares its size is refused before anything is inflated, naming the file and the limit', async () => {
    const zip = bomb();
    expect(zip.length).toBeLessThan(1.1 * MiB);
    const spy = counted(bytesSource(zip));
    const pushed = vi.spyOn(Inflate.prototype, 'push');
    await expect(importSource({ file: 'bomb.zip', bytes: spy.source }, nodeImportContext)).rejects.toThrow(
      'bomb.zip: data/tweets.js would inflate to 1.0 GiB, over the 256 MiB limit for one data file of an X export',
    );
    expect(pushed).not.toHaveBeenCalled();
    expect(spy.total()).toBeLessThan(70 * 1024); // the end of the file and its directory
  });

  it('that lies about its size is stopped as soon as its output passes what it declared', async () => {
    const pushed = vi.spyOn(Inflate.prototype, 'push');
    const error = await importSource({ file: 'bomb.zip', bytes: bomb(MiB) }, nodeImportContext).catch((e) => e);
    expect(error).toBeInstanceOf(InputLimitError);
    expect((error as Error).message).toBe(
      'bomb.zip: data/tweets.js inflates to more than the 1 MiB it declares: the file is damaged or hostile',
    );
    // About a kilobyte of it stands for a mebibyte: it stopped there, not after the whole megabyte of input.
    const input = pushed.mock.calls.reduce((n, [chunk]) => n + chunk.length, 0);
    expect(input).toBeLessThan(16 * 1024);
  });

  it('in an entry the importer does not need is never opened', async () => {
    const zip = zipBytes([...(await exportEntries()), zerosEntry(`${TOP}/data/ad-impressions.js`, 1024, MiB)]);
    const result = await importSource({ file: 'x.zip', bytes: zip }, nodeImportContext);
    expect(sorted(result.tweets)).toEqual(sorted(fromZip('x.zip')));
  });

  it('archive import and build refuse it with the file and the limit, and leave sources and output as they were', async () => {
    const dir = tempDir();
    const sources = join(dir, 'sources');
    const out = join(dir, 'out');
    mkdirSync(join(sources, 'articles'), { recursive: true });
    writeFileSync(join(sources, 'articles/a.txt'), 'A title long enough\n\nA paragraph.');
    expect((await run('archive', 'build', '--sources', sources, '--out', out)).code).toBe(0);
    const [sourcesBefore, outBefore] = [snapshot(sources), snapshot(out)];

    writeFileSync(join(dir, 'bomb.zip'), bomb());
    const imported = await run('archive', 'import', join(dir, 'bomb.zip'), '--sources', sources);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain(
      'bomb.zip: x-archive/bomb.zip: data/tweets.js would inflate to 1.0 GiB, over the 256 MiB limit for one data file of an X export',
    );
    expect(snapshot(sources)).toEqual(sourcesBefore);

    // Put among the sources by hand (lying about its size this time), it stops the build; the old output stays.
    writeFileSync(join(sources, 'bomb.zip'), bomb(MiB));
    const built = await run('archive', 'build', '--sources', sources, '--out', out);
    expect(built.code).toBe(1);
    expect(built.stdout).toContain(
      'bomb.zip: cannot be read: bomb.zip: data/tweets.js inflates to more than the 1 MiB it declares',
    );
    expect(snapshot(out)).toEqual(outBefore);
  });
});

/** A gzip member (RFC 1952) around raw DEFLATE data, with the size it declares. */
function gzipMember(deflate: Uint8Array, crc: number, declared: number): Buffer {
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc, 0);
  trailer.writeUInt32LE(declared >>> 0, 4);
  return Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]), deflate, trailer]);
}

describe('gzip and WARC bombs', () => {
  const warcHead = (type: string, length: number, extra = '') =>
    Buffer.from(
      `WARC/1.0\r\nWARC-Type: ${type}\r\nWARC-Record-ID: <urn:x>\r\n${extra}Content-Length: ${length}\r\n\r\n`,
    );

  it('a .warc.gz that inflates hundreds of times its size is stopped at the limit', { timeout: 60_000 }, async () => {
    // A record declaring 256 MiB of zeros: too large to keep, so it is skipped as it inflates, up to the limit.
    const head = warcHead('resource', 256 * MiB, 'Content-Type: video/mp4\r\n');
    const body = zerosDeflated(256);
    const file = Buffer.concat([gzipMember(deflateRawSync(head), crc32(head), head.length), gzipMember(body, 0, 0)]);
    await expect(importSource({ file: 'crawl.warc.gz', bytes: file }, nodeImportContext)).rejects.toThrow(
      /^crawl\.warc\.gz inflates to more than 64 MiB, the limit for a \.warc\.gz of 2\d\d(\.\d)? KiB$/,
    );
  });

  it('a gzip HTTP body in a WARC is held to the size it declares and to the record limit', async () => {
    const response = (gz: Buffer) => {
      const http = Buffer.concat([
        Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n'),
        gz,
      ]);
      return Buffer.concat([
        warcHead('response', http.length, 'WARC-Target-URI: https://example.com/a\r\n'),
        http,
        Buffer.from('\r\n\r\n'),
      ]);
    };
    const html = Buffer.from('<html><body><p>Hello there, this is a page.</p></body></html>');
    const honest = gzipSync(html);
    const lying = Buffer.from(honest);
    lying.writeUInt32LE(10, lying.length - 4);
    await expect(importSource({ file: 'a.warc', bytes: response(lying) }, nodeImportContext)).rejects.toThrow(
      'a.warc <urn:x> inflates to more than the 10 bytes it declares: the file is damaged or hostile',
    );
    const huge = gzipMember(zerosDeflated(1024), 0, GiB);
    await expect(importSource({ file: 'a.warc', bytes: response(huge) }, nodeImportContext)).rejects.toThrow(
      'a.warc <urn:x> would inflate to 1.0 GiB, over the 64 MiB limit for one WARC record',
    );
  });

  it('any inflate gives the data back exactly when it is what it declares, and is refused otherwise', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 4096 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        (content, declared, limit) => {
          const cap = { what: 'x', declared, limit, limitFor: 'a test' };
          const attempt = () => inflateCapped('deflate', deflateRawSync(content), cap);
          if (declared === content.length && content.length <= limit) expect(attempt()).toEqual(content);
          else expect(attempt).toThrow(InputLimitError);
        },
      ),
    );
  });
});

describe('a several-gigabyte export', () => {
  it('a 5 GiB ZIP64 export imports its tweets reading a few kilobytes; its media are never read', async () => {
    const dir = tempDir();
    const path = join(dir, 'x-archive', 'twitter-export.zip');
    mkdirSync(join(dir, 'x-archive'));
    // The sample's photo, as a video of 5 GiB (zeros, stored, left as a sparse hole in the file).
    const video = {
      name: `${TOP}/${PHOTO}`,
      data: { hole: 5 * GiB },
      method: 0 as const,
      crc: zerosCrc(5 * GiB),
      size: 5 * GiB,
    };
    const data = await exportEntries(false);
    const layout = writeZipFile(path, [data[0]!, video, ...data.slice(1)], { zip64: true });
    expect(layout.size).toBeGreaterThan(5 * GiB);
    const videoStart = layout.dataOffsets[1]!;
    const result = await withFileSource(path, async (source) => {
      const spy = counted(source);
      const imported = await importSource(
        { file: 'x-archive/twitter-export.zip', bytes: spy.source },
        nodeImportContext,
      );
      expect(spy.touches(videoStart, videoStart + 5 * GiB)).toBe(false);
      expect(spy.total()).toBeLessThan(256 * 1024);
      return imported;
    });
    expect(sorted(result.tweets)).toEqual(sorted(fromZip('x-archive/twitter-export.zip')));

    // The CLI builds from it, by the same reads.
    const built = await run('archive', 'build', '--sources', dir, '--out', join(tempDir(), 'out'));
    expect(built.stderr).toBe('');
    expect(built.stdout).toContain('Built 0 articles and 10 tweets');
  });
});

describe('records are rebuilt from known fields', () => {
  const hostile = '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "extra": 1}';
  /** The keys of a tweet record, from schema.ts, written out here. */
  const TWEET_KEYS = [
    'v', 'id', 'url', 'status', 'createdAt', 'createdAtFrom', 'createdAtRaw', 'deletedAt', 'author', 'lang', 'text',
    'rawText', 'displayTextRange', 'truncated', 'entities', 'media', 'inReplyTo', 'quoted', 'retweetOf',
    'conversationRootId', 'metrics', 'appearsIn', 'sources',
  ]; // prettier-ignore
  const PROVENANCE_KEYS = ['format', 'file', 'capturedAt', 'sourceUrl', 'note'];

  /** A JSON object with the hostile keys spliced in after `{`. */
  const withHostile = (json: string) => json.replace(/^\{/, `{${hostile.slice(1, -1)}, `);

  it('an exported records file: no key the schema does not have, nothing polluted, also once stored', async () => {
    const tweet = makeTweet('1561850194110595073', {
      author: { handle: 'someone', name: 'Some One', id: null },
      entities: {
        urls: [
          { tco: 'https://t.co/a', expandedUrl: 'https://example.com/', displayUrl: 'example.com', indices: null },
        ],
        mentions: [],
        hashtags: [],
        symbols: [],
      },
    });
    let json = JSON.stringify({ format: 'tweet-mender-user-archive', tweets: [tweet], articles: [] });
    // Hostile keys in the file, the record, its author, its source and one of its entities.
    json = withHostile(json)
      .replace('"v":1', `${hostile.slice(1, -1)}, "v":1`)
      .replace('"handle":"someone"', `${hostile.slice(1, -1)}, "handle":"someone"`)
      .replace('"format":"text"', `${hostile.slice(1, -1)}, "format":"text"`)
      .replace('"tco":"https://t.co/a"', `${hostile.slice(1, -1)}, "tco":"https://t.co/a"`);
    expect(JSON.parse(json).tweets[0]).toHaveProperty('extra', 1);

    const result = await importSource({ file: 'mine.json', bytes: Buffer.from(json) }, nodeImportContext);
    expect(result.notes).toEqual([]);
    const [imported] = result.tweets;
    expect(Object.keys(imported!)).toEqual(TWEET_KEYS);
    expect(Object.keys(imported!.author!)).toEqual(['handle', 'name', 'id']);
    expect(Object.keys(imported!.sources[0]!)).toEqual(PROVENANCE_KEYS);
    expect(Object.keys(imported!.entities.urls[0]!)).toEqual(['tco', 'expandedUrl', 'displayUrl', 'indices']);
    expect(JSON.stringify(result)).not.toMatch(/polluted|extra|__proto__|constructor/);
    expect(imported).toEqual(tweet);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const archive = openUserArchive({ indexedDB: new IDBFactory(), searchIndex: startSearchIndex });
    await archive.addRecords(result, 'mine.json');
    const stored = await archive.getTweet(tweet.id);
    expect(JSON.stringify(stored)).not.toMatch(/polluted|extra|__proto__|constructor/);
    expect(stored).toEqual(tweet);
    archive.close();
  });

  it('an X export with "__proto__" in its tweets and "constructor" among its data types', async () => {
    const files = await readExportFolderBytes(join(FORMATS_DIR, 'x-archive'));
    const edit = (path: string, change: (text: string) => string) =>
      files.set(path, Buffer.from(change(Buffer.from(files.get(path)!).toString('utf8'))));
    const spliced = (text: string) => text.replace(/"tweet" ?: \{/g, (m) => `${m}${hostile.slice(1, -1)}, `);
    edit('data/tweets.js', spliced);
    edit('data/tweets-part1.js', spliced);
    edit('data/manifest.js', (text) =>
      text.replace(
        '"dataTypes" : {',
        '"dataTypes" : { "constructor" : { "files" : [ { "fileName" : "data/like.js" } ] }, ',
      ),
    );
    expect(Buffer.from(files.get('data/tweets.js')!).toString()).toContain('"__proto__"');
    const result = await importXArchive(files, { base: 'x-archive/x-archive' });
    expect(sorted(result.tweets)).toEqual(sorted(EXPORT_TWEETS));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a source's .meta.json gives its known fields only", () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), 'A title\n\nText.');
    writeFileSync(join(dir, 'a.meta.json'), withHostile('{"url": "https://example.com/a", "lang": "en"}'));
    const meta = readMeta(join(dir, 'a.txt'));
    expect(meta).toEqual({ url: 'https://example.com/a', lang: 'en' });
    expect(Object.keys(meta)).toEqual(['url', 'lang']);
    expect(Object.getPrototypeOf(meta)).toBe(Object.prototype);
  });
});
