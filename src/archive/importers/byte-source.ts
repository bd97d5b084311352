/**
 * A file read by byte ranges, never whole: a `Blob` (a `File` the user chose)
 * in the options page, a file handle with positional reads in the CLI
 * (src/cli/file-source.ts). A zip is read by its central directory and the
 * few entries an importer needs, so a several-gigabyte X export costs the
 * memory of its tweets, not of its media (docs/security.md, "Hostile file").
 */
import { formatBytes, InputLimitError } from './limits';

export interface ByteSource {
  /** The file's size in bytes. */
  readonly size: number;
  /** The bytes from `offset`, `length` of them (fewer only at the end of the file). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A `Blob` or `File`, read one slice at a time. */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  };
}

/** Bytes already in memory (tests, and sources that are small by nature). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

/** The whole file, when it is no larger than `limit`; else an error naming the file and the limit. */
export async function readWhole(source: ByteSource, file: string, limit: number): Promise<Uint8Array> {
  if (source.size > limit) {
    throw new InputLimitError(
      `${file} is ${formatBytes(source.size)}, over the ${formatBytes(limit)} limit for a file read whole`,
    );
  }
  return source.read(0, source.size);
}
