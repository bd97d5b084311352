/**
 * Orders two strings by their UTF-16 code units, as `<` does: the same on
 * every machine and in every locale (localeCompare is neither), so that what
 * is sorted with it (the packaged copy's files, shards and index terms) is
 * written byte for byte the same wherever it is built, and a binary search
 * with `<` finds what was sorted with it.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
