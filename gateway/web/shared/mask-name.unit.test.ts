/** Bidder names as others see them on the page, and as their owner does. */
import { describe, expect, it } from 'vitest';
import { maskName } from './mask-name.js';

describe('maskName', () => {
  it.each([
    ['dana', 'd***a'],
    ['carol-web', 'c***b'],
    ['Zoë Smith', 'Z***h'],
    ['Zoë', 'Z***ë'],
    // "e" and a combining diaeresis: one character as people see it.
    ['Zoe\u0308', 'Z***e\u0308'],
    ['abc', 'a***c'],
    ['ab', '***'],
    ['x', '***'],
  ])('shows %s to others as %s', (name, shown) => {
    expect(maskName(name, 'someone-else')).toBe(shown);
    expect(maskName(name, null)).toBe(shown);
  });

  it('shows the reader their own name in full', () => {
    expect(maskName('dana', 'dana')).toBe('dana');
    expect(maskName('x', 'x')).toBe('x');
  });

  it('leaves no name as it is', () => {
    expect(maskName(null, 'dana')).toBeNull();
    expect(maskName('', null)).toBe('');
  });
});
