/**
 * The corpus pages are made to load nothing by scripts/corpus/offline-page.ts (tests/fixtures/corpus/README.md,
 * "How the pages were made offline"): every address a browser would load on its own moves to a data-corpus-*
 * attribute, scripts lose their code, a restrictive policy comes right after the charset declaration, and nothing
 * else changes. The expected pages below are written by hand.
 */
import { describe, expect, it } from 'vitest';
import { CORPUS_POLICY, makeOffline } from '../../scripts/corpus/offline-page';

const POLICY = `<meta http-equiv="Content-Security-Policy" content="${CORPUS_POLICY}">`;
const NOTE = '<!-- Tweet Mender corpus page: made to load nothing, see tests/fixtures/corpus/README.md -->';

describe('makeOffline', () => {
  it('moves loading addresses to data-corpus-* attributes and empties scripts, keeping the rest', () => {
    const saved =
      '<!doctype html><html><head><meta charset="utf-8"><link rel="canonical" href="https://news.example/a">' +
      '<link rel="preconnect" href="https://cdn.example"><script src="https://platform.twitter.com/widgets.js"></script>' +
      '<script>track()</script></head><body background="https://cdn.example/bg.png">' +
      '<img class="lead" src="https://cdn.example/a.jpg" srcset="https://cdn.example/a2.jpg 2x" alt="A">' +
      '<img src="data:," alt=""><a href="https://twitter.com/ana_b/status/1">link</a>' +
      '<noscript><img src="https://pixel.example/p.gif"></noscript>' +
      '<iframe src="https://video.example/embed/1" title="v"></iframe></body></html>';
    expect(makeOffline(saved)).toBe(
      `<!DOCTYPE html><html><head><meta charset="utf-8">${POLICY}${NOTE}<link rel="canonical" href="https://news.example/a">` +
        '<link rel="preconnect" data-corpus-href="https://cdn.example"><script data-corpus-src="https://platform.twitter.com/widgets.js"></script>' +
        '<script></script></head><body data-corpus-background="https://cdn.example/bg.png">' +
        '<img class="lead" alt="A" data-corpus-src="https://cdn.example/a.jpg" data-corpus-srcset="https://cdn.example/a2.jpg 2x">' +
        '<img src="data:," alt=""><a href="https://twitter.com/ana_b/status/1">link</a>' +
        '<noscript><img data-corpus-src="https://pixel.example/p.gif"></noscript>' +
        '<iframe title="v" data-corpus-src="https://video.example/embed/1"></iframe></body></html>',
    );
  });

  it('puts the policy first in <head> when there is no charset declaration, and stops a refresh', () => {
    const saved =
      '<html><head><title>T</title><meta http-equiv="refresh" content="0;url=https://elsewhere.example/"></head><body></body></html>';
    expect(makeOffline(saved)).toBe(
      `<html><head>${POLICY}${NOTE}<title>T</title><meta http-equiv="refresh" data-corpus-content="0;url=https://elsewhere.example/"></head><body></body></html>`,
    );
  });
});
