/**
 * A progress bar on stderr for long runs, only when stderr is a terminal:
 * piped or captured output (CI, tests, `2> log`) stays free of control codes.
 */
import { SingleBar } from 'cli-progress';
import { showName, type EscapingOutput, type Output } from './output';

export interface Progress {
  tick(label?: string): void;
  stop(): void;
}

const NONE: Progress = { tick: () => undefined, stop: () => undefined };

/** Runs shorter than this many steps get no bar: it would only flicker. */
const MIN_STEPS = 20;

export function startProgress(err: Output, total: number, title: string): Progress {
  // The bar writes its own control codes: to the stream itself, not through the escaping writer.
  const stream = ((err as Partial<EscapingOutput>).raw ?? err) as Output & Partial<NodeJS.WriteStream>;
  if (stream.isTTY !== true || total < MIN_STEPS) return NONE;
  const bar = new SingleBar({
    stream: stream as NodeJS.WriteStream,
    format: `${title} [{bar}] {value}/{total} {label}`,
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
    fps: 10,
  });
  bar.start(total, 0, { label: '' });
  return {
    tick: (label = '') => {
      const shown = showName(label);
      bar.increment(1, { label: shown.length > 40 ? `…${shown.slice(-39)}` : shown });
    },
    stop: () => bar.stop(),
  };
}
