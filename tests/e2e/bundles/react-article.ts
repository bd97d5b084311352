/** The seed article as a React 18 app (see article.ts): client-rendered, or hydrated from server markup. */
import { createElement, useEffect, useState, type ReactNode } from 'react';
import { createRoot, hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import {
  describeArticle,
  INITIAL,
  routeFromLocation,
  settle,
  watchErrors,
  type AppControls,
  type ArticleState,
  type Mode,
  type Seed,
  type Tree,
} from './article';

function toReact(tree: Tree | string): ReactNode {
  if (typeof tree === 'string') return tree;
  const [tag, props, children, key] = tree;
  const { class: className, ...rest } = props;
  return createElement(tag, { key, className, ...rest }, ...children.map(toReact));
}

let update: (change: (state: ArticleState) => ArticleState) => void = () => undefined;

function App({ seed, initial }: { seed: Seed; initial: ArticleState }) {
  const [state, setState] = useState(initial);
  update = setState;
  useEffect(() => {
    const onPop = () => setState((s) => ({ ...s, route: routeFromLocation() }));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  return toReact(describeArticle(seed, state));
}

/** The server's markup for the initial state (rendered in Node by the test). */
export function renderOnServer(seed: Seed): string {
  return renderToString(createElement(App, { seed, initial: INITIAL }));
}

export function start(seed: Seed, mode: Mode): AppControls {
  const container = document.getElementById('root') as HTMLElement;
  const { errors, recoverable } = watchErrors();
  const app = createElement(App, { seed, initial: { ...INITIAL, route: routeFromLocation() } });
  const onRecoverableError = (error: unknown) => recoverable.push(String(error));
  let root: Root | null = null;
  const hydrate = () => {
    root ??= hydrateRoot(container, app, { onRecoverableError });
  };
  if (mode === 'client') {
    root = createRoot(container, { onRecoverableError });
    root.render(app);
  } else if (mode === 'hydrate-now') hydrate();
  return {
    errors,
    recoverable,
    async set(change) {
      update((s) => ({ ...s, ...change }));
      await settle();
    },
    async navigate(route) {
      history.pushState(null, '', route === 'other' ? `?route=other&mode=${mode}` : `?mode=${mode}`);
      update((s) => ({ ...s, route }));
      await settle();
    },
    async back() {
      history.back();
      await settle();
      await settle();
    },
    async hydrate() {
      hydrate();
      await settle();
    },
    async unmount() {
      root?.unmount();
      await settle();
    },
  };
}
