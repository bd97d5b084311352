/**
 * The icons: every size Chrome and Firefox ask for is in public/icon/, at its
 * size, and is what scripts/build-icons.ts drew from the SVG sources as they
 * are now. The script records the hashes of the sources and of the PNGs it
 * wrote (assets/icon/generated.json); an SVG edited without running
 * `npm run icons`, or a PNG changed by hand, fails here. (Re-drawing in this
 * test would need a browser and the very Chromium build that drew them:
 * anti-aliasing differs between versions.)
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IconRecord } from '../../src/background/icons';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const record = JSON.parse(readFileSync('assets/icon/generated.json', 'utf8')) as IconRecord;

/** The sizes the stores and browsers ask for, written out here rather than taken from the code. */
const EXPECTED = [16, 32, 48, 96, 128].flatMap((size) => [
  { file: `public/icon/${size}.png`, size },
  { file: `public/icon/off-${size}.png`, size },
]);

/** Width, height and colour type from a PNG's IHDR chunk. */
function readPngHeader(bytes: Buffer): { width: number; height: number; colorType: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colorType: bytes[25] as number };
}

describe('icons', () => {
  it('are in public/icon/ at every size, with transparency, and nothing else is', () => {
    for (const { file, size } of EXPECTED) {
      const header = readPngHeader(readFileSync(file));
      expect({ file, width: header.width, height: header.height }).toEqual({ file, width: size, height: size });
      expect(header.colorType, file).toBe(6); // RGBA: the mark sits on any toolbar colour
    }
    expect(
      readdirSync('public/icon')
        .map((name) => `public/icon/${name}`)
        .sort(),
    ).toEqual(EXPECTED.map((e) => e.file).sort());
  });

  it('were drawn by scripts/build-icons.ts from the SVG sources as they are now', () => {
    expect(record.generator).toBe('scripts/build-icons.ts');
    expect(Object.keys(record.sources).sort()).toEqual(['assets/icon/icon-off.svg', 'assets/icon/icon.svg']);
    for (const [source, hash] of Object.entries(record.sources)) {
      expect(sha256(readFileSync(source)), `${source} changed since the icons were drawn: run npm run icons`).toBe(
        hash,
      );
    }
    expect(Object.keys(record.outputs).sort()).toEqual(EXPECTED.map((e) => e.file).sort());
    for (const [file, hash] of Object.entries(record.outputs)) {
      expect(sha256(readFileSync(file)), `${file} is not what npm run icons drew`).toBe(hash);
    }
  });

  // Loading wxt.config.ts loads WXT itself: a generous timeout on a busy machine, not a threshold.
  it(
    'are what the manifest declares for the extension and its toolbar button, in both browsers',
    { timeout: 60_000 },
    async () => {
      const { default: config } = await import('../../wxt.config');
      for (const [browser, manifestVersion, actionKey] of [
        ['chrome', 3, 'action'],
        ['firefox', 2, 'browser_action'],
      ] as const) {
        const env = { browser, manifestVersion, mode: 'production', command: 'build' } as const;
        const manifest = typeof config.manifest === 'function' ? await config.manifest(env) : {};
        expect(manifest.icons).toEqual({
          16: 'icon/16.png',
          32: 'icon/32.png',
          48: 'icon/48.png',
          96: 'icon/96.png',
          128: 'icon/128.png',
        });
        // What WXT generates holds the button under action (MV3) or browser_action (MV2): the hook gives it its icon.
        const generated: Record<string, { default_popup?: string; default_icon?: unknown }> = {
          [actionKey]: { default_popup: 'popup.html' },
        };
        const hooks = config.hooks as Record<string, (wxt: never, manifest: never) => void> | undefined;
        hooks?.['build:manifestGenerated']?.({} as never, generated as never);
        expect(generated[actionKey]?.default_icon).toEqual({ 16: 'icon/16.png', 32: 'icon/32.png' });
      }
    },
  );
});
