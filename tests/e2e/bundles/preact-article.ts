/** The seed article as a Preact 10 app (see article.ts): client-rendered, or hydrated from server markup. */
import { h, hydrate as preactHydrate, render, type ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
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

function toPreact(tree: Tree | string): ComponentChild {
  if (typeof tree === 'string') return tree;
  const [tag, props, children, key] = tree;
  return h(tag, { key, ...props }, ...children.map(toPreact));
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
  return toPreact(describeArticle(seed, state));
}

export function start(seed: Seed, mode: Mode): AppControls {
  const container = document.getElementById('root') as HTMLElement;
  const { errors, recoverable } = watchErrors();
  const app = h(App, { seed, initial: { ...INITIAL, route: routeFromLocation() } });
  let mounted = false;
  const hydrate = () => {
    if (mounted) return;
    mounted = true;
    preactHydrate(app, container);
  };
  if (mode === 'client') {
    mounted = true;
    render(app, container);
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
      render(null, container);
      await settle();
    },
  };
}
