/**
 * The check `npm test` and `npm start` run first (scripts/prerequisites.ts),
 * driven by a fake machine: what it finds missing, the message and the one
 * install command it prints, the CHROMIUM_PATH / FIREFOX_PATH overrides; and
 * that the package list it reads is the one .ci/run installs and the README's
 * quick start names.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CHECKED_PACKAGES,
  findMissing,
  formatReport,
  installCommand,
  parsePackageList,
  type Probe,
} from '../../scripts/prerequisites';

const PACKAGES = parsePackageList(readFileSync('.ci/apt-packages', 'utf8'));
const NODE_RANGE = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;

/** A Debian machine with everything the quick start installs (paths as Debian's packages put them). */
const FULL_MACHINE = [
  '/usr/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/usr/lib/chromium/locales/en-US.pak',
  '/usr/lib/chromium/locales/ru.pak',
  '/usr/bin/firefox-esr',
  '/usr/lib/firefox-esr/firefox-esr',
  '/usr/lib/firefox-esr/browser/extensions/langpack-ru@firefox-esr.mozilla.org.xpi',
  '/usr/bin/Xvfb',
  '/usr/bin/xdotool',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
];
const LINKS: Record<string, string> = { '/usr/bin/firefox-esr': '/usr/lib/firefox-esr/firefox-esr' };

function fakeProbe(
  options: {
    files?: string[];
    without?: string[];
    env?: Record<string, string>;
    node?: string;
    root?: boolean;
    dpkg?: string[];
  } = {},
): Probe {
  const files = new Set((options.files ?? FULL_MACHINE).filter((f) => !options.without?.includes(f)));
  return {
    env: (name) => options.env?.[name],
    exists: (path) => files.has(path) || [...files].some((f) => f.startsWith(`${path}/`)),
    realPath: (path) => LINKS[path] ?? path,
    list: (dir) => [...files].filter((f) => f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1).split('/')[0]!),
    dpkgInstalled: (name) => options.dpkg?.includes(name) ?? false,
    nodeVersion: options.node ?? '20.20.2',
    isRoot: options.root ?? false,
  };
}

describe('findMissing', () => {
  it('finds nothing missing on a machine with every package', () => {
    expect(findMissing(fakeProbe(), PACKAGES, NODE_RANGE, 'test')).toEqual([]);
  });

  it('names the two language packs on a machine with only chromium and firefox-esr, and the command that installs them', () => {
    const probe = fakeProbe({
      without: [
        '/usr/lib/chromium/locales/ru.pak',
        '/usr/lib/firefox-esr/browser/extensions/langpack-ru@firefox-esr.mozilla.org.xpi',
      ],
    });
    const missing = findMissing(probe, PACKAGES, NODE_RANGE, 'test');
    expect(missing.map((m) => m.aptPackage)).toEqual(['chromium-l10n', 'firefox-esr-l10n-ru']);
    expect(missing[0]?.lookedFor).toBe('/usr/lib/chromium/locales/ru.pak');
    expect(missing[1]?.lookedFor).toBe('/usr/lib/firefox-esr/browser/extensions/langpack-ru@*.xpi');
    const report = formatReport(missing, false, 'test');
    expect(report).toContain("Chromium's Russian language pack (Debian package chromium-l10n)");
    expect(report).toContain("Firefox ESR's Russian language pack (Debian package firefox-esr-l10n-ru)");
    expect(report).toContain('the language tests run Chromium in Russian');
    expect(report).toContain('\n  sudo apt-get install -y chromium-l10n firefox-esr-l10n-ru\n');
  });

  it('reports each missing package with the apt command, and no sudo for root', () => {
    const cases: [string, string][] = [
      ['/usr/bin/chromium', 'chromium'],
      ['/usr/bin/firefox-esr', 'firefox-esr'],
      ['/usr/bin/Xvfb', 'xvfb'],
      ['/usr/bin/xdotool', 'xdotool'],
      ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', 'fonts-dejavu-core'],
    ];
    for (const [file, pkg] of cases) {
      const missing = findMissing(fakeProbe({ without: [file] }), PACKAGES, NODE_RANGE, 'test');
      expect(missing.map((m) => m.aptPackage)).toEqual([pkg]);
      expect(formatReport(missing, false, 'test')).toContain(`  sudo apt-get install -y ${pkg}\n`);
      expect(installCommand(missing, true)).toBe(`apt-get install -y ${pkg}`);
    }
  });

  it('checks only Node.js and Chromium for npm start', () => {
    const probe = fakeProbe({ files: ['/usr/bin/firefox-esr'] });
    expect(findMissing(probe, PACKAGES, NODE_RANGE, 'start').map((m) => m.aptPackage)).toEqual(['chromium']);
    expect(findMissing(probe, PACKAGES, NODE_RANGE, 'test').map((m) => m.aptPackage)).toEqual(
      PACKAGES.filter((p) => p !== 'firefox-esr'),
    );
  });

  it('asks for Node.js 20.12 or later', () => {
    for (const [version, missing] of [
      ['18.19.1', true],
      ['20.11.1', true],
      ['20.12.0', false],
      ['22.3.0', false],
    ] as const) {
      const found = findMissing(fakeProbe({ node: version }), PACKAGES, '>=20.12', 'test');
      expect(found.map((m) => m.what)).toEqual(missing ? ['Node.js 20.12 or later'] : []);
    }
    const report = formatReport(
      findMissing(fakeProbe({ node: '18.19.1' }), PACKAGES, '>=20.12', 'start'),
      false,
      'start',
    );
    expect(report).toContain('npm start needs something this machine lacks');
    expect(report).toContain('https://nodejs.org/');
    expect(report).not.toContain('apt-get');
  });

  it('uses CHROMIUM_PATH and FIREFOX_PATH: the binaries there, and the locales next to them', () => {
    const files = ['/opt/chrome/chrome', '/opt/firefox/firefox', '/usr/bin/Xvfb', '/usr/bin/xdotool'];
    files.push('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf');
    const env = { CHROMIUM_PATH: '/opt/chrome/chrome', FIREFOX_PATH: '/opt/firefox/firefox' };
    const missing = findMissing(fakeProbe({ files, env }), PACKAGES, NODE_RANGE, 'test');
    expect(missing.map((m) => [m.aptPackage, m.lookedFor])).toEqual([
      ['chromium-l10n', '/opt/chrome/locales/ru.pak'],
      ['firefox-esr-l10n-ru', '/opt/firefox/browser/extensions/langpack-ru@*.xpi'],
    ]);
    // Installing Debian's packages would not help a browser elsewhere: no apt command, the way to fix it instead.
    expect(installCommand(missing, false)).toBeNull();
    expect(formatReport(missing, false, 'test')).toContain('at CHROMIUM_PATH (/opt/chrome/chrome)');

    files.push('/opt/chrome/locales/ru.pak', '/opt/firefox/browser/extensions/langpack-ru@firefox.mozilla.org.xpi');
    expect(findMissing(fakeProbe({ files, env }), PACKAGES, NODE_RANGE, 'test')).toEqual([]);

    const gone = findMissing(fakeProbe({ env: { CHROMIUM_PATH: '/nowhere/chromium' } }), PACKAGES, NODE_RANGE, 'test');
    expect(gone.map((m) => m.lookedFor)).toEqual(['/nowhere/chromium (CHROMIUM_PATH)', '/nowhere/locales/ru.pak']);
  });

  it("takes CHROMIUM_PATH=/usr/bin/chromium for Debian's own build", () => {
    const env = { CHROMIUM_PATH: '/usr/bin/chromium' };
    expect(findMissing(fakeProbe({ env }), PACKAGES, NODE_RANGE, 'test')).toEqual([]);
  });

  it('asks dpkg about a listed package it has no check of its own for', () => {
    const packages = [...PACKAGES, 'some-new-tool'];
    const missing = findMissing(fakeProbe(), packages, NODE_RANGE, 'test');
    expect(missing.map((m) => [m.aptPackage, m.lookedFor])).toEqual([['some-new-tool', 'dpkg -s some-new-tool']]);
    expect(findMissing(fakeProbe({ dpkg: ['some-new-tool'] }), packages, NODE_RANGE, 'test')).toEqual([]);
  });
});

describe('one package list', () => {
  it('is what .ci/run installs (it reads .ci/apt-packages) and holds every package the checks know', () => {
    const code = readFileSync('.ci/run', 'utf8').replace(/^\s*#.*$/gm, '');
    expect(code).toMatch(/\.ci\/apt-packages/);
    // No second list written into the script.
    for (const name of PACKAGES.filter((p) => p !== 'chromium' && p !== 'firefox-esr')) {
      expect(code).not.toMatch(new RegExp(`\\b${name}\\b`));
    }
    expect([...PACKAGES].sort()).toEqual([...CHECKED_PACKAGES].sort());
  });

  it("is what the README's quick start installs, in one command", () => {
    const readme = readFileSync('README.md', 'utf8');
    const quickStart = readme.slice(
      readme.indexOf('## Quick start'),
      readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1),
    );
    const command = /sudo apt-get install -y ([a-z0-9 .-]+)/.exec(quickStart)?.[1]?.trim().split(/\s+/);
    expect(command?.sort()).toEqual([...PACKAGES].sort());
  });
});
