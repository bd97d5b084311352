/**
 * How much of an input file the importers will hold in memory, and the
 * error that names the file and the limit when an input asks for more
 * (docs/security.md, "Hostile file"). Every input may be huge or hostile: a
 * real X export with its media is several gigabytes, and a 1 MiB zip can
 * inflate to 1 GiB. Only what a record is built from is ever read, and never
 * more than these.
 */

const MiB = 1024 * 1024;

export const LIMITS = {
  /**
   * One data file of an X export, inflated (data/tweets.js, a -partN.js, like.js).
   * About 2 KB per tweet (the export's samples), so some 130,000 tweets; X
   * splits larger exports into parts (docs/data-formats.md#multi-part-files). V8 cannot hold a
   * string much over 512 Mi characters anyway.
   */
  exportDataFile: 256 * MiB,
  /** A source read whole: a saved page (SingleFile inlines its images), tweet JSON, an article. */
  wholeFile: 128 * MiB,
  /** The central directory of a zip: some 100 bytes per file, so a million files. */
  zipDirectory: 128 * MiB,
  /** One WARC record kept to be read (a page, a JSON answer). Larger records (video) are skipped. */
  warcRecord: 64 * MiB,
  /** The header block of one WARC record (a few hundred bytes in practice). */
  warcHeader: 64 * 1024,
  /**
   * A .warc.gz may inflate to at most this many times its size. Web pages and
   * JSON compress 5 to 20 times; DEFLATE's ceiling is 1032 (RFC 1951), where
   * only a bomb goes.
   */
  warcInflateRatio: 200,
  /** Floor of the ratio limit, for small files. */
  warcInflateFloor: 64 * MiB,
} as const;

/** "256 MiB", "1.0 GiB", "900 bytes": sizes in messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MiB) return `${(bytes / (1024 * MiB)).toFixed(1)} GiB`;
  if (bytes >= MiB) return `${Math.round((bytes / MiB) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

/**
 * An input that asks for more than a limit, or contradicts itself (a zip
 * entry that inflates past the size it declares). The message names the file
 * and, when there is one, the limit; nothing from the file is kept.
 */
export class InputLimitError extends Error {
  override name = 'InputLimitError';
}
