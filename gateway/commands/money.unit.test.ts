import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCents, parseAmount } from './money.js';

describe('parseAmount', () => {
  it.each([
    ['12.50', 1250],
    [12.5, 1250],
    ['0.01', 1],
    [175, 17_500],
    ['1234.5', 123_450],
  ])('reads %j as %i cents', (input, cents) => {
    expect(parseAmount(input)).toEqual({ ok: true, cents });
  });

  it.each([
    [0, 'not_positive'],
    ['0.00', 'not_positive'],
    [-5, 'not_positive'],
    ['-0.01', 'not_positive'],
    ['abc', 'not_a_number'],
    ['12,50', 'not_a_number'],
    ['1e3', 'not_a_number'],
    [null, 'not_a_number'],
    [true, 'not_a_number'],
    ['', 'not_a_number'],
    [12.345, 'too_precise'],
    ['0.001', 'too_precise'],
    ['10000000000000', 'too_large'],
    ['  12.00\n', 'surrounding_whitespace'],
    [' 7 ', 'surrounding_whitespace'],
    ['7\n', 'surrounding_whitespace'],
    ['\t7', 'surrounding_whitespace'],
    ['\u00a07', 'surrounding_whitespace'],
  ])('refuses %j (%s)', (input, problem) => {
    expect(parseAmount(input)).toEqual({ ok: false, problem });
  });

  it('reads back every amount it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999_999 }), (cents) => {
        expect(parseAmount(formatCents(cents))).toEqual({ ok: true, cents });
      }),
    );
  });
});
