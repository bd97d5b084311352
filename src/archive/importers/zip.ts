/**
 * Reads a zip (an X export) by its central directory, from a file read by
 * ranges (byte-source.ts), in the browser and in node alike. Listing the
 * entries reads the end of the file only; an entry's bytes are read, and
 * inflated under a cap (inflate.ts), only when an importer asks for them, so
 * the photos and videos of a real export (gigabytes) are listed by name and
 * never read (docs/security.md, "Hostile file").
 *
 * Format: PKWARE's APPNOTE.TXT 6.3.10
 * (https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT), section 4.3.7
 * local file header, section 4.3.12 central directory header, section 4.3.14–4.3.16 the
 * ZIP64 and classic end of central directory records, section 4.5.3 the ZIP64
 * extra field. Exports over 4 GiB are ZIP64.
 */
import type { ByteSource } from './byte-source';
import { CappedInflater } from './inflate';
import { formatBytes, InputLimitError, LIMITS } from './limits';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; any other is refused when read. */
  method: number;
  flags: number;
  compressedSize: number;
  /** The size the central directory declares; the output is held to it. */
  size: number;
  localHeaderOffset: number;
}

export interface ZipArchive {
  /** The entries in directory order (folders left out). */
  entries: readonly ZipEntry[];
  /** An entry by its path, or undefined. */
  entry(name: string): ZipEntry | undefined;
  /** An entry's content, inflated; refused when it is or turns out larger than `limit`. */
  read(entry: ZipEntry, limit: number, limitFor: string): Promise<Uint8Array>;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The classic end record (22 bytes) and the longest comment it may carry. */
const EOCD_SEARCH = 22 + 0xffff;
/** Compressed bytes read from the file at a time. */
const READ_SLICE = 1024 * 1024;

const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

const u16 = (v: DataView, at: number) => v.getUint16(at, true);
const u32 = (v: DataView, at: number) => v.getUint32(at, true);
function u64(v: DataView, at: number, what: string): number {
  const value = v.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${what} is out of range`);
  return Number(value);
}
const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** True for the first bytes of a zip file (a local file header, or the end record of an empty zip). */
export const isZip = (bytes: Uint8Array): boolean =>
  bytes.length >= 4 &&
  bytes[0] === 0x50 &&
  bytes[1] === 0x4b &&
  ((bytes[2] === 0x03 && bytes[3] === 0x04) || (bytes[2] === 0x05 && bytes[3] === 0x06));

/** The files of an X export that an importer may read: the data/*.js files (not media). */
export const isExportDataFile = (path: string): boolean =>
  /(?:^|\/)data\/(?:[^/]+\.js|js\/tweets\/[^/]+\.js)$/.test(path);

export async function openZip(source: ByteSource, file: string): Promise<ZipArchive> {
  const fail = (message: string): never => {
    throw new Error(`${file}: ${message}`);
  };
  // The end record is the last 22 bytes of a zip without a comment (an export has none); else search
  // the largest tail a comment allows. Either way nothing before the directory is read.
  let tailStart = Math.max(0, source.size - 22);
  let tail = await source.read(tailStart, source.size - tailStart);
  let end = tail.length === 22 && u32(viewOf(tail), 0) === EOCD && u16(viewOf(tail), 20) === 0 ? 0 : -1;
  if (end < 0) {
    tailStart = Math.max(0, source.size - EOCD_SEARCH);
    tail = await source.read(tailStart, source.size - tailStart);
    const view = viewOf(tail);
    for (let i = tail.length - 22; i >= 0; i--) {
      if (u32(view, i) === EOCD && i + 22 + u16(view, i + 20) <= tail.length) {
        end = i;
        break;
      }
    }
  }
  const tv = viewOf(tail);
  if (end < 0) fail('not a zip file (no end of central directory)');
  if (u16(tv, end + 4) !== 0 || u16(tv, end + 6) !== 0) fail('a zip split over several disks is not supported');
  let count = u16(tv, end + 10);
  let directorySize = u32(tv, end + 12);
  let directoryOffset = u32(tv, end + 16);
  const endOffset = tailStart + end;

  // ZIP64: the classic record holds 0xFFFF / 0xFFFFFFFF, the real values are in the ZIP64 end record.
  if (endOffset >= 20) {
    const locator = viewOf(await source.read(endOffset - 20, 20));
    if (u32(locator, 0) === EOCD64_LOCATOR) {
      const at = u64(locator, 8, 'the ZIP64 end record offset');
      if (at + 56 > endOffset) fail('the ZIP64 end record is out of place');
      const record = viewOf(await source.read(at, 56));
      if (u32(record, 0) !== EOCD64) fail('no ZIP64 end record where its locator points');
      count = u64(record, 32, 'the entry count');
      directorySize = u64(record, 40, 'the directory size');
      directoryOffset = u64(record, 48, 'the directory offset');
    }
  }
  if (directorySize > LIMITS.zipDirectory) {
    fail(`its directory is ${formatBytes(directorySize)}, over the ${formatBytes(LIMITS.zipDirectory)} limit`);
  }
  if (directoryOffset + directorySize > endOffset) fail('its directory runs past the end of the file: cut short?');

  const directory = await source.read(directoryOffset, directorySize);
  const dv = viewOf(directory);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > directory.length || u32(dv, at) !== CENTRAL) fail(`directory entry ${n + 1} is damaged`);
    const flags = u16(dv, at + 8);
    const method = u16(dv, at + 10);
    let compressedSize = u32(dv, at + 20);
    let size = u32(dv, at + 24);
    const nameLength = u16(dv, at + 28);
    const extraLength = u16(dv, at + 30);
    const commentLength = u16(dv, at + 32);
    let localHeaderOffset = u32(dv, at + 42);
    const nameEnd = at + 46 + nameLength;
    const extraEnd = nameEnd + extraLength;
    if (extraEnd + commentLength > directory.length) fail(`directory entry ${n + 1} is damaged`);
    const nameBytes = directory.subarray(at + 46, nameEnd);
    // Bit 11: the name is UTF-8; else CP437, of which the ASCII an export uses is the same in latin1.
    const name = (flags & 0x800 ? utf8 : latin1).decode(nameBytes);
    // The ZIP64 extra field holds, in order, the fields whose classic value is all ones (section 4.5.3).
    for (let x = nameEnd; x + 4 <= extraEnd;) {
      const id = u16(dv, x);
      const length = u16(dv, x + 2);
      if (id === 0x0001) {
        let field = x + 4;
        const next = (what: string) => {
          if (field + 8 > x + 4 + length) fail(`the ZIP64 field of ${name} is damaged`);
          const value = u64(dv, field, what);
          field += 8;
          return value;
        };
        if (size === 0xffffffff) size = next('a size');
        if (compressedSize === 0xffffffff) compressedSize = next('a size');
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = next('an offset');
      }
      x += 4 + length;
    }
    at = extraEnd + commentLength;
    if (name.endsWith('/')) continue;
    if (localHeaderOffset + 30 + compressedSize > directoryOffset) fail(`${name} runs past its place in the file`);
    entries.push({ name, method, flags, compressedSize, size, localHeaderOffset });
  }
  const byName = new Map(entries.map((e) => [e.name, e]));

  return {
    entries,
    entry: (name) => byName.get(name),
    async read(entry, limit, limitFor) {
      const what = `${file}: ${entry.name}`;
      if (entry.flags & 0x1) throw new Error(`${what} is encrypted`);
      if (entry.method !== 0 && entry.method !== 8) {
        throw new Error(`${what} uses compression method ${entry.method}; only stored and deflated entries are read`);
      }
      if (entry.size > limit) {
        throw new InputLimitError(
          `${what} would inflate to ${formatBytes(entry.size)}, over the ${formatBytes(limit)} limit for ${limitFor}`,
        );
      }
      const local = viewOf(await source.read(entry.localHeaderOffset, 30));
      if (local.byteLength < 30 || u32(local, 0) !== LOCAL)
        throw new Error(`${what}: no local header where the directory points`);
      const start = entry.localHeaderOffset + 30 + u16(local, 26) + u16(local, 28);
      if (start + entry.compressedSize > source.size) throw new Error(`${what} is cut short`);
      if (entry.method === 0) {
        if (entry.compressedSize !== entry.size)
          throw new Error(`${what} is stored, yet its two sizes differ: damaged`);
        return source.read(start, entry.size);
      }
      // The directory's size is the declared one; the inflater stops the entry the moment it passes it.
      const inflater = new CappedInflater('deflate', { what, declared: entry.size, limit, limitFor });
      for (let offset = 0; offset < entry.compressedSize; offset += READ_SLICE) {
        const length = Math.min(READ_SLICE, entry.compressedSize - offset);
        inflater.push(await source.read(start + offset, length), offset + length === entry.compressedSize);
      }
      if (entry.compressedSize === 0) inflater.push(new Uint8Array(0), true);
      return inflater.finish();
    },
  };
}
