import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * The tests drive the system's browsers and never download one. Say exactly
 * how to get them when they are missing.
 */
export function assertBrowsersInstalled(which: ('chromium' | 'firefox')[] = ['chromium', 'firefox']): void {
  const missing: string[] = [];
  if (which.includes('chromium') && !existsSync(CHROMIUM)) missing.push(`Chromium (looked for ${CHROMIUM})`);
  if (which.includes('firefox') && !existsSync(FIREFOX)) missing.push(`Firefox ESR (looked for ${FIREFOX})`);
  if (missing.length) {
    throw new Error(
      `Missing browser: ${missing.join(' and ')}.\n` +
        `Install them with:  sudo apt-get install -y chromium firefox-esr\n` +
        `(or point CHROMIUM_PATH / FIREFOX_PATH at your own binaries).`,
    );
  }
}
