import { readFileSync } from 'node:fs';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/**
 * fakeBrowser leaves i18n unimplemented; answer with the real English
 * messages so that tests see the strings users see.
 */
type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const messages = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Messages;

export function getMessage(key: string, substitutions?: string | string[]): string {
  const entry = messages[key];
  if (!entry) return '';
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  return entry.message.replace(/\$([A-Z0-9_]+)\$/gi, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (_m, n: string) => subs[Number(n) - 1] ?? '');
  });
}

Object.assign(fakeBrowser.i18n, { getMessage, getUILanguage: () => 'en-US' });

/** fakeBrowser has no commands API either: an event that tests can trigger, like its others. */
function createEvent<Args extends unknown[]>() {
  const listeners = new Set<(...args: Args) => void>();
  return {
    addListener: (listener: (...args: Args) => void) => void listeners.add(listener),
    removeListener: (listener: (...args: Args) => void) => void listeners.delete(listener),
    hasListener: (listener: (...args: Args) => void) => listeners.has(listener),
    trigger: (...args: Args) => [...listeners].forEach((listener) => listener(...args)),
    clear: () => listeners.clear(),
  };
}
export const commandEvent = createEvent<[string, { id?: number } | undefined]>();
Object.assign(fakeBrowser.commands, { onCommand: commandEvent });
/** ... nor runtime.onConnect (the content script's lifetime port). */
export interface FakePort {
  name: string;
  sender?: { id?: string; url?: string; tab?: { id?: number } };
  disconnect(): void;
}
export const connectEvent = createEvent<[FakePort]>();
Object.assign(fakeBrowser.runtime, { onConnect: connectEvent });

beforeEach(() => {
  fakeBrowser.reset();
  commandEvent.clear();
  connectEvent.clear();
  Object.assign(fakeBrowser.i18n, { getMessage, getUILanguage: () => 'en-US' });
});
