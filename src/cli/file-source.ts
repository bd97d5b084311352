/**
 * A file on disk as a ByteSource (src/archive/importers/byte-source.ts):
 * positional reads from one file handle, so that an importer reads the
 * ranges it needs (a zip's directory and its data files) and never the whole
 * file (docs/security.md, "Hostile file").
 */
import { open } from 'node:fs/promises';
import type { ByteSource } from '../archive/importers/byte-source';

/** Runs `use` with the file open for positional reads, and closes it after. */
export async function withFileSource<T>(path: string, use: (source: ByteSource) => Promise<T>): Promise<T> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return await use({
      size,
      async read(offset, length) {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
        let done = 0;
        while (done < buffer.length) {
          const { bytesRead } = await handle.read(buffer, done, buffer.length - done, offset + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return done === buffer.length ? buffer : buffer.subarray(0, done);
      },
    });
  } finally {
    await handle.close();
  }
}
