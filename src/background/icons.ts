/**
 * The extension's icons, as scripts/build-icons.ts draws them and
 * wxt.config.ts and the background declare them: one SVG source per variant
 * (the mark, and its greyed "off" twin for tabs whose site is switched off),
 * drawn at the sizes Chrome (16, 32, 48, 128) and Firefox (48, 96) ask for.
 */

export const ICON_SOURCES = { on: 'assets/icon/icon.svg', off: 'assets/icon/icon-off.svg' } as const;
export type IconVariant = keyof typeof ICON_SOURCES;

export const ICON_SIZES = [16, 32, 48, 96, 128] as const;

/** Where scripts/build-icons.ts records the hashes of the sources and of the PNGs it drew from them. */
export const ICON_RECORD = 'assets/icon/generated.json';

export interface IconRecord {
  generator: string;
  /** SVG path → sha256 of its bytes when the PNGs were drawn. */
  sources: Record<string, string>;
  /** PNG path → sha256 of the bytes the script wrote. */
  outputs: Record<string, string>;
}

/** A PNG's path inside the extension (and under public/): "icon/16.png", "icon/off-16.png". */
export function iconPath(variant: IconVariant, size: number): string {
  return `icon/${variant === 'on' ? '' : `${variant}-`}${size}.png`;
}

/**
 * The icon set of a variant, as the manifest and action.setIcon take it: size → path. The manifest's
 * paths are relative to the extension's root; setIcon's are given from the root ("/icon/16.png"),
 * since a relative one would be resolved against the calling script's own address.
 */
export function iconSet(
  variant: IconVariant,
  sizes: readonly number[] = ICON_SIZES,
  from: '' | '/' = '',
): Record<number, string> {
  return Object.fromEntries(sizes.map((size) => [size, `${from}${iconPath(variant, size)}`]));
}
