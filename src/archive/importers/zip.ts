/**
 * Reads a zip (an X export) with fflate, in the browser and in node alike.
 * Only the files an importer reads are inflated; the others (photos and
 * videos, gigabytes in a real export) are listed by name with no content, so
 * media files can still be matched to their tweets by name.
 */
import { unzipSync } from 'fflate';

export function readZip(bytes: Uint8Array, wanted: (path: string) => boolean): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const listed: string[] = [];
  const inflated = unzipSync(bytes, {
    filter: (file) => {
      if (file.name.endsWith('/')) return false;
      if (wanted(file.name)) return true;
      listed.push(file.name);
      return false;
    },
  });
  for (const name of listed) files.set(name, new Uint8Array(0));
  for (const [name, content] of Object.entries(inflated)) files.set(name, content);
  return files;
}

/** The files of an X export that the importer reads: the data/*.js files (not media). */
export const isExportDataFile = (path: string): boolean =>
  /(?:^|\/)data\/(?:[^/]+\.js|js\/tweets\/[^/]+\.js)$/.test(path);

/** True for the bytes of a zip file. */
export const isZip = (bytes: Uint8Array): boolean =>
  bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
