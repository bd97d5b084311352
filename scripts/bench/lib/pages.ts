/**
 * The generated pages the benchmark loads. They are made at run time into a
 * temporary directory (a 100,000-element page does not belong in git) from a
 * seeded generator, so every run and every machine loads the same bytes.
 */
import { createSeededRandom } from '../../../tests/unit/helpers/seeded-random';

const WORDS = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they ' +
  'you were her all she there would their we him been has when who will more no if out so said what up its about ' +
  'into than them can only other new some could time these two may then do first any my now such like our over ' +
  'man me even most made after also did many before must through back years where much your way well down should ' +
  'because each just those people how too little state good very make world still own see men work long get here ' +
  'between both life being under never day same another know while last might us great old year off come since ' +
  'against go came right used take three council minister workers strike union government report election budget'
).split(' ');

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export interface HeavyPageOptions {
  /** About how many elements the page has (the issue asks for about 100,000). */
  elements: number;
  /** How many tweet embeds, of mixed forms (the issue asks for 500); a third are broken. */
  embeds: number;
}

export interface HeavyPageStats {
  elements: number;
  links: number;
  /** Tweet embeds written into the page: what a scan must find, no more, no fewer. */
  embeds: number;
  /** Of which broken: at once (marked twitter-tweet-error), and after the grace period (pending until then). */
  broken: number;
  brokenAtOnce: number;
  pending: number;
  rendered: number;
}

export interface GeneratedPage {
  html: string;
  stats: HeavyPageStats;
}

/**
 * A long news page: a header with navigation, then stories, each with a
 * title, a byline, paragraphs of text with inline links (some of them status
 * links in running text, which are not embeds), one tweet embed, a toolbar of
 * icon buttons and a related-stories box. Nesting is as deep as on real
 * sites, which matters to detectors that look at a link's ancestors.
 *
 * Embeds cycle through six forms: 1/6 blockquotes marked twitter-tweet-error
 * (broken at once), 1/6 broken too: a raw blockquote (broken at once, as the
 * page has no widgets.js to render it) or a site's "Loading Tweet ..." block
 * in two layouts (pending until the grace period is over), and 4/6
 * rendered ones (div.twitter-tweet-rendered > iframe, twitter-widget in its
 * two shapes, and a raw blockquote kept beside its rendered twin). Only one
 * form in six is a frame: frames dominate a page's load time, and the
 * figures are about the extension, not about frames.
 */
export function heavyPage({ elements: target, embeds }: HeavyPageOptions): GeneratedPage {
  const rnd = createSeededRandom(20240611);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  let elements = 0;
  let links = 0;
  let brokenAtOnce = 0;
  let pending = 0;
  let tweetSeq = 0;
  const out: string[] = [];
  /** Opens an element and counts it (every element of the page goes through here). */
  const tag = (name: string, attrs = '') => {
    elements++;
    if (name === 'a' && attrs.includes('href=')) links++;
    return `<${name}${attrs ? ` ${attrs}` : ''}>`;
  };
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const tweetId = () => String(1_400_000_000_000_000_000n + BigInt(++tweetSeq * 7919));
  // Two words, cut to the 15 characters a handle may have: a longer one makes a URL that is no tweet's.
  const handle = () => `${pick(WORDS)}_${pick(WORDS)}`.slice(0, 15);

  const inlineLink = () => {
    const r = rnd();
    // Mostly ordinary links; some twitter links that are not embeds.
    if (r < 0.55) return `https://example.com/${pick(WORDS)}/${Math.floor(rnd() * 1e6)}`;
    if (r < 0.7) return `/topic/${pick(WORDS)}`;
    if (r < 0.8) return `https://t.co/${Math.floor(rnd() * 1e9).toString(36)}`;
    if (r < 0.9) return `https://twitter.com/${handle()}`;
    return `https://twitter.com/hashtag/${pick(WORDS)}?src=hash`;
  };

  const paragraph = (statusLink: boolean) => {
    const parts: string[] = [tag('p')];
    const n = 24 + Math.floor(rnd() * 16);
    for (let i = 0; i < n; i++) {
      const word = pick(WORDS);
      const r = rnd();
      if (r < 0.025) parts.push(`${tag('a', `href="${esc(inlineLink())}"`)}${word} ${pick(WORDS)}</a>`);
      else if (r < 0.06) parts.push(`${tag('em')}${word}</em>`);
      else if (r < 0.09) parts.push(`${tag('strong')}${word}</strong>`);
      else if (r < 0.12) parts.push(`${tag('span', 'class="hl"')}${word}</span>`);
      else parts.push(word);
    }
    // A status link in running text ("as she wrote") is not an embed and must not be taken for one.
    if (statusLink) {
      parts.push(`${tag('a', `href="https://twitter.com/${handle()}/status/${tweetId()}"`)}as she wrote</a>`);
    }
    return `${parts.join(' ')}.</p>`;
  };

  const blockquote = (id: string, extraClass = '') => {
    const h = handle();
    return (
      `${tag('blockquote', `class="twitter-tweet${extraClass}"`)}${tag('p', 'lang="en" dir="ltr"')}${words(18)} ` +
      `${tag('a', `href="https://twitter.com/hashtag/${pick(WORDS)}?src=hash&amp;ref_src=twsrc%5Etfw"`)}#${pick(WORDS)}</a> ` +
      `${tag('a', `href="https://t.co/${Math.floor(rnd() * 1e9).toString(36)}"`)}pic.twitter.com/x</a></p>` +
      `&mdash; ${h} (@${h}) ${tag('a', `href="https://twitter.com/${h}/status/${id}?ref_src=twsrc%5Etfw"`)}March 9, 2022</a></blockquote>`
    );
  };

  const embed = (i: number) => {
    const id = tweetId();
    const h = handle();
    switch (i % 6) {
      case 0:
        brokenAtOnce++;
        return blockquote(id, ' twitter-tweet-error');
      case 1:
        switch (Math.floor(i / 6) % 3) {
          case 0:
            brokenAtOnce++;
            return blockquote(id);
          case 1:
            pending++;
            return (
              `${tag('div', 'class="tweet-embed"')}${tag('div')}Loading Tweet ...</div>\n` +
              `${tag('a', `href="https://twitter.com/${h}/status/${id}" target="_blank" rel="noopener"`)}Tweet not loading? See it directly on Twitter</a></div>`
            );
          default:
            pending++;
            return (
              `${tag('p')}Loading Tweet ...</p>\n${tag('p')}Tweet not loading? ` +
              `${tag('a', `href="https://x.com/${h}/status/${id}?ref_src=twsrc%5Etfw"`)}See it directly on Twitter</a></p>`
            );
        }
      case 2:
        return `${tag('div', `class="twitter-tweet twitter-tweet-rendered"`)}${tag('iframe', `data-tweet-id="${id}" title="X Post" width="550" height="200" frameborder="0"`)}</iframe></div>`;
      case 3:
        return `${tag('twitter-widget', `class="twitter-tweet" data-tweet-id="${id}"`)}</twitter-widget>`;
      case 4:
        // widgets.js 2016–2019: the custom element itself carries the rendered classes.
        return `${tag('twitter-widget', `class="twitter-tweet twitter-tweet-rendered" data-tweet-id="${id}"`)}</twitter-widget>`;
      default:
        // A saved page that kept the raw blockquote beside its rendered twin: one embed, rendered.
        return `${tag('twitter-widget', `class="twitter-tweet" data-tweet-id="${id}"`)}</twitter-widget>${blockquote(id).replace('<blockquote', '<blockquote hidden')}`;
    }
  };

  /** Comments: element-heavy, text-light markup, like most of a real page. */
  const comment = () =>
    `${tag('div', 'class="comment"')}${tag('div', 'class="avatar"')}${tag('span')}${pick(WORDS).slice(0, 1)}</span></div>` +
    `${tag('div', 'class="comment-body"')}${tag('a', `href="/user/${pick(WORDS)}"`)}${pick(WORDS)}</a>${tag('p')}${words(10)}</p>` +
    `${tag('div', 'class="actions"')}${tag('button', 'type="button"')}Reply</button>${tag('button', 'type="button"')}Report</button></div></div></div>`;

  const iconButton = (label: string) =>
    `${tag('button', 'type="button"')}${tag('svg', 'viewBox="0 0 24 24" width="16" height="16"')}${tag('path', 'd="M2 2h20v20H2z"')}</path></svg>${tag('span')}${label}</span></button>`;

  out.push(
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>Bench: a heavy page</title>`,
    '<style>body{font:16px/1.5 Georgia,serif;max-width:46rem;margin:auto;padding:0 1rem}',
    'nav li{display:inline;margin-right:.4rem}.toolbar button{margin-right:.3rem}.hl{background:#ffd}',
    'iframe{display:block;border:1px solid #ccc}</style></head>',
  );
  elements += 6; // html, head, meta, title, style, body
  out.push('<body>', tag('div', 'id="page"'), tag('header'), tag('nav'), tag('ul'));
  for (let i = 0; i < 120; i++) out.push(`${tag('li')}${tag('a', `href="/section/${i}"`)}${pick(WORDS)}</a></li>`);
  out.push('</ul></nav></header>', tag('main'), tag('div', 'class="feed"'));

  const perStory = Math.max(40, Math.floor(target / embeds));
  for (let s = 0; s < embeds; s++) {
    const start = elements;
    out.push(tag('section', `class="story" id="story-${s}"`), tag('div', 'class="story-inner"'));
    out.push(`${tag('h2')}${tag('a', `href="/story/${s}"`)}${words(7)}</a></h2>`);
    out.push(
      `${tag('div', 'class="byline"')}${tag('span')}By ${tag('a', `href="/author/${pick(WORDS)}"`)}${words(2)}</a></span> ${tag('time')}March 9, 2022</time></div>`,
    );
    out.push(tag('div', 'class="story-body"'));
    const body: string[] = [];
    // Paragraphs until the story has its share of the page's elements; the embed sits after the third.
    const embedAt = 3;
    let p = 0;
    while (elements - start < perStory - 101 || p <= embedAt) {
      body.push(paragraph(p === 1 && s % 2 === 0));
      if (p === embedAt) body.push(embed(s));
      p++;
    }
    out.push(...body, '</div>');
    out.push(tag('div', 'class="toolbar"'), ...['Like', 'Share', 'Save', 'Comment'].map(iconButton), '</div>');
    out.push(tag('div', 'class="comments"'));
    for (let c = 0; c < 7; c++) out.push(comment());
    out.push('</div>');
    out.push(tag('aside', 'class="related"'), tag('ul'));
    for (let r = 0; r < 4; r++) {
      out.push(
        `${tag('li')}${tag('a', `href="/story/${Math.floor(rnd() * 1e5)}"`)}${tag('span', 'class="kicker"')}${pick(WORDS)}</span> ${tag('span')}${words(6)}</span></a></li>`,
      );
    }
    out.push('</ul></aside></div></section>');
  }
  out.push('</div></main>', tag('footer'), `${tag('p')}Bench page, generated.</p>`, '</footer></div></body></html>');
  const broken = brokenAtOnce + pending;
  return {
    html: out.join('\n'),
    stats: { elements, links, embeds, broken, brokenAtOnce, pending, rendered: embeds - broken },
  };
}

/**
 * A feed page for the mutation figures: an article, then a feed that, when
 * window.__bench.start() is called, appends 10,000 elements in 100 batches
 * one frame apart (an infinite-scroll feed), one tweet embed per batch.
 * start() resolves when the last batch is in.
 */
export function feedPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bench: infinite feed</title>
<style>body{font:16px/1.5 sans-serif;max-width:40rem;margin:auto}.item{border-bottom:1px solid #ddd;padding:.5rem 0}</style>
</head><body><main><h1>Feed</h1><div id="feed"></div></main>
<script>
window.__bench = {
  start(batches = 100, perBatch = 100, gapMs = 16) {
    const feed = document.getElementById('feed');
    const words = 'the council workers strike union government report election budget minister people world'.split(' ');
    let seq = 0;
    const text = (n) => Array.from({ length: n }, (_, i) => words[(seq + i * 7) % words.length]).join(' ');
    // One item: 10 elements (article, header, a, span, time, p, a, em, footer, button).
    function item() {
      const id = ++seq;
      const el = document.createElement('article');
      el.className = 'item';
      const header = el.appendChild(document.createElement('header'));
      const who = header.appendChild(document.createElement('a'));
      who.href = '/user/' + id;
      who.appendChild(document.createElement('span')).textContent = 'user ' + id;
      header.appendChild(document.createElement('time')).textContent = '2m';
      const p = el.appendChild(document.createElement('p'));
      p.append(text(20) + ' ');
      const link = p.appendChild(document.createElement('a'));
      link.href = 'https://example.com/story/' + id;
      link.textContent = 'read more';
      p.append(' ');
      p.appendChild(document.createElement('em')).textContent = text(2);
      el.appendChild(document.createElement('footer')).appendChild(document.createElement('button')).textContent = 'Like';
      return el;
    }
    // An embed in place of one item's text: the three common forms in turn (5 or 6 elements).
    function embed(n) {
      const id = String(1500000000000000000n + BigInt(n));
      if (n % 3 === 0) {
        const b = document.createElement('blockquote');
        b.className = 'twitter-tweet';
        const p = b.appendChild(document.createElement('p'));
        p.textContent = text(12);
        const a = b.appendChild(document.createElement('a'));
        a.href = 'https://twitter.com/someone/status/' + id;
        a.textContent = 'March 9, 2022';
        return b;
      }
      if (n % 3 === 1) {
        const d = document.createElement('div');
        d.className = 'twitter-tweet twitter-tweet-rendered';
        d.appendChild(document.createElement('iframe')).setAttribute('data-tweet-id', id);
        return d;
      }
      const d = document.createElement('div');
      d.appendChild(document.createElement('div')).textContent = 'Loading Tweet ...';
      const a = d.appendChild(document.createElement('a'));
      a.href = 'https://twitter.com/someone/status/' + id;
      a.textContent = 'Tweet not loading? See it directly on Twitter';
      return d;
    }
    return new Promise((done) => {
      let batch = 0;
      function next() {
        const fragment = document.createDocumentFragment();
        for (let i = 0; i < perBatch / 10; i++) {
          const el = item();
          if (i === 0) el.querySelector('p').replaceWith(embed(batch));
          fragment.appendChild(el);
        }
        feed.appendChild(fragment);
        if (++batch < batches) setTimeout(next, gapMs);
        else done(document.getElementsByTagName('*').length);
      }
      next();
    });
  },
};
</script>
</body></html>
`;
}

/**
 * A page that never stops changing, for the main-thread share: a ticker
 * updated every frame, class names toggled on list items, a live blog that
 * adds an entry and drops the oldest, and a carousel that swaps its slide;
 * beside an article with two tweet embeds. window.__bench.start(ms) runs it
 * for ms milliseconds and resolves with the number of changes made.
 */
export function churnPage(): string {
  const paragraphs = Array.from(
    { length: 30 },
    (_, i) =>
      `<p>Paragraph ${i} of the article, with <a href="https://example.com/${i}">a link</a> and some text that does not change.</p>`,
  ).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bench: a page that never stops changing</title>
<style>body{font:16px/1.5 sans-serif;max-width:40rem;margin:auto}.on{background:#eef}</style>
</head><body>
<header><span id="clock">0</span> <ul id="ticker">${Array.from({ length: 20 }, (_, i) => `<li><a href="/t/${i}">item ${i}</a></li>`).join('')}</ul></header>
<main><article>
${paragraphs}
<blockquote class="twitter-tweet"><p>An embed</p><a href="https://twitter.com/someone/status/1501707808009506816">March 9, 2022</a></blockquote>
<div class="twitter-tweet twitter-tweet-rendered"><iframe data-tweet-id="1501707808009506817"></iframe></div>
</article>
<div id="carousel"><div class="slide"><a href="/slide/0">slide 0</a></div></div>
<ol id="live"></ol>
</main>
<script>
window.__bench = {
  start(ms) {
    const clock = document.getElementById('clock');
    const items = [...document.querySelectorAll('#ticker li')];
    const live = document.getElementById('live');
    const carousel = document.getElementById('carousel');
    let changes = 0;
    let n = 0;
    const end = performance.now() + ms;
    return new Promise((done) => {
      function tick() {
        n++;
        clock.textContent = String(n);
        for (let i = 0; i < 5; i++) items[(n * 5 + i) % items.length].classList.toggle('on');
        const li = document.createElement('li');
        li.append('update ' + n + ' ');
        const a = li.appendChild(document.createElement('a'));
        a.href = '/live/' + n;
        a.textContent = 'more';
        live.prepend(li);
        if (live.childElementCount > 50) live.lastElementChild.remove();
        changes += 8;
        if (n % 30 === 0) {
          const slide = document.createElement('div');
          slide.className = 'slide';
          const s = slide.appendChild(document.createElement('a'));
          s.href = '/slide/' + n;
          s.textContent = 'slide ' + n;
          carousel.replaceChildren(slide);
          changes++;
        }
        if (performance.now() < end) setTimeout(tick, 16);
        else done(changes);
      }
      tick();
    });
  },
};
</script>
</body></html>
`;
}

export interface PlainPageOptions {
  /** About how many elements the page has. */
  elements: number;
}

export interface PlainPageStats {
  elements: number;
  links: number;
  images: number;
}

/**
 * The common case: a news article with no tweet embed and none of the first stage's hooks
 * (src/content/first-stage-selector.ts): a header with navigation and a search form, the
 * article's paragraphs with inline links (other sites, sections, a t.co link, profile and
 * hashtag links on twitter.com, none of them a status link), pictures as `<img>` and
 * `<picture>` (not `<figure>`), a `<video>` player, a table, lists, a newsletter form, related
 * stories, comments and a footer of links; and page scripts that run at load (a consent banner
 * added, a reading-progress listener). No `iframe`, `blockquote`, `figure` or `[data-url]`:
 * each of those is a hook, so a page with one brings the engine in by design
 * (docs/performance.md, "Two stages"), and is not the case measured here. Images are inline
 * SVG data, so the page makes no request beyond its own address.
 */
export function plainPage({ elements: target }: PlainPageOptions): { html: string; stats: PlainPageStats } {
  const rnd = createSeededRandom(20251203);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  let elements = 0;
  let links = 0;
  let images = 0;
  const tag = (name: string, attrs = '') => {
    elements++;
    if (name === 'a' && attrs.includes('href=')) links++;
    if (name === 'img') images++;
    return `<${name}${attrs ? ` ${attrs}` : ''}>`;
  };
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const handle = () => `${pick(WORDS)}_${pick(WORDS)}`.slice(0, 15);
  const svg = (hue: number) =>
    `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360"><rect width="640" height="360" fill="hsl(${hue},40%,70%)"/></svg>`)}`;
  const link = () => {
    const r = rnd();
    if (r < 0.5) return `https://example.com/${pick(WORDS)}/${Math.floor(rnd() * 1e6)}`;
    if (r < 0.75) return `/section/${pick(WORDS)}/${Math.floor(rnd() * 1e4)}`;
    if (r < 0.85) return `https://t.co/${Math.floor(rnd() * 1e9).toString(36)}`;
    if (r < 0.93) return `https://twitter.com/${handle()}`;
    return `https://twitter.com/hashtag/${pick(WORDS)}?src=hash`;
  };
  const paragraph = () => {
    const parts: string[] = [tag('p')];
    const n = 30 + Math.floor(rnd() * 30);
    for (let i = 0; i < n; i++) {
      const r = rnd();
      const word = pick(WORDS);
      if (r < 0.04) parts.push(`${tag('a', `href="${esc(link())}"`)}${word} ${pick(WORDS)}</a>`);
      else if (r < 0.06) parts.push(`${tag('em')}${word}</em>`);
      else if (r < 0.08) parts.push(`${tag('strong')}${word}</strong>`);
      else parts.push(word);
    }
    return `${parts.join(' ')}.</p>`;
  };
  const picture = () =>
    `${tag('div', 'class="picture"')}${tag('picture')}${tag('source', `media="(min-width: 800px)" srcset="${svg(Math.floor(rnd() * 360))}"`)}` +
    `${tag('img', `src="${svg(Math.floor(rnd() * 360))}" alt="${words(4)}" width="640" height="360" loading="lazy"`)}</picture>` +
    `${tag('p', 'class="caption"')}${words(12)}</p></div>`;
  let comments = 0;
  // An avatar on one comment in five, a thumbnail on the first eight of the sidebar: pictures are a
  // few dozen on an article page, not one per element.
  const avatar = () =>
    comments++ % 5 === 0 ? tag('img', `src="${svg(Math.floor(rnd() * 360))}" alt="" width="32" height="32"`) : '';
  const comment = () =>
    `${tag('li', 'class="comment"')}${tag('div', 'class="who"')}${avatar()}` +
    `${tag('a', `href="/user/${pick(WORDS)}"`)}${pick(WORDS)}</a> ${tag('time')}2h</time></div>${tag('p')}${words(8 + Math.floor(rnd() * 25))}</p>` +
    `${tag('div', 'class="actions"')}${tag('button', 'type="button"')}Reply</button>${tag('button', 'type="button"')}Like</button></div></li>`;

  const out: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Bench: an article without embeds</title>',
    '<style>body{font:17px/1.6 Georgia,serif;margin:0}header,footer{background:#f4f4f4;padding:.5rem 1rem}',
    'nav a{margin-right:.6rem}main{display:grid;grid-template-columns:minmax(0,42rem) 16rem;gap:2rem;max-width:62rem;margin:auto}',
    'img{max-width:100%;height:auto}.caption{font-size:.8rem;color:#555}.comment{list-style:none;border-top:1px solid #ddd}',
    'table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem}.consent{position:fixed;bottom:0;left:0;right:0;background:#222;color:#fff;padding:1rem}',
    '.progress{position:fixed;top:0;left:0;height:3px;background:#c00}</style></head>',
  ];
  elements += 7; // html, head, meta × 2, title, style, body
  out.push('<body>', tag('header'), tag('nav'));
  for (let i = 0; i < 40; i++) out.push(`${tag('a', `href="/section/${i}"`)}${pick(WORDS)}</a>`);
  out.push('</nav>', tag('form', 'role="search" action="/search"'), tag('input', 'type="search" name="q"'));
  out.push(`${tag('button', 'type="submit"')}Search</button></form></header>`, tag('main'), tag('article'));
  out.push(
    `${tag('h1')}${words(9)}</h1>`,
    `${tag('p', 'class="byline"')}By ${tag('a', 'href="/author/1"')}${words(2)}</a></p>`,
  );
  out.push(picture());
  const sidebarShare = 0.25;
  let p = 0;
  while (elements < target * (1 - sidebarShare) * 0.6) {
    out.push(paragraph());
    if (++p % 6 === 0) out.push(picture());
    if (p === 4) {
      out.push(
        tag('video', 'controls preload="none" width="640" height="360"'),
        'Your browser cannot play this video.</video>',
      );
    }
    if (p === 9) {
      out.push(tag('table'), `${tag('tr')}${tag('th')}Year</th>${tag('th')}Votes</th>${tag('th')}Share</th></tr>`);
      for (let r = 0; r < 12; r++) {
        out.push(
          `${tag('tr')}${tag('td')}${2000 + r}</td>${tag('td')}${Math.floor(rnd() * 1e6)}</td>${tag('td')}${(rnd() * 100).toFixed(1)}%</td></tr>`,
        );
      }
      out.push('</table>');
    }
    if (p === 12) {
      out.push(tag('ul'));
      for (let i = 0; i < 8; i++)
        out.push(`${tag('li')}${words(10)} ${tag('a', `href="${esc(link())}"`)}${pick(WORDS)}</a></li>`);
      out.push('</ul>');
    }
  }
  out.push(tag('form', 'class="newsletter" action="/subscribe"'), tag('input', 'type="email" name="email"'));
  out.push(`${tag('button', 'type="submit"')}Subscribe</button></form>`);
  out.push(`${tag('section', 'class="comments"')}${tag('h2')}Comments</h2>`, tag('ol'));
  while (elements < target * (1 - sidebarShare)) out.push(comment());
  out.push('</ol></section></article>', tag('aside'), `${tag('h2')}Most read</h2>`, tag('ol'));
  for (let i = 0; elements < target - 60; i++) {
    const thumbnail = i < 8 ? tag('img', `src="${svg(Math.floor(rnd() * 360))}" alt="" width="80" height="45"`) : '';
    out.push(
      `${tag('li')}${tag('a', `href="/story/${Math.floor(rnd() * 1e5)}"`)}${thumbnail}${tag('span')}${words(7)}</span></a></li>`,
    );
  }
  out.push('</ol></aside></main>', tag('footer'));
  for (let i = 0; i < 50; i++) out.push(`${tag('a', `href="/about/${i}"`)}${pick(WORDS)}</a> `);
  out.push('</footer>');
  // What most article pages run at load: a consent banner and a reading-progress bar.
  out.push(
    '<script>',
    "addEventListener('load', () => {",
    "  const banner = document.createElement('div'); banner.className = 'consent';",
    "  banner.append('We use cookies. '); const ok = banner.appendChild(document.createElement('button'));",
    "  ok.textContent = 'OK'; ok.onclick = () => banner.remove(); document.body.append(banner);",
    "  const bar = document.body.appendChild(document.createElement('div')); bar.className = 'progress';",
    "  addEventListener('scroll', () => { bar.style.width = (100 * scrollY / (document.body.scrollHeight - innerHeight)) + '%'; }, { passive: true });",
    '});',
    '</script>',
    '</body></html>',
  );
  elements += 1; // the script
  return { html: out.join('\n'), stats: { elements, links, images } };
}
