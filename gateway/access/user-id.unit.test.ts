/** One user-id pattern for token subjects, /dev/token, npm run token, paths and filters. */
import { describe, expect, it } from 'vitest';
import { isUserId, normalizeUserId } from './user-id.js';

describe('isUserId', () => {
  it.each([
    'alice',
    'bidder-4ef05a25c2',
    'seller-1638893549',
    "o'brien@example.com",
    'first.last_2',
    'Zoë Smith',
    'Łukasz Żółć',
    '山田 太郎',
    'x'.repeat(64),
    'ë'.repeat(64),
    'Tarō 山田',
    'алиса',
    'Σωκράτης',
    'Zoë-Ørsted',
  ])('accepts %j', (id) => {
    expect(isUserId(id)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['a leading space', ' alice'],
    ['a trailing space', 'alice '],
    ['two spaces in a row', 'Zoë  Smith'],
    ['NUL', 'ali\u0000ce'],
    ['another C0 control', 'ali\u0007ce'],
    ['DEL', 'alice\u007f'],
    ['a C1 control', 'alice\u0085'],
    ['a tab', 'Zoë\tSmith'],
    ['a newline', 'alice\n'],
    ['a lone surrogate', 'alice\ud800'],
    ['a slash', 'alice/bob'],
    ['a quote', 'alice"'],
    ['65 characters', 'x'.repeat(65)],
    ['a decomposed (non-NFC) letter', 'Zoe\u0308 Smith'],
    ['a zero-width space', 'ali\u200bce'],
    ['not a string', 42],
    // Look-alikes and blank-looking names (issue 22 §4).
    ['fullwidth letters (not NFKC)', 'ａｌｉｃｅ'],
    ['a ligature (not NFKC)', 'ﬁona'],
    ['a no-break space (not NFKC)', 'Zoë\u00a0Smith'],
    ['the Hangul filler U+3164 alone', '\u3164'],
    ['the Hangul filler U+3164 beside a name', 'alice\u3164'],
    ['the Hangul choseong filler U+115F', '\u115f'],
    ['a combining grapheme joiner', 'ali\u034fce'],
    ['a variation selector', 'alice\ufe0f'],
    ['a Cyrillic а among Latin letters', '\u0430lice'],
    ['a Greek ο among Latin letters', 'b\u03bfb'],
    ['Greek and Cyrillic letters', '\u03b1\u0430'],
    ['Latin and Cyrillic words', 'alice \u0430\u043b\u0438\u0441\u0430'],
  ])('refuses %s', (_label, id) => {
    expect(isUserId(id)).toBe(false);
  });
});

describe('normalizeUserId: a typed name in the form a user id takes', () => {
  it.each([
    ['ａｌｉｃｅ', 'alice'],
    ['  alice\u3000', 'alice'],
    ['ﬁona', 'fiona'],
    ['Zoë\u00a0Smith', 'Zoë Smith'],
    ['Zoe\u0308', 'Zoë'],
    ['alice', 'alice'],
  ])('%j becomes the user id %j', (typed, id) => {
    expect(normalizeUserId(typed)).toBe(id);
    expect(isUserId(normalizeUserId(typed))).toBe(true);
  });

  it.each([
    ['the Hangul filler', '\u3164'],
    ['the halfwidth Hangul filler (NFKC: U+3164)', '\uffa0'],
    ['a Cyrillic а among Latin letters', '\u0430lice'],
  ])('leaves %s refused', (_label, typed) => {
    expect(isUserId(normalizeUserId(typed))).toBe(false);
  });
});
