import { describe, expect, it } from 'vitest';
import { containsPattern } from './read-side.js';

describe('containsPattern', () => {
  it('finds the text anywhere', () => {
    expect(containsPattern('watch')).toBe('%watch%');
  });

  it("escapes LIKE's wildcards and its escape, so they match only themselves", () => {
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
});
