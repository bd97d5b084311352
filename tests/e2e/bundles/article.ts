/**
 * The seed article as a client-rendered app would show it, shared by the
 * React and the Preact page (framework.e2e.test.ts): what the app renders for
 * a state, and the controls a test drives it with (`window.app`). The embed is
 * the demo page's fallback block, a component the app owns.
 */
export interface Seed {
  title: string;
  paragraphs: string[];
}

export interface ArticleState {
  route: 'article' | 'other';
  /** The index of the paragraph the embed follows; null: not rendered. */
  embedAt: number | null;
  /** The embed's key: a new key makes the framework throw the old node away and render a new one. */
  embedKey: number;
  /** Bumped to re-render everything with the same content. */
  tick: number;
}

export const INITIAL: ArticleState = { route: 'article', embedAt: 2, embedKey: 1, tick: 0 };

export const EMBED_HREF = 'https://twitter.com/WSWS_Updates/status/1501707808009506816';
export const EMBED_LINES = ['Loading Tweet ...', 'Tweet not loading? See it directly on Twitter'] as const;
export const OTHER_TEXT = 'Another article, with nothing embedded.';

/** What a test can do to the app; each returns once the framework has committed the change. */
export interface AppControls {
  set(change: Partial<ArticleState>): Promise<void>;
  /** history.pushState to the other route, or back (the router listens to popstate). */
  navigate(route: ArticleState['route']): Promise<void>;
  back(): Promise<void>;
  /** Hydrates the server-rendered markup now (mode "hydrate-later"). */
  hydrate(): Promise<void>;
  /** Unmounts the whole app, as a framework does when a page is left. */
  unmount(): Promise<void>;
  /** Errors the page saw: uncaught ones, and what the framework reported as recoverable. */
  errors: string[];
  recoverable: string[];
}

export type Mode = 'client' | 'hydrate-now' | 'hydrate-later';

/** A framework-neutral description of the page: [tag, props, children]. */
export type Tree = [tag: string, props: Record<string, string>, children: (Tree | string)[], key?: string];

export function describeArticle(seed: Seed, state: ArticleState): Tree {
  if (state.route === 'other') {
    return [
      'main',
      {},
      [
        [
          'article',
          { class: 'content' },
          [
            ['h2', {}, ['Elsewhere'], 'title'],
            ['p', {}, [OTHER_TEXT], 'o'],
          ],
        ],
      ],
    ];
  }
  const children: Tree[] = [['h2', {}, [seed.title], 'title']];
  seed.paragraphs.forEach((text, i) => {
    children.push(['p', {}, [text], `p${i}`]);
    if (state.embedAt === i) {
      children.push([
        'div',
        { class: 'tweet-embed' },
        [
          ['div', {}, [EMBED_LINES[0]]],
          ['a', { href: EMBED_HREF, target: '_blank', rel: 'noopener noreferrer' }, [EMBED_LINES[1]]],
        ],
        `embed${state.embedKey}`,
      ]);
    }
  });
  return [
    'main',
    {},
    [
      ['article', { class: 'content' }, children],
      ['footer', {}, [`Rendered ${state.tick + 1}`]],
    ],
  ];
}

export function routeFromLocation(): ArticleState['route'] {
  return new URLSearchParams(location.search).get('route') === 'other' ? 'other' : 'article';
}

/** Records what the page sees go wrong. */
export function watchErrors(): { errors: string[]; recoverable: string[] } {
  const errors: string[] = [];
  window.addEventListener('error', (event) => errors.push(String(event.message)));
  window.addEventListener('unhandledrejection', (event) => errors.push(String(event.reason)));
  return { errors, recoverable: [] };
}

/** Waits for the framework to commit (both schedule their work in a task or a microtask). */
export const settle = () => new Promise<void>((done) => setTimeout(done, 50));
