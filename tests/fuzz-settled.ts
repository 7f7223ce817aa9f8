/**
 * For the fuzz test: whether every command the gateway accepted (202) was settled by the
 * pipeline, i.e. decided (a row in bid_decisions or command_decisions) or set aside on the
 * commands' dead-letter topic. A command that is neither after the bound wedged something.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { consumeMessages } from './consume.js';
import { messagesOn } from './topic-offsets.js';
import { kafkaClient, urls } from './support.js';

export interface AcceptedCommand {
  /** Where its decision is kept: bids and buy-nows by bid id, creates and cancels by command id. */
  readonly table: 'bid_decisions' | 'command_decisions';
  readonly id: string;
  /** The request that was accepted, for the failure message. */
  readonly what: string;
}

async function decidedIds(accepted: readonly AcceptedCommand[]): Promise<Set<string>> {
  const db = new pg.Client({ connectionString: urls.databaseUrl });
  await db.connect();
  try {
    const ids = (table: AcceptedCommand['table']) =>
      accepted.filter((c) => c.table === table).map((c) => c.id);
    const bids = await db.query<{ id: string }>(
      'SELECT bid_id AS id FROM bid_decisions WHERE bid_id = ANY($1)',
      [ids('bid_decisions')],
    );
    const commands = await db.query<{ id: string }>(
      'SELECT command_id AS id FROM command_decisions WHERE command_id = ANY($1)',
      [ids('command_decisions')],
    );
    return new Set([...bids.rows, ...commands.rows].map((r) => r.id));
  } finally {
    await db.end();
  }
}

/** Ids found in the dead-letter topic's messages (an Avro string is its UTF-8 bytes). */
async function deadLettered(topic: string, accepted: readonly AcceptedCommand[]) {
  const count = await messagesOn(topic).catch(() => 0); // no topic: nothing dead-lettered
  if (count === 0) return new Set<string>();
  const messages = await consumeMessages(kafkaClient('it-fuzz-dlq'), topic, count);
  const values = messages.map(({ message }) => message.value ?? Buffer.alloc(0));
  return new Set(
    accepted.filter((c) => values.some((v) => v.includes(Buffer.from(c.id)))).map((c) => c.id),
  );
}

/** How the pipeline settled the accepted commands. */
export interface Settlement {
  readonly decided: AcceptedCommand[];
  readonly deadLettered: AcceptedCommand[];
  /** Neither decided nor dead-lettered after the bound. */
  readonly unsettled: AcceptedCommand[];
}

/** Waits up to `boundMs` for every accepted command to be decided, then sorts them. */
export async function settlement(
  accepted: readonly AcceptedCommand[],
  deadLetterTopic: string,
  boundMs: number,
): Promise<Settlement> {
  const deadline = Date.now() + boundMs;
  const decided: AcceptedCommand[] = [];
  let open = [...accepted];
  for (;;) {
    const found = await decidedIds(open);
    decided.push(...open.filter((c) => found.has(c.id)));
    open = open.filter((c) => !found.has(c.id));
    if (open.length === 0 || Date.now() > deadline) break;
    await sleep(250);
  }
  const parked = open.length === 0 ? new Set<string>() : await deadLettered(deadLetterTopic, open);
  return {
    decided,
    deadLettered: open.filter((c) => parked.has(c.id)),
    unsettled: open.filter((c) => !parked.has(c.id)),
  };
}
