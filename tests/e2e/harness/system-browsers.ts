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

/**
 * The Chromium flags the end-to-end tests and the benchmark share: only this
 * extension, every request sent to the recording proxy (so that "no request
 * leaves localhost" is checked, not assumed), and none of Chromium's own
 * background traffic (updates, sync, safe browsing pings) to blur either.
 */
export function chromiumArgs(extensionDir: string, proxyPort: number): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    `--proxy-server=http://127.0.0.1:${proxyPort}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-client-side-phishing-detection',
    '--disable-domain-reliability',
  ];
}
