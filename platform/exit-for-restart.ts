/**
 * What a consumer process does when its consumer is dead (stalled, or stopped by kafkajs): say
 * so, leave the group if it still can, and exit with EXIT_CODE_RESTART so its supervisor
 * (`npm start`, systemd, Kubernetes) starts it again. Every consumer here resumes from offsets
 * it stored with its effects, so a restart loses and repeats nothing.
 */
import type { Consumer } from 'kafkajs';
import type { ConsumerDeath } from './consumer-liveness.js';
import type { Logger } from './logger.js';
import { within } from './within.js';

/** EX_TEMPFAIL: "try again". Supervisors restart a process that exits with it. */
export const EXIT_CODE_RESTART = 75;

/** EX_CONFIG: the process refused its configuration. Supervisors do not restart it: no use. */
export const EXIT_CODE_CONFIG = 78;

/** How long leaving the group may take; a stalled consumer may never answer. */
const LEAVE_GROUP_MS = 5000;

export async function exitForRestart(
  death: ConsumerDeath,
  consumer: Pick<Consumer, 'disconnect'>,
  logger: Logger,
) {
  if (death.reason === 'stalled') {
    logger.error(
      { lag: death.lag, idleSeconds: Math.round(death.idleMs / 1000) },
      `consumer stalled: ${death.lag} messages wait on its partitions and it handled none for ${Math.round(death.idleMs / 1000)} s; ` +
        `exiting with code ${EXIT_CODE_RESTART} so the supervisor starts it again (it resumes from its stored offsets)`,
    );
  } else {
    logger.error(
      { err: death.error },
      `kafkajs stopped the consumer for good after an error; exiting with code ${EXIT_CODE_RESTART} so the supervisor starts it again`,
    );
  }
  await within(consumer.disconnect(), LEAVE_GROUP_MS, 'leaving the group').catch(() => undefined);
  process.exit(EXIT_CODE_RESTART);
}
