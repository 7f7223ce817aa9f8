/**
 * The arguments of `npm run topic -- <topic> [--from beginning|end|<offset>] [--count N] [--follow]`.
 * A negative offset counts back from each partition's end, as kcat's `-o -5` does
 * (write it `--from=-5`: a value starting with a dash must follow an equals sign).
 */
import { parseArgs } from 'node:util';

export const USAGE = [
  'usage: npm run -s topic -- <topic> [--from beginning|end|<offset>] [--count <n>] [--follow]',
  '  --from=-<n>  the last n messages of each partition',
  '  (-s keeps npm from printing its own banner into the JSON lines)',
].join('\n');

/** Where each partition is read from. */
export type StartAt =
  | { readonly kind: 'beginning' }
  | { readonly kind: 'end' }
  /** This absolute offset in every partition (kept within what the partition holds). */
  | { readonly kind: 'offset'; readonly offset: bigint }
  /** This many messages before each partition's end. */
  | { readonly kind: 'last'; readonly count: bigint };

export interface TopicArguments {
  readonly topic: string;
  readonly from: StartAt;
  /** Stop after this many messages in all; undefined: no limit. */
  readonly count: number | undefined;
  /** Keep reading new messages until Ctrl-C instead of stopping at the end. */
  readonly follow: boolean;
}

/** A mistake in the command line: the message says what is wrong; the caller prints USAGE too. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseTopicArguments(args: readonly string[]): TopicArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        from: { type: 'string' },
        count: { type: 'string' },
        follow: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1 || positionals[0] === '')
    throw new UsageError(
      positionals.length === 0 ? 'name one topic' : `one topic only, got ${positionals.join(' ')}`,
    );
  const [topic = ''] = positionals;
  return {
    topic,
    from: parseStartAt(values.from, values.follow),
    count: values.count === undefined ? undefined : parseCount(values.count),
    follow: values.follow,
  };
}

/** Without --from: the beginning, or only new messages with --follow (as `tail -f`). */
function parseStartAt(from: string | undefined, follow: boolean): StartAt {
  if (from === undefined) return follow ? { kind: 'end' } : { kind: 'beginning' };
  if (from === 'beginning' || from === 'end') return { kind: from };
  if (!/^-?\d+$/.test(from))
    throw new UsageError(`--from takes beginning, end or an offset (-5: the last 5), not ${from}`);
  const offset = BigInt(from);
  return offset < 0n ? { kind: 'last', count: -offset } : { kind: 'offset', offset };
}

function parseCount(count: string): number {
  const n = Number(count);
  if (!/^\d+$/.test(count) || !Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`--count takes a whole number of messages from 1, not ${count}`);
  return n;
}
