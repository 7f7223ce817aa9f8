/**
 * A Lua script called by its SHA1 (EVALSHA), so each call sends the arguments and not the
 * script's text. Redis forgets its scripts when it restarts: on NOSCRIPT the call is made once
 * with the text (EVAL), which also puts the script back in Redis's cache for the next calls.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ScriptCall } from './batch-call.js';

export type ScriptRunner = (redis: Redis, call: ScriptCall) => Promise<unknown>;

export function redisScript(lua: string): ScriptRunner {
  const sha = createHash('sha1').update(lua).digest('hex');
  return async (redis, { keys, args }) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(lua, keys.length, ...keys, ...args);
    }
  };
}
