/**
 * The pictures the README and the store listing show (taken by the
 * end-to-end runs: tests/e2e/harness/screenshots.ts): each dark picture is
 * its own, not a copy of the light one (it once was, byte for byte), and the
 * store screenshots listed in docs/store-listing.md are there, at the stores'
 * 1280 × 800.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const size = (file: string) => {
  const bytes = readFileSync(file);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
};

describe('screenshots', () => {
  it('each dark README picture differs from its light twin, and the README shows the light ones', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const name of ['repaired-page', 'popup', 'reader']) {
      const light = readFileSync(`docs/screenshots/${name}-light.png`);
      const dark = readFileSync(`docs/screenshots/${name}-dark.png`);
      expect(light.equals(dark), name).toBe(false);
      expect(readme).toContain(`docs/screenshots/${name}-light.png`);
    }
  });

  it('the store screenshots are the five docs/store-listing.md lists, each 1280 × 800', () => {
    const listing = readFileSync('docs/store-listing.md', 'utf8');
    const listed = [...listing.matchAll(/`(\d-[a-z-]+\.png)`/g)].map((m) => m[1] as string).sort();
    expect(listed).toHaveLength(5);
    expect(readdirSync('docs/store').sort()).toEqual(listed);
    for (const file of listed) expect(size(`docs/store/${file}`), file).toEqual({ width: 1280, height: 800 });
  });
});
