/** Bounds a step that may never settle (a write to a store that went away, a Kafka that is down). */
import { AppError } from './errors.js';

export class TimedOut extends AppError {
  override readonly name = 'TimedOut';
  readonly code = 'timed_out';
  readonly retriable = true;
}

/** The promise's outcome, or a TimedOut rejection naming `what` once `ms` have passed. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
