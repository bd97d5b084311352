/**
 * CPU profiles from the DevTools Profiler: where a piece of work spends its
 * time, and how much of the main thread a given script takes.
 */
import type { CDPSession, Page, Protocol } from 'puppeteer-core';
import type { BenchBrowser } from './browser';
import { contentScriptFiles } from './setup';

/** The URLs the content script's frames carry in a profile of this session's browser. */
export const contentScriptUrls = (session: BenchBrowser): string[] =>
  contentScriptFiles().map((file) => `${session.extensionOrigin}/${file}`);

type Profile = Protocol.Profiler.Profile;

/** Sampling every 250 µs: fine enough for 50 ms batches, cheap enough not to distort them. */
const SAMPLING_US = 250;

export async function startProfiler(session: CDPSession): Promise<void> {
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
  await session.send('Profiler.start');
}

export async function stopProfiler(session: CDPSession): Promise<Profile> {
  const { profile } = await session.send('Profiler.stop');
  await session.send('Profiler.disable');
  return profile;
}

/** Each sample with its time (ms since profile start) and duration (ms). */
function samples(profile: Profile): { node: number; at: number; ms: number }[] {
  const ids = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const out: { node: number; at: number; ms: number }[] = [];
  let t = 0;
  for (let i = 0; i < ids.length; i++) {
    t += deltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const next = deltas[i + 1] ?? SAMPLING_US;
    out.push({ node: ids[i]!, at: t / 1000, ms: next / 1000 });
  }
  return out;
}

/** Self time by function ("name (file:line)"), for the top of a profile of fn. */
export async function profileTop(page: Page, fn: () => Promise<void>, count = 6): Promise<string> {
  const session = await page.createCDPSession();
  await startProfiler(session);
  await fn();
  const profile = await stopProfiler(session);
  await session.detach();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  for (const s of samples(profile)) {
    const node = byId.get(s.node);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    const where = url ? ` ${url.split('/').pop()}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}${where}`;
    self.set(key, (self.get(key) ?? 0) + s.ms);
    total += s.ms;
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => `${name} ${((100 * ms) / total).toFixed(0)}%`)
    .join(', ');
}

export interface ScriptShare {
  /** ms of main-thread time spent in the script and in what it called. */
  scriptMs: number;
  /** Profile length, ms. */
  wallMs: number;
  /** The script's share of each whole second of the profile, in %. */
  perSecond: number[];
  /** The script's functions by self+callee time, for the report. */
  top: string;
}

/**
 * How much of the main thread went to scripts whose URL starts with
 * `urlPrefix` (the content script's chrome-extension:// URL), including the
 * DOM calls they made: a sample counts when any frame on its stack is theirs.
 */
export function scriptShare(profile: Profile, scriptUrls: readonly string[]): ScriptShare {
  const isScript = (url: string) => scriptUrls.includes(url);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // The outermost frame of the script on the stack, per node (memoised walk to the root).
  const owner = new Map<number, number | null>();
  const ownerOf = (id: number): number | null => {
    if (owner.has(id)) return owner.get(id)!;
    const up = parent.get(id);
    const above = up === undefined ? null : ownerOf(up);
    const mine = isScript(byId.get(id)?.callFrame.url ?? '') ? id : null;
    const result = above ?? mine;
    owner.set(id, result);
    return result;
  };
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  const perSecond = new Array<number>(Math.max(1, Math.floor(wallMs / 1000))).fill(0);
  const inclusive = new Map<string, number>();
  let scriptMs = 0;
  for (const s of samples(profile)) {
    const top = ownerOf(s.node);
    if (top === null) continue;
    scriptMs += s.ms;
    const second = Math.min(perSecond.length - 1, Math.floor(s.at / 1000));
    perSecond[second] = perSecond[second]! + s.ms;
    // Attribute to the innermost frame of the script itself (its own function, not the DOM call it made).
    let id: number | undefined = s.node;
    while (id !== undefined && !isScript(byId.get(id)?.callFrame.url ?? '')) id = parent.get(id);
    const frame = id === undefined ? undefined : byId.get(id)?.callFrame;
    const key = frame
      ? `${frame.functionName || '(anonymous)'}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`
      : '?';
    inclusive.set(key, (inclusive.get(key) ?? 0) + s.ms);
  }
  const top = [...inclusive.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`)
    .join(', ');
  return { scriptMs, wallMs, perSecond: perSecond.map((ms) => (100 * ms) / 1000), top };
}

/**
 * The content script's share of the main thread while `during` runs in the
 * page, with its heaviest functions. Run it on the readable build
 * (setup.ts buildReadableExtension) for function names that mean something.
 */
export async function profileContentScript(
  session: BenchBrowser,
  page: Page,
  during: () => Promise<void>,
): Promise<ScriptShare> {
  const cdp = await page.createCDPSession();
  await startProfiler(cdp);
  await during();
  const profile = await stopProfiler(cdp);
  await cdp.detach();
  return scriptShare(profile, contentScriptUrls(session));
}
