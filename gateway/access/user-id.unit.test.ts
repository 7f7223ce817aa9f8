/** One user-id pattern for token subjects, /dev/token, npm run token, paths and filters. */
import { describe, expect, it } from 'vitest';
import { isUserId } from './user-id.js';

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
  ])('refuses %s', (_label, id) => {
    expect(isUserId(id)).toBe(false);
  });
});
