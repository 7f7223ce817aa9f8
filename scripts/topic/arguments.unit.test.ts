import { describe, expect, it } from 'vitest';
import { parseTopicArguments, UsageError } from './arguments.js';

describe('parseTopicArguments', () => {
  it('reads a topic from the beginning to its end by default', () => {
    expect(parseTopicArguments(['auction.events'])).toEqual({
      topic: 'auction.events',
      from: { kind: 'beginning' },
      count: undefined,
      follow: false,
    });
  });

  it('follows new messages by default with --follow, as tail -f does', () => {
    expect(parseTopicArguments(['t', '--follow'])).toMatchObject({
      from: { kind: 'end' },
      follow: true,
    });
    expect(parseTopicArguments(['t', '--follow', '--from', 'beginning']).from).toEqual({
      kind: 'beginning',
    });
  });

  it('takes an offset, and a negative one as that many from each partition end', () => {
    expect(parseTopicArguments(['t', '--from', '42']).from).toEqual({
      kind: 'offset',
      offset: 42n,
    });
    expect(parseTopicArguments(['t', '--from=-5']).from).toEqual({ kind: 'last', count: 5n });
    expect(parseTopicArguments(['t', '--from', 'end', '--count', '3'])).toMatchObject({
      from: { kind: 'end' },
      count: 3,
    });
  });

  it.each([
    [[], /name one topic/],
    [['a', 'b'], /one topic only/],
    [['t', '--from', 'yesterday'], /--from takes beginning, end or an offset/],
    [['t', '--from', '1.5'], /--from takes/],
    [['t', '--count', '0'], /--count takes a whole number/],
    [['t', '--count', 'many'], /--count takes a whole number/],
    [['t', '--partition', '1'], /Unknown option '--partition'/],
  ])('refuses %j', (args, message) => {
    expect(() => parseTopicArguments(args)).toThrow(UsageError);
    expect(() => parseTopicArguments(args)).toThrow(message);
  });
});
