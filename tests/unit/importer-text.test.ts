/**
 * The pieces every importer relies on: entities decoded once, code-point
 * indices, ids that never pass through Number, dates in every source format.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTweetIds } from '../../src/archive/ids';
import { normalizeDate, normalizeDateTime, parseDateLabel, snowflakeTime } from '../../src/embeds/extract/dates';
import { idString, parseJsonKeepingBigInts, parseScriptAssignment } from '../../src/archive/importers/json';
import { decodeTweetEntities, displayTextOf } from '../../src/embeds/extract/tweet-text';

describe('decodeTweetEntities (docs/data-formats.md#escaped-text)', () => {
  it('decodes &amp; &lt; &gt; once, and nothing else', () => {
    expect(decodeTweetEntities('Sonic 3 &amp; Knuckles')).toBe('Sonic 3 & Knuckles');
    expect(decodeTweetEntities('a &amp;lt; b')).toBe('a &lt; b');
    expect(decodeTweetEntities('&amp;amp;')).toBe('&amp;');
    expect(decodeTweetEntities('&lt;3 &gt;_&lt;')).toBe('<3 >_<');
    expect(decodeTweetEntities('&quot;quoted&quot; &#39;x&#39; &nbsp;')).toBe('&quot;quoted&quot; &#39;x&#39; &nbsp;');
  });

  it('undoes exactly what X escapes, for any text', () => {
    const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => decodeTweetEntities(escape(s)) === s));
  });
});

describe('displayTextOf (docs/data-formats.md#indices, #tco-links)', () => {
  const url = (tco: string, expandedUrl: string, indices: [number, number]) => ({
    tco,
    expandedUrl,
    displayUrl: null,
    indices,
  });

  it('counts indices in code points: emoji before a link do not shift it', () => {
    // "🧵🧵 " is 3 code points and 5 UTF-16 units.
    const raw = '🧵🧵 https://t.co/abc end';
    const { text } = displayTextOf(
      raw,
      [0, 24],
      { urls: [url('https://t.co/abc', 'https://example.com/x', [3, 19])] },
      [],
    );
    expect(text).toBe('🧵🧵 https://example.com/x end');
  });

  it('slices by the escaped text first and decodes after (docs/data-formats.md#indices)', () => {
    const raw = 'a &amp; b https://t.co/xyz';
    // "a &amp; b " is 10 code points escaped, 6 decoded: the entity starts at 10.
    const { text } = displayTextOf(
      raw,
      [0, 26],
      { urls: [url('https://t.co/xyz', 'https://e.org/?a=1&amp;b=2', [10, 26])] },
      [],
    );
    // The expanded URL is inserted as it is: it is not escaped text.
    expect(text).toBe('a & b https://e.org/?a=1&amp;b=2');
  });

  it('drops the media link and ends the text where the medium starts, even inside the range', () => {
    const raw = '@symatt Monocycle https://t.co/6BTGYGVxJJ';
    const { text } = displayTextOf(raw, [0, 41], { urls: [] }, [{ tco: 'https://t.co/6BTGYGVxJJ' }]);
    expect(text).toBe('@symatt Monocycle');
  });

  it('does not trust indices that do not point at the link; finds the link, or leaves the text alone', () => {
    const raw = 'see https://t.co/aaa and more';
    expect(displayTextOf(raw, null, { urls: [url('https://t.co/aaa', 'https://a.org', [0, 3])] }, []).text).toBe(
      'see https://a.org and more',
    );
    expect(displayTextOf(raw, null, { urls: [url('https://t.co/zzz', 'https://z.org', [4, 20])] }, []).text).toBe(raw);
    expect(displayTextOf(raw, null, { urls: [] }, [{ tco: 'http://t.co/elsewhere' }]).text).toBe(raw);
  });

  it("applies the display range: a reply's leading mentions are not shown", () => {
    expect(displayTextOf('@a @b hello', [6, 11], { urls: [] }, []).text).toBe('hello');
  });
});

describe('ids (docs/data-formats.md#ids-are-strings, #time-from-the-id)', () => {
  it('keeps big integers as the digits written in the file, never through Number', () => {
    const value = parseJsonKeepingBigInts(
      '{"id": 1169246717864136700, "id_str": "1169246717864136705", "n": 42, "f": 1.5e3, "s": "12345678901234567890", "neg": -12345678901234567}',
    ) as Record<string, unknown>;
    expect(value).toEqual({
      id: '1169246717864136700',
      id_str: '1169246717864136705',
      n: 42,
      f: 1500,
      s: '12345678901234567890',
      neg: '-12345678901234567',
    });
    expect(idString(value.id_str)).toBe('1169246717864136705');
    expect(idString(12161)).toBe('12161');
    expect(idString('-1')).toBeNull();
  });

  it('leaves digits inside strings alone, escaped quotes included', () => {
    const text = '{"a":"say \\"1234567890123456789\\" now","b":[1234567890123456789]}';
    expect(parseJsonKeepingBigInts(text)).toEqual({ a: 'say "1234567890123456789" now', b: ['1234567890123456789'] });
  });

  it('reads export assignments without evaluating them (docs/data-formats.md#script-assignments)', () => {
    expect(parseScriptAssignment('window.YTD.tweets.part1 = [ {"a" : "1"} ];\n')).toEqual([{ a: '1' }]);
    expect(parseScriptAssignment('\uFEFFwindow.__THAR_CONFIG = {"x" : 1}')).toEqual({ x: 1 });
    expect(parseScriptAssignment('Grailbird.data.tweets_2015_01 = []')).toEqual([]);
    expect(() => parseScriptAssignment('window.YTD.x = alert(1)')).toThrow();
  });

  it('decodes snowflake times, and refuses ids from before snowflake', () => {
    expect(snowflakeTime('1657782953964474368')).toBe('2023-05-14T16:20:31.000Z');
    expect(snowflakeTime('666616452582129664')).toBe('2015-11-17T13:58:42.087Z');
    expect(snowflakeTime('20')).toBeNull();
    expect(snowflakeTime('29700859247')).toBeNull();
    expect(snowflakeTime('01')).toBeNull();
  });

  it('orders ids numerically without Number', () => {
    const ids = ['20', '1657782953964474368', '861696799362478085', '9'];
    expect([...ids].sort(compareTweetIds)).toEqual(['9', '20', '861696799362478085', '1657782953964474368']);
  });
});

describe('dates (docs/data-formats.md#dates)', () => {
  it.each([
    ['2023-05-14T16:20:31.000Z', '2023-05-14T16:20:31.000Z'],
    ['2023-06-02T10:15:41Z', '2023-06-02T10:15:41.000Z'],
    ['Tue Jun 28 11:57:27 +0000 2022', '2022-06-28T11:57:27.000Z'],
    ['Tue Jun 28 13:57:27 +0200 2022', '2022-06-28T11:57:27.000Z'],
    ['2015-01-24 02:02:37 +0000', '2015-01-24T02:02:37.000Z'],
    ['Fri Jun 02 2023 10:15:42 GMT+0000 (Coordinated Universal Time)', '2023-06-02T10:15:42.000Z'],
    ['Fri Jun 02 2023 12:15:42 GMT+0200 (Central European Summer Time)', '2023-06-02T10:15:42.000Z'],
    ['20230602101542', '2023-06-02T10:15:42.000Z'],
    ['Fri, 02 Jun 2023 10:15:41 GMT', '2023-06-02T10:15:41.000Z'],
  ])('%s → %s', (raw, iso) => {
    expect(normalizeDateTime(raw)).toBe(iso);
  });

  it('refuses what is not a date', () => {
    for (const raw of ['yesterday', 'May 14, 2023', '2023-02-30T00:00:00Z', 'Tue Foo 28 11:57:27 +0000 2022', '', null])
      expect(normalizeDateTime(raw), String(raw)).toBeNull();
  });

  it('keeps calendar dates as dates, and reads embed date labels to the day', () => {
    expect(normalizeDate('2023-06-02')).toBe('2023-06-02');
    expect(normalizeDate('2023-02-30')).toBeNull();
    expect(parseDateLabel('May 14, 2023')).toBe('2023-05-14');
    expect(parseDateLabel('14 May 2023')).toBe('2023-05-14');
    expect(parseDateLabel('Sept. 3, 2009')).toBe('2009-09-03');
    expect(parseDateLabel('hier')).toBeNull();
  });
});
