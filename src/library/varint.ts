/**
 * Non-negative integers as short strings, for the search index's postings.
 *
 * Each number is written in base 32, least significant group first: every
 * group but the last is a character of MORE, the last one a character of
 * FINAL, so numbers follow one another with no separator and a reader knows
 * where each ends. Numbers below 32 take one character, below 1024 two.
 * Every character is plain ASCII that JSON writes as itself (no quote, no
 * backslash), so a posting list costs in the file exactly what it costs here.
 */

const FINAL = '0123456789abcdefghijklmnopqrstuv';
const MORE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_';

/** Character code → group value, with 32 added for the last group of a number; -1 for any other character. */
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < 32; i++) {
  DIGIT[MORE.charCodeAt(i)] = i;
  DIGIT[FINAL.charCodeAt(i)] = i + 32;
}

/** Appends numbers to one string. */
export class VarintWriter {
  private parts: string[] = [];

  push(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint: ${value} is not a whole number ≥ 0`);
    let n = value;
    let out = '';
    while (n >= 32) {
      out += MORE[n % 32];
      n = Math.floor(n / 32);
    }
    this.parts.push(out + FINAL[n]);
  }

  toString(): string {
    return this.parts.join('');
  }
}

export function encodeVarints(values: Iterable<number>): string {
  const writer = new VarintWriter();
  for (const value of values) writer.push(value);
  return writer.toString();
}

/**
 * Decodes `count` numbers from `text` into `out` (from `outStart`), starting
 * at character `from`. Returns the position after the last one read.
 * Throws on a character that is not a digit or a string that ends mid-number,
 * so a damaged index file fails loudly rather than returning wrong documents.
 */
export function decodeVarints(
  text: string,
  count: number,
  out: { [index: number]: number },
  outStart = 0,
  from = 0,
): number {
  let pos = from;
  for (let k = 0; k < count; k++) {
    let value = 0;
    let scale = 1;
    for (;;) {
      const code = text.charCodeAt(pos++);
      const digit = code < 128 ? (DIGIT[code] as number) : -1;
      if (digit < 0) throw new Error(`varint: bad character at ${pos - 1}`);
      if (digit >= 32) {
        value += (digit - 32) * scale;
        break;
      }
      value += digit * scale;
      scale *= 32;
    }
    out[outStart + k] = value;
  }
  return pos;
}

/** The position after `count` numbers from `from`, without decoding them. */
export function skipVarints(text: string, count: number, from = 0): number {
  let pos = from;
  for (let k = 0; k < count; pos++) {
    const code = text.charCodeAt(pos);
    const digit = code < 128 ? (DIGIT[code] as number) : -1;
    if (digit < 0) throw new Error(`varint: bad character at ${pos}`);
    if (digit >= 32) k++;
  }
  return pos;
}

/** Every number in `text`. */
export function decodeAllVarints(text: string): number[] {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128 && (DIGIT[code] as number) >= 32) count++;
  }
  const out = new Array<number>(count);
  decodeVarints(text, count, out);
  return out;
}
