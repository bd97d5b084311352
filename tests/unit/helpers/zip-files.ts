/**
 * Zip files built in the tests, byte by byte from PKWARE's APPNOTE.TXT
 * (https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT): honest
 * ones, ones whose directory lies about a size, ZIP64 ones, and ones with a
 * stored entry of gigabytes written as a sparse hole (so a "several-GB
 * export" costs no disk). DEFLATE data and CRCs come from node's zlib, not
 * from the code under test. (fflate's zipSync makes the small honest zips;
 * it writes no ZIP64 and no lies.)
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface EntrySpec {
  name: string;
  /** The entry's bytes as stored; `{ hole }` for that many zero bytes left as a sparse gap in a file. */
  data: Uint8Array | { hole: number };
  method: 0 | 8;
  crc: number;
  /** The uncompressed size the directory declares. */
  size: number;
}

export const stored = (name: string, content: Uint8Array): EntrySpec => ({
  name,
  data: content,
  method: 0,
  crc: crc32(content),
  size: content.length,
});

export const deflated = (name: string, content: Uint8Array): EntrySpec => ({
  name,
  data: deflateRawSync(content),
  method: 8,
  crc: crc32(content),
  size: content.length,
});

const MiB = 1024 * 1024;

/** CRC-32 of `length` zero bytes, by zlib. */
export function zerosCrc(length: number): number {
  const zeros = Buffer.alloc(64 * MiB);
  let crc = 0;
  for (let done = 0; done < length; done += zeros.length)
    crc = crc32(zeros.subarray(0, Math.min(zeros.length, length - done)), crc);
  return crc;
}

/**
 * A DEFLATE stream of `mib` MiB of zeros, about a thousandth of that in size:
 * one MiB of zeros deflated by zlib with a full flush (which resets the
 * window, so the block stands alone) repeated, then an empty final block.
 */
export function zerosDeflated(mib: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(MiB), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  return Buffer.concat([...Array.from({ length: mib }, () => block), deflateRawSync(Buffer.alloc(0))]);
}

/** A zip entry of `mib` MiB of zeros, deflated; `declare` overrides the size its directory states. */
export function zerosEntry(name: string, mib: number, declare = mib * MiB): EntrySpec {
  return { name, data: zerosDeflated(mib), method: 8, crc: zerosCrc(mib * MiB), size: declare };
}

interface Sink {
  write(bytes: Uint8Array, at: number): void;
}

/** What was written: the file's size, and where each entry's data starts. */
export interface ZipLayout {
  size: number;
  dataOffsets: number[];
}

function writeZip(sink: Sink, entries: EntrySpec[], zip64: boolean): ZipLayout {
  let at = 0;
  const put = (bytes: Uint8Array) => {
    sink.write(bytes, at);
    at += bytes.length;
  };
  const central: Buffer[] = [];
  const dataOffsets: number[] = [];
  const length = (e: EntrySpec) => (e.data instanceof Uint8Array ? e.data.length : e.data.hole);
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const offset = at;
    const big = zip64 ? 0xffffffff : null;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(zip64 ? 45 : 20, 4);
    local.writeUInt16LE(0x800, 6); // UTF-8 names
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(big ?? length(entry), 18);
    local.writeUInt32LE(big ?? entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    const localExtra = zip64 ? Buffer.alloc(20) : Buffer.alloc(0);
    if (zip64) {
      localExtra.writeUInt16LE(1, 0);
      localExtra.writeUInt16LE(16, 2);
      localExtra.writeBigUInt64LE(BigInt(entry.size), 4);
      localExtra.writeBigUInt64LE(BigInt(length(entry)), 12);
    }
    local.writeUInt16LE(localExtra.length, 28);
    put(Buffer.concat([local, name, localExtra]));
    dataOffsets.push(at);
    if (entry.data instanceof Uint8Array) put(entry.data);
    else at += entry.data.hole; // left unwritten: a sparse run of zeros

    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(zip64 ? 45 : 20, 4);
    header.writeUInt16LE(zip64 ? 45 : 20, 6);
    header.writeUInt16LE(0x800, 8);
    header.writeUInt16LE(entry.method, 10);
    header.writeUInt32LE(entry.crc, 16);
    header.writeUInt32LE(big ?? length(entry), 20);
    header.writeUInt32LE(big ?? entry.size, 24);
    header.writeUInt16LE(name.length, 28);
    const extra = zip64 ? Buffer.alloc(28) : Buffer.alloc(0);
    if (zip64) {
      extra.writeUInt16LE(1, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(entry.size), 4);
      extra.writeBigUInt64LE(BigInt(length(entry)), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    header.writeUInt16LE(extra.length, 30);
    header.writeUInt32LE(big ?? offset, 42);
    central.push(Buffer.concat([header, name, extra]));
  }
  const directory = Buffer.concat(central);
  const directoryOffset = at;
  put(directory);
  if (zip64) {
    const recordOffset = at;
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(entries.length), 24);
    record.writeBigUInt64LE(BigInt(entries.length), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(directoryOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(recordOffset), 8);
    locator.writeUInt32LE(1, 16);
    put(Buffer.concat([record, locator]));
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 8);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 10);
  end.writeUInt32LE(zip64 ? 0xffffffff : directory.length, 12);
  end.writeUInt32LE(zip64 ? 0xffffffff : directoryOffset, 16);
  put(end);
  return { size: at, dataOffsets };
}

/** The zip in memory (no holes). */
export function zipBytes(entries: EntrySpec[], options: { zip64?: boolean } = {}): Uint8Array<ArrayBuffer> {
  const parts: [Uint8Array, number][] = [];
  const { size } = writeZip({ write: (bytes, at) => parts.push([bytes, at]) }, entries, options.zip64 ?? false);
  const out = new Uint8Array(size);
  for (const [bytes, at] of parts) out.set(bytes, at);
  return out;
}

/** The zip written to a file, a piece at a time; a hole entry stays a sparse gap. */
export function writeZipFile(path: string, entries: EntrySpec[], options: { zip64?: boolean } = {}): ZipLayout {
  const fd = openSync(path, 'w');
  try {
    return writeZip(
      { write: (bytes, at) => void writeSync(fd, bytes, 0, bytes.length, at) },
      entries,
      options.zip64 ?? false,
    );
  } finally {
    closeSync(fd);
  }
}
