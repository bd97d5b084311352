import { describe, expect, it } from 'vitest';
import { isFallbackText, normalizeVisibleText } from '../../src/embeds/fallback-text';

describe('isFallbackText: the texts sites show instead of a tweet', () => {
  it.each([
    // WSWS, as displayed on wsws.org (shared/seed/article.txt)
    'Loading Tweet ...',
    'Tweet not loading? See it directly on Twitter',
    'Loading Tweet ...\nTweet not loading? See it directly on Twitter',
    'Loading Tweet ... Tweet not loading? See it directly on Twitter',
    // the same block as textContent with the page's whitespace
    '\n  Loading Tweet ...\n  Tweet not loading? See it directly on Twitter\n',
    'Tweet not loading? View it on Twitter',
    'loading tweet',
    'LOADING TWEET...',
    'Loading Tweet…',
    'Loading the tweet...',
    'Post not loading? View it on X',
    'Tweet failed to load. View it on Twitter.',
  ])('%j is a fallback', (text) => {
    expect(isFallbackText(text)).toBe(true);
  });

  it.each([
    // Privacy Badger's stand-in for a blocked widget: not a broken site block
    'Loading Tweet ID 123',
    'Loading Tweet ID 1501707808009506816',
    'Loading tweet id 1501707808009506816',
    // prose that quotes the phrase
    'The page said "Loading Tweet ..." for ten minutes before I gave up and read the rest of the article.',
    'When the embed breaks, WSWS shows “Loading Tweet ...” and a link.',
    'Loading Tweet ... and then the rest of the paragraph carries on with the article itself.',
    // a link sentence without any "loading" wording is not enough
    'See it directly on Twitter',
    'View it on Twitter',
    // neither
    'Loading tweets from the archive',
    'Tweet',
    '',
    '   ',
    `Loading Tweet ${'.'.repeat(300)}`,
  ])('%j is not a fallback', (text) => {
    expect(isFallbackText(text)).toBe(false);
  });

  it('is stable across calls (no regex state carried between calls)', () => {
    for (let i = 0; i < 5; i++) {
      expect(isFallbackText('Loading Tweet ...')).toBe(true);
      expect(isFallbackText('Loading Tweet ID 123')).toBe(false);
      expect(isFallbackText('Tweet not loading? See it directly on Twitter')).toBe(true);
    }
  });
});

describe('normalizeVisibleText', () => {
  it('folds typographic variants and whitespace', () => {
    expect(normalizeVisibleText('  Tweet\u00a0not loading?\n\tSee it\u2026 it\u2019s ')).toBe(
      "Tweet not loading? See it... it's",
    );
  });
});
