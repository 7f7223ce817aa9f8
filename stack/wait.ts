import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `probe` until it returns true, `abortIf` returns a reason to give up, or the timeout
 * passes. Probes that throw count as "not yet".
 */
export async function waitUntil(
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; abortIf?: () => string | undefined },
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = 'no answer yet';
  for (;;) {
    const abort = options.abortIf?.();
    if (abort) return { ok: false, reason: abort };
    try {
      if (await probe()) return { ok: true };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      return { ok: false, reason: `not ready after ${options.timeoutMs / 1000} s (${lastError})` };
    }
    await sleep(options.intervalMs ?? 250);
  }
}
