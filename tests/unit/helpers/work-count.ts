/**
 * Work as a count, not a time: how many blocks of JavaScript ran, read from
 * V8's precise block coverage over node:inspector
 * (https://chromedevtools.github.io/devtools-protocol/tot/Profiler/#method-startPreciseCoverage).
 * A loop body that runs n × m times counts n × m, whichever function, loop or
 * DOM call it went through, and the count is the same on every machine.
 *
 * V8 counts blocks only in functions compiled after counting started: call
 * startCountingWork before the code under test first runs (a file-level
 * beforeAll), so that its functions, compiled lazily on their first call, are
 * counted block by block. Functions compiled earlier still count their calls.
 */
import { Session } from 'node:inspector/promises';

let session: Session | null = null;

export async function startCountingWork(): Promise<void> {
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
}

export async function stopCountingWork(): Promise<void> {
  if (!session) return;
  await session.post('Profiler.stopPreciseCoverage');
  await session.post('Profiler.disable');
  session.disconnect();
  session = null;
}

/** The code whose work counts: the extension's own modules and the DOM they call (happy-dom). */
const COUNTED = /\/src\/|\/node_modules\/happy-dom\//;

/**
 * Blocks of the extension's code and of the DOM executed while `fn` runs (until its promise settles);
 * with `only`, of the scripts whose URL it matches (one module's work).
 */
export async function countWork(fn: () => Promise<void> | void, only: RegExp = COUNTED): Promise<number> {
  if (!session) throw new Error('countWork: call startCountingWork first');
  // Taking the coverage resets the counters: what ran before `fn` is left out.
  await session.post('Profiler.takePreciseCoverage');
  await fn();
  const { result } = await session.post('Profiler.takePreciseCoverage');
  let blocks = 0;
  for (const script of result) {
    if (!only.test(script.url)) continue;
    // Each function's first range is the function itself (its calls); the others are its blocks.
    for (const { ranges } of script.functions) for (const range of ranges) blocks += range.count;
  }
  return blocks;
}
