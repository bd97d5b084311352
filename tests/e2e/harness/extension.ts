/**
 * Helpers that talk to the extension the way its own pages do, from an
 * extension page opened in a tab (no test-only code ships in the extension).
 */
import type { Session, TestPage } from './browsers';

/** The bits of the WebExtension API these helpers call from inside an extension page. */
interface ExtensionApi {
  storage: { local: { clear(): Promise<void>; set(items: Record<string, unknown>): Promise<void> } };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  tabs: {
    query(query: object): Promise<{ id?: number; url?: string }[]>;
    sendMessage(tabId: number, message: unknown): Promise<unknown>;
  };
  action?: { getBadgeText(details: { tabId: number }): Promise<string> };
  browserAction?: { getBadgeText(details: { tabId: number }): Promise<string> };
}
type Globals = { browser?: ExtensionApi; chrome?: ExtensionApi };

interface ReportRow {
  status: string;
  kind: string;
  tweetId: string | null;
  tweetUrl: string | null;
}
export interface Report {
  url: string;
  hostname: string;
  enabled: boolean;
  embeds: ReportRow[];
}

/**
 * The tab id of the tab showing pageUrl, found by asking each tab's content script for its report.
 * A tab whose engine does not answer (no embed on the page, or its site off: only the first stage
 * runs there) gets it injected first, as the popup does (src/messages/ask-tab.ts).
 */
export async function findTabId(helper: TestPage, pageUrl: string): Promise<number> {
  let id: number | null = null;
  for (let attempt = 0; attempt < 50 && id === null; attempt++) {
    id = await helper.evaluate(async (url: string) => {
      const api = ((globalThis as unknown as Globals).browser ??
        (globalThis as unknown as Globals).chrome) as ExtensionApi;
      const ask = async (tabId: number) => {
        try {
          const reply = (await api.tabs.sendMessage(tabId, { type: 'get-report' })) as {
            ok: boolean;
            value?: { url: string };
          };
          return reply?.ok ? (reply.value?.url ?? null) : null;
        } catch {
          return null; // no engine in that tab
        }
      };
      for (const tab of await api.tabs.query({})) {
        let answered = await ask(tab.id as number);
        if (answered === null && tab.url === url) {
          await api.runtime.sendMessage({ type: 'inject-engine', tabId: tab.id }).catch(() => null);
          answered = await ask(tab.id as number);
        }
        if (answered === url) return tab.id as number;
      }
      return null;
    }, pageUrl);
    if (id === null) await new Promise((done) => setTimeout(done, 200));
  }
  if (id === null) throw new Error(`no tab with the content script on ${pageUrl}`);
  return id;
}

export async function readReport(helper: TestPage, tabId: number): Promise<Report> {
  return helper.evaluate(async (id: number) => {
    const api = ((globalThis as unknown as Globals).browser ??
      (globalThis as unknown as Globals).chrome) as ExtensionApi;
    const reply = (await api.tabs.sendMessage(id, { type: 'get-report' })) as { ok: boolean; value: Report };
    return reply.value;
  }, tabId);
}

export async function readBadge(helper: TestPage, tabId: number): Promise<string> {
  return helper.evaluate(async (id: number) => {
    const api = ((globalThis as unknown as Globals).browser ??
      (globalThis as unknown as Globals).chrome) as ExtensionApi;
    const action = (api.action ?? api.browserAction)!;
    return action.getBadgeText({ tabId: id });
  }, tabId);
}

/** Opens the popup for the tab showing `page`, as popup.html?tab=<id>. */
export async function openPopupFor(session: Session, pageUrl: string): Promise<{ popup: TestPage; tabId: number }> {
  const popup = await session.openExtensionPage('popup.html?tab=none');
  const tabId = await findTabId(popup, pageUrl);
  await popup.goto(`${session.extensionOrigin}/popup.html?tab=${tabId}`);
  await popup.waitFor(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
  return { popup, tabId };
}

/** Clears the extension's stored settings, as on a fresh install. */
export async function resetExtensionStorage(session: Session): Promise<void> {
  const page = await session.openExtensionPage('popup.html?tab=none');
  await page.evaluate(async () => {
    const api = ((globalThis as unknown as Globals).browser ??
      (globalThis as unknown as Globals).chrome) as ExtensionApi;
    await api.storage.local.clear();
  });
  await page.close();
}

/** Writes the extension's storage directly (to test how it copes with damaged values). */
export async function setExtensionStorage(session: Session, items: Record<string, unknown>): Promise<void> {
  const page = await session.openExtensionPage('popup.html?tab=none');
  await page.evaluate(async (values: Record<string, unknown>) => {
    const api = ((globalThis as unknown as Globals).browser ??
      (globalThis as unknown as Globals).chrome) as ExtensionApi;
    await api.storage.local.set(values);
  }, items);
  await page.close();
}
