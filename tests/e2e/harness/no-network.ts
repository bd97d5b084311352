/**
 * "Nothing leaves localhost", checked rather than assumed. The recording
 * proxy can only vouch for what it was sent: a browser that ignored its
 * proxy settings would leave it empty, and a test that ran alone, before
 * anything happened, would find it empty too. So the test first sends a
 * request of its own, from a web page, to a host that exists nowhere
 * (canary.invalid, RFC 2606), and waits until the proxy has recorded it; only
 * then does an empty list (the canary aside) mean that nothing else went out.
 */
import { expect } from 'vitest';
import type { BrowserName, Session, TestPage } from './browsers';
import { hostOf } from './proxy';

export const CANARY_HOST = 'canary.invalid';

/** Chromium's own update and sign-in services call home in headless mode, with or without any extension. */
const BROWSER_SERVICES = /(^|\.)(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)$/;

/** Requests a page of the test's own at the canary host, and waits until the proxy has recorded it. */
export async function sendCanary(session: Session, page: TestPage): Promise<string> {
  const url = `http://${CANARY_HOST}/tweet-mender-canary?from=${session.name}-${Date.now()}`;
  await page.evaluate(async (target: string) => {
    // The proxy answers 502: the request matters, not the answer.
    await fetch(target, { mode: 'no-cors', cache: 'no-store' }).catch(() => undefined);
  }, url);
  await expect
    .poll(() => session.proxy.requests.some((r) => r.includes(url)), {
      timeout: 10_000,
      message: `the recording proxy never saw ${url}: this browser does not send it its requests`,
    })
    .toBe(true);
  // And the automation protocol's list of requests, the other half of the check, saw it too.
  await expect
    .poll(() => session.requests.includes(url), {
      timeout: 10_000,
      message: `the automation protocol never reported ${url}`,
    })
    .toBe(true);
  return url;
}

/**
 * Everything the session sent beyond localhost, but the canary: what the automation protocol saw
 * pages and extension workers request, and what reached the proxy (Chromium's own services aside).
 * `localHosts`: the host names the test's pages are served from (the local server answers the
 * harness's test hosts too, LOCAL_TEST_HOSTS).
 */
export function requestsBeyondLocalhost(
  session: Session,
  browserName: BrowserName,
  localHosts: readonly string[] = ['127.0.0.1'],
) {
  const isCanary = (text: string) => text.includes(CANARY_HOST);
  const seen = session.requests.filter((url) => {
    if (url.startsWith(session.extensionOrigin) || isCanary(url)) return false;
    const { protocol, hostname } = new URL(url);
    return !(
      (protocol === 'http:' && localHosts.includes(hostname)) ||
      protocol === 'data:' ||
      protocol === 'about:' ||
      protocol === 'blob:'
    );
  });
  const proxied = session.proxy.requests.filter(
    (r) => !isCanary(r) && !(browserName === 'chromium' && BROWSER_SERVICES.test(hostOf(r))),
  );
  return { seen, proxied };
}

/** The canary first, then nothing else beyond localhost, in what the automation saw and what the proxy got. */
export async function expectNothingBeyondLocalhost(
  session: Session,
  browserName: BrowserName,
  page: TestPage,
  localHosts?: readonly string[],
): Promise<void> {
  await sendCanary(session, page);
  const { seen, proxied } = requestsBeyondLocalhost(session, browserName, localHosts);
  expect(seen).toEqual([]);
  expect(proxied).toEqual([]);
}
