import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { formatDate } from '../../src/i18n/t';

describe('dates follow the browser language', () => {
  it.each([
    ['en-US', '2022-03-09', 'March 9, 2022'],
    ['ru', '2022-03-09', '9 марта 2022 г.'],
    ['en-GB', '2022-03-09', '9 March 2022'],
  ])('%s: %s → %s', (language, iso, expected) => {
    Object.assign(fakeBrowser.i18n, { getUILanguage: () => language });
    expect(formatDate(iso)).toBe(expected);
  });

  it('shows a time with a full timestamp, and the raw text when it is not a date', () => {
    Object.assign(fakeBrowser.i18n, { getUILanguage: () => 'ru' });
    expect(formatDate('2022-03-09T12:00:00.000Z')).toMatch(/^9 марта 2022 г\. в \d{1,2}:\d{2}$/);
    expect(formatDate('sometime in spring')).toBe('sometime in spring');
  });
});
