/**
 * Generators of hostile but possibly valid writes for the fuzz test: values a store may refuse
 * although the request looks fine (far or odd dates, control and unusual characters, in every
 * string field and in the token's subject). Some of these are accepted, and then they must
 * still be decided.
 */
import fc from 'fast-check';
import { headerText } from './fuzz-arbitraries.js';

/** Extreme and malformed instants, and near-now ones written with unusual offsets. */
export const hostileDate: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '9999-12-31T23:59:59Z',
    '9999-12-31T23:59:59.999Z',
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '+275760-09-13T00:00:00.001Z',
    '+010000-01-01T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '-271821-04-20T00:00:00Z',
    '1969-12-31T23:59:59Z',
    '2016-12-31T23:59:60Z', // a leap second
    '2027-02-29T00:00:00Z', // not a leap year
    '2027-01-01',
    '2027-01-01t00:00:00z',
    '2027-01-01T00:00:00.123456789Z',
    '2027-01-01T24:00:00Z',
    '2027-01-01T00:00:00+24:00',
    '2027-01-01T00:00:00\u0000Z',
    '-1',
    '1e308',
  ),
  // Shortly after now, written with a far offset: the same instant to a correct parser.
  fc
    .record({
      secondsAhead: fc.integer({ min: -3_600, max: 400 * 24 * 3_600 }),
      offsetMinutes: fc.constantFrom(
        -12 * 60,
        -23 * 60 - 59,
        0,
        5 * 60 + 45,
        14 * 60,
        23 * 60 + 59,
      ),
    })
    .map(({ secondsAhead, offsetMinutes }) => {
      const local = new Date(Date.now() + secondsAhead * 1000 + offsetMinutes * 60_000);
      const sign = offsetMinutes < 0 ? '-' : '+';
      const abs = Math.abs(offsetMinutes);
      const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      return `${local.toISOString().slice(0, 19)}${sign}${hhmm}`;
    }),
  fc
    .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
    .map((d) => d.toISOString()),
);

/** Control and unusual characters, alone, inside ordinary text, and at length. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\u0001',
    'x\u007f',
    'line\u2028break',
    '\u2029',
    '\ud800',
    'x\udfff',
    'lone \ud83d',
    '\u202eevil',
    '\u200fRTL\u200e',
    '\ufeffbom',
    '\u0085',
    'e\u0301',
    '👩‍👩‍👧',
    '\u001b[31m',
    '\t\r\n',
    'x'.repeat(10_000),
    '\u0000'.repeat(300),
    `${'x'.repeat(150)}\u0000`,
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc
    .tuple(
      fc.string({ maxLength: 10 }),
      fc.integer({ min: 0, max: 0x1f }),
      fc.string({ maxLength: 10 }),
    )
    .map(([a, code, b]) => `${a}${String.fromCharCode(code)}${b}`),
);

/** A token subject: mostly hostile, sometimes an ordinary user (so that writes get through). */
export const hostileSubject: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.constantFrom('fuzz-user', 'fuzz.user_2') },
);

export interface HostileWrite {
  readonly subject: string;
  readonly method: 'POST';
  readonly path: string;
  readonly body: string;
  readonly idempotencyKey?: string;
  /** Where an accepted one's decision is kept, and under which field of the 202's body. */
  readonly decidedIn: 'bid_decisions' | 'command_decisions';
  readonly idField: 'bidId' | 'commandId';
}

/** Creates with hostile terms, and bids, buy-nows and cancels on an open auction by hostile users. */
export function hostileWrite(openAuction: string): fc.Arbitrary<HostileWrite> {
  const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
  const create = fc
    .record({
      subject: hostileSubject,
      item: fc.oneof(
        fc.uuid(),
        fc.tuple(fc.uuid(), hostileText).map(([id, text]) => `${id.slice(0, 8)}${text}`),
      ),
      title: fc.oneof(fc.constant('A fuzzed watch'), hostileText),
      externalRef: maybe(hostileText),
      startsAt: maybe(hostileDate),
      ends: fc.oneof(
        hostileDate.map((endsAt) => ({ endsAt })),
        fc
          .oneof(fc.integer({ min: 1, max: 600 }), fc.constantFrom(1e9, 2 ** 53, 86_400 * 366))
          .map((durationSeconds) => ({ durationSeconds })),
      ),
    })
    .map(({ subject, item, title, externalRef, startsAt, ends }) => ({
      subject,
      method: 'POST' as const,
      path: '/auctions',
      body: JSON.stringify({
        itemId: item,
        title,
        startingPrice: '10.00',
        ...(externalRef === undefined ? {} : { externalRef }),
        ...(startsAt === undefined ? {} : { startsAt }),
        ...ends,
      }),
      decidedIn: 'command_decisions' as const,
      idField: 'commandId' as const,
    }));
  const onOpenAuction = fc
    .record({
      subject: hostileSubject,
      which: fc.constantFrom('bids', 'bids', 'bids', 'buy-now', 'cancel'),
      cents: fc.integer({ min: 1_000, max: 10_000_000 }),
      key: headerText(60).filter((k) => k.length > 0),
    })
    .map(({ subject, which, cents, key }) => ({
      subject,
      method: 'POST' as const,
      path: `/auctions/${openAuction}/${which}`,
      body: which === 'bids' ? JSON.stringify({ maxAmount: (cents / 100).toFixed(2) }) : '{}',
      ...(which === 'cancel' ? {} : { idempotencyKey: key }),
      decidedIn: which === 'cancel' ? ('command_decisions' as const) : ('bid_decisions' as const),
      idField: which === 'cancel' ? ('commandId' as const) : ('bidId' as const),
    }));
  return fc.oneof(create, onOpenAuction);
}
