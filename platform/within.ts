/** Bounds a step that may never settle (a write to a store that went away, a Kafka that is down). */

export class TimedOut extends Error {
  override readonly name = 'TimedOut';
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
