/**
 * DEFLATE and gzip inflating with a cap on the output, for every inflate the
 * importers do (zip entries, .warc.gz, gzip and deflate HTTP bodies). The cap
 * is both the size the container declares and a fixed limit: a zip entry that
 * lies about its size is stopped as soon as its output passes what it
 * declared, and nothing inflates past the limit whatever it declares
 * (docs/security.md, "Hostile file").
 *
 * fflate's streaming inflaters hand over everything one `push` produces at
 * once, and a kilobyte of DEFLATE can stand for a megabyte of output. So the
 * input goes in slices no larger than the room left under the cap divided by
 * DEFLATE's largest expansion: the output never runs more than one small
 * slice's worth past the cap before it is stopped.
 */
import { Gunzip, Inflate } from 'fflate';
import { formatBytes, InputLimitError } from './limits';

export interface InflateCap {
  /** What is inflated, for messages: "mine.zip: data/tweets.js". */
  what: string;
  /** The output size the container declares, when it declares one. */
  declared: number | null;
  /** The most the output may be, whatever is declared. */
  limit: number;
  /** What the limit is for, in words: "one data file of an X export". */
  limitFor: string;
}

/** DEFLATE's largest expansion: a 258-byte match per 2 bits of input (RFC 1951 section 3.2.5), about 1032 to 1. */
const MAX_RATIO = 1032;
const MAX_SLICE = 16 * 1024;
const MIN_SLICE = 256;

export class CappedInflater {
  private readonly stream: Inflate | Gunzip;
  private readonly parts: Uint8Array[] = [];
  /** With a declared size, the output goes straight into one buffer of that size (no copy at the end). */
  private out: Uint8Array | null = null;
  private produced = 0;

  /**
   * @param sink Takes each piece of output instead of keeping it (a WARC is
   *   parsed as it inflates); without one the output is kept for `finish`.
   */
  constructor(
    format: 'deflate' | 'gzip',
    private readonly cap: InflateCap,
    private readonly sink?: (chunk: Uint8Array) => void,
  ) {
    if (cap.declared !== null && cap.declared > cap.limit) throw overLimit(cap, cap.declared);
    const take = (chunk: Uint8Array) => this.take(chunk);
    this.stream = format === 'gzip' ? new Gunzip(take) : new Inflate(take);
  }

  /** Output so far, in bytes. */
  get size(): number {
    return this.produced;
  }

  private take(chunk: Uint8Array): void {
    this.produced += chunk.length;
    const { declared, what } = this.cap;
    if (declared !== null && this.produced > declared) {
      throw new InputLimitError(
        `${what} inflates to more than the ${formatBytes(declared)} it declares: the file is damaged or hostile`,
      );
    }
    if (this.produced > this.cap.limit) throw overLimit(this.cap, null);
    if (this.sink) this.sink(chunk);
    else if (declared !== null) {
      this.out ??= new Uint8Array(declared);
      this.out.set(chunk, this.produced - chunk.length);
    } else this.parts.push(chunk);
  }

  /** Feeds compressed bytes; `final` on the last of them. */
  push(data: Uint8Array, final = false): void {
    let at = 0;
    do {
      const room = Math.max(0, Math.min(this.cap.declared ?? Infinity, this.cap.limit) - this.produced);
      const slice = Math.min(MAX_SLICE, Math.max(MIN_SLICE, Math.floor(room / MAX_RATIO)));
      const end = Math.min(data.length, at + slice);
      try {
        this.stream.push(data.subarray(at, end), final && end === data.length);
      } catch (error) {
        if (error instanceof InputLimitError) throw error;
        throw new Error(`${this.cap.what}: damaged compressed data (${(error as Error).message})`, { cause: error });
      }
      at = end;
    } while (at < data.length);
  }

  /** After the final push: the whole output (none when a sink took it), checked against the declared size. */
  finish(): Uint8Array {
    const { declared, what } = this.cap;
    if (declared !== null && this.produced !== declared) {
      throw new InputLimitError(
        `${what} inflates to ${formatBytes(this.produced)}, not the ${formatBytes(declared)} it declares: the file is damaged`,
      );
    }
    return (
      this.out ?? (this.cap.declared === 0 || this.sink ? new Uint8Array(0) : concatBytes(this.parts, this.produced))
    );
  }
}

function overLimit(cap: InflateCap, declared: number | null): InputLimitError {
  const limit = formatBytes(cap.limit);
  return new InputLimitError(
    declared === null
      ? `${cap.what} inflates to more than ${limit}, the limit for ${cap.limitFor}`
      : `${cap.what} would inflate to ${formatBytes(declared)}, over the ${limit} limit for ${cap.limitFor}`,
  );
}

/** Inflates bytes held in memory (an HTTP body). */
export function inflateCapped(format: 'deflate' | 'gzip', data: Uint8Array, cap: InflateCap): Uint8Array {
  const inflater = new CappedInflater(format, cap);
  inflater.push(data, true);
  return inflater.finish();
}

/** The ISIZE a gzip member ends with (RFC 1952 section 2.3.1): its size modulo 2^32, or null when too short. */
export function gzipDeclaredSize(data: Uint8Array): number | null {
  if (data.length < 18) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return view.getUint32(data.length - 4, true);
}

export function concatBytes(parts: readonly Uint8Array[], total = parts.reduce((n, p) => n + p.length, 0)): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
