/**
 * A virtual X display (Xvfb) and real key presses on it (xdotool), for what
 * only a real keyboard reaches: the browser's extension shortcuts. Neither
 * Chromium nor Firefox hands synthetic automation key events to extension
 * commands, and headless browsers have no shortcut handling at all.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface VirtualDisplay {
  display: string;
  close(): void;
}

const TOOLS = ['/usr/bin/Xvfb', '/usr/bin/xdotool'];

export function assertDisplayToolsInstalled(): void {
  const missing = TOOLS.filter((tool) => !existsSync(tool));
  if (missing.length) {
    throw new Error(
      `Missing ${missing.join(' and ')} (the keyboard shortcut test presses real keys on a virtual display).\n` +
        'Install them with:  sudo apt-get install -y xvfb xdotool',
    );
  }
}

export async function startVirtualDisplay(): Promise<VirtualDisplay> {
  assertDisplayToolsInstalled();
  // -displayfd: Xvfb picks a free display number and writes it to fd 3.
  const child: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const number = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
  return { display: `:${number}`, close: () => child.kill() };
}

/** Focuses the browser's window on the display and presses the keys, e.g. "alt+shift+m". */
export function pressKeysOnDisplay(display: string, windowClass: 'chromium' | 'firefox', keys: string): void {
  const env = { ...process.env, DISPLAY: display };
  const windows = execFileSync('xdotool', ['search', '--onlyvisible', '--class', windowClass], { env })
    .toString()
    .trim()
    .split('\n');
  const window = windows[windows.length - 1];
  if (!window) throw new Error(`no ${windowClass} window on ${display}`);
  execFileSync('xdotool', ['windowfocus', '--sync', window], { env });
  execFileSync('xdotool', ['key', '--clearmodifiers', keys], { env });
}
