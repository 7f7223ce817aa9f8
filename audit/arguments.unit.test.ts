import { describe, expect, it } from 'vitest';
import { parseAuditArguments, UsageError } from './arguments.js';

describe('npm run audit arguments', () => {
  it('takes one auction, or a time to audit every auction settled since', () => {
    expect(parseAuditArguments(['--auction', 'a-1'])).toEqual({
      mode: 'auction',
      auctionId: 'a-1',
      source: 'auto',
    });
    expect(
      parseAuditArguments(['--closed-since', '2026-12-07T16:00:00Z', '--source', 'decision-log']),
    ).toEqual({
      mode: 'closed-since',
      since: new Date(Date.UTC(2026, 11, 7, 16)),
      source: 'decision-log',
    });
  });

  it.each([
    [[], /either --auction/],
    [['--auction', 'a', '--closed-since', '2026-12-07'], /either --auction/],
    [['--auction', ' '], /needs an auction id/],
    [['--closed-since', 'yesterday'], /ISO 8601/],
    [['--closed-since', '2026-13-45'], /ISO 8601/],
    [['--auction', 'a', '--source', 'kafka'], /--source must be one of/],
    [['--auction', 'a', '--verbose'], /verbose/],
    [['a-1'], /positional/i],
  ])('refuses %j', (argv, message) => {
    expect(() => parseAuditArguments(argv)).toThrow(UsageError);
    expect(() => parseAuditArguments(argv)).toThrow(message);
  });
});
