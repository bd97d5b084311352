/**
 * What the content script tells the background, seen by the benchmark: a
 * listener added to the extension's service worker over the DevTools protocol
 * records every runtime message the worker receives, with its sender, and
 * hands it over through a DevTools binding (Runtime.addBinding). Nothing of
 * it ships in the extension, and no page can see it: it lives in the worker.
 *
 * The content script sends the background its counts on its own, for the
 * toolbar badge ("report-changed": embeds found, broken, repaired). A report
 * from a page's document is the proof that the content script ran on that
 * page load, and its counts are what it found there, checked against what the
 * page holds (docs/performance.md, "What each run proves").
 */
import type { CDPSession, Protocol, Target } from 'puppeteer-core';
import type { BenchBrowser } from './browser';
import { sleep } from './browser';
import { check } from './proof';

/** The counts a report carries (src/messages/report.ts ReportSummary). */
export interface Summary {
  found: number;
  broken: number;
  repaired: number;
  enabled: boolean;
}

export interface SeenMessage {
  type: string;
  /** The address of the page the content script runs in. */
  url: string;
  /** Chrome's id of the document that sent it: one load of one page. */
  documentId: string;
  summary?: Summary;
}

export interface ContentWatch {
  /** Every message the background received so far, in order. */
  readonly messages: readonly SeenMessage[];
  /**
   * Waits until the content script in one document at `url` has reported
   * counts that `want` accepts: a document not in `except` (an earlier load),
   * or the document `documentId`. Fails the run when none does in time.
   */
  waitForReport(
    url: string,
    want: (summary: Summary) => boolean,
    what: string,
    options?: { except?: ReadonlySet<string>; documentId?: string; timeoutMs?: number },
  ): Promise<{ documentId: string; summary: Summary }>;
  /** The documents at `url` that sent a message of `type` so far (Chrome's document ids). */
  sentBy(type: string, url: string): Set<string>;
  /**
   * Waits until a document at `url` not in `except` sends a message of `type` (the first
   * stage's 'start-engine'). Fails the run when none does in time.
   */
  waitForMessage(
    type: string,
    url: string,
    what: string,
    options?: { except?: ReadonlySet<string>; timeoutMs?: number },
  ): Promise<{ documentId: string }>;
  /** Fails the run if the background received any message (the no-op extension has no content script code). */
  expectNone(what: string): void;
  close(): Promise<void>;
}

const BINDING = '__tmBenchSawMessage';
/** Runs in the service worker: returns nothing, so the extension's own listener still answers. */
const LISTENER = `chrome.runtime.onMessage.addListener((message, sender) => {
  ${BINDING}(JSON.stringify({
    type: String(message && message.type),
    url: sender.url || '',
    documentId: sender.documentId || '',
    summary: message && message.summary,
  }));
});`;

const isWorker = (t: Target) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://');

export async function watchContentScript(session: BenchBrowser): Promise<ContentWatch> {
  const messages: SeenMessage[] = [];
  const sessions: CDPSession[] = [];
  const attach = async (target: Target) => {
    const cdp = await target.createCDPSession();
    sessions.push(cdp);
    cdp.on('Runtime.bindingCalled', (event: Protocol.Runtime.BindingCalledEvent) => {
      if (event.name === BINDING) messages.push(JSON.parse(event.payload) as SeenMessage);
    });
    await cdp.send('Runtime.addBinding', { name: BINDING });
    // A worker just started may not have its extension APIs yet ("Uncaught" on `chrome.runtime`,
    // seen on this machine under load): try again for a while before giving up.
    let failure = '';
    for (let attempt = 0; attempt < 50; attempt++) {
      const { exceptionDetails } = await cdp.send('Runtime.evaluate', { expression: LISTENER });
      if (!exceptionDetails) return;
      failure = `${exceptionDetails.text} ${exceptionDetails.exception?.description ?? ''}`.trim();
      await sleep(100);
    }
    check(false, `could not listen in the service worker: ${failure}`);
  };
  // A worker that starts again (stopped when idle) gets the listener too.
  const onTarget = (target: Target) => {
    if (isWorker(target)) void attach(target);
  };
  session.browser.on('targetcreated', onTarget);
  await attach(await session.worker());

  const reportsFrom = (url: string) => {
    const byDocument = new Map<string, Summary>();
    for (const m of messages) {
      if (m.type === 'report-changed' && m.url === url && m.summary) byDocument.set(m.documentId, m.summary);
    }
    return byDocument;
  };

  const sentBy = (type: string, url: string) =>
    new Set(messages.filter((m) => m.type === type && m.url === url).map((m) => m.documentId));

  return {
    messages,
    sentBy,
    async waitForMessage(type, url, what, { except, timeoutMs = 20_000 } = {}) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        for (const id of sentBy(type, url)) {
          check(id !== '', `${what}: the message from ${url} carries no document id`);
          if (!except?.has(id)) return { documentId: id };
        }
        if (performance.now() > deadline) break;
        await sleep(50);
      }
      check(
        false,
        `${what}: no "${type}" message from ${url} within ${timeoutMs / 1000} s (the content script did not run there)`,
      );
      throw new Error('unreachable');
    },
    async waitForReport(url, want, what, { except, documentId, timeoutMs = 20_000 } = {}) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        for (const [id, summary] of reportsFrom(url)) {
          check(id !== '', `${what}: the report from ${url} carries no document id`);
          if (except?.has(id) || (documentId !== undefined && id !== documentId)) continue;
          if (want(summary)) return { documentId: id, summary };
        }
        if (performance.now() > deadline) break;
        await sleep(50);
      }
      const last = [...reportsFrom(url).entries()]
        .filter(([id]) => !except?.has(id) && (documentId === undefined || id === documentId))
        .map(([, s]) => JSON.stringify(s));
      check(
        false,
        `${what}: no report from the content script on ${url} within ${timeoutMs / 1000} s ` +
          (last.length ? `that says so (it reported ${last.join(', ')})` : '(it sent nothing: it did not run there)'),
      );
      throw new Error('unreachable');
    },
    expectNone(what) {
      check(
        messages.length === 0,
        `${what}: the background received ${messages.length} message(s) (${messages[0]?.type} from ${messages[0]?.url})`,
      );
    },
    async close() {
      session.browser.off('targetcreated', onTarget);
      await Promise.all(sessions.map((cdp) => cdp.detach().catch(() => undefined)));
    },
  };
}
