/**
 * Tells the content script when a single-page site changes its address
 * (history.pushState, the back button, a fragment), so that it looks at the
 * page again. WXT's `wxt:locationchange` came from the ContentScriptContext
 * (and was an event on `window` named after the extension); this needs no
 * event of ours:
 * - where the Navigation API exists (Chromium), its `currententrychange`
 *   fires for every same-document navigation, pushState included:
 *   https://developer.mozilla.org/en-US/docs/Web/API/Navigation/currententrychange_event
 * - elsewhere (Firefox ESR), `popstate` and `hashchange`, and a look at the
 *   address once a second while the page is visible (pushState fires no
 *   event at all).
 * A page can fire these events itself; the address is compared every time,
 * so it can only make us compare a string.
 */

const POLL_MS = 1000;

interface NavigationLike {
  addEventListener(type: 'currententrychange', listener: () => void): void;
  removeEventListener(type: 'currententrychange', listener: () => void): void;
}

export function watchLocation(window: Window, onChange: () => void): () => void {
  const document = window.document;
  let last = window.location.href;
  const compare = () => {
    const now = window.location.href;
    if (now === last) return;
    last = now;
    onChange();
  };

  const navigation = (window as Window & { navigation?: NavigationLike }).navigation;
  if (navigation && typeof navigation.addEventListener === 'function') {
    navigation.addEventListener('currententrychange', compare);
    return () => navigation.removeEventListener('currententrychange', compare);
  }

  let timer: number | null = null;
  const schedule = () => {
    const visible = document.visibilityState === 'visible';
    if (visible && timer === null) timer = window.setInterval(compare, POLL_MS);
    else if (!visible && timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
    compare();
  };
  window.addEventListener('popstate', compare);
  window.addEventListener('hashchange', compare);
  document.addEventListener('visibilitychange', schedule);
  schedule();
  return () => {
    window.removeEventListener('popstate', compare);
    window.removeEventListener('hashchange', compare);
    document.removeEventListener('visibilitychange', schedule);
    if (timer !== null) window.clearInterval(timer);
    timer = null;
  };
}
