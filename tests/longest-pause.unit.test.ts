import { describe, expect, it } from 'vitest';
import { longestPause } from './longest-pause.js';

describe('longestPause', () => {
  it('is the longest gap between moments inside the window', () => {
    expect(longestPause([12, 10, 30, 31], 10, 32)).toBe(18);
  });

  it('counts the silence up to the window’s end and from its start', () => {
    expect(longestPause([1, 2], 0, 10)).toBe(8);
    expect(longestPause([9], 0, 10)).toBe(9);
  });

  it('is the whole window when nothing happened in it', () => {
    expect(longestPause([], 5, 25)).toBe(20);
    expect(longestPause([1, 30], 5, 25)).toBe(20);
  });
});
