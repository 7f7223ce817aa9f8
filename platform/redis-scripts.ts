/**
 * Lua scripts kept as .lua files beside the module that runs them, each defined once on a client
 * with ioredis's `defineCommand`: ioredis sends the text the first time on a connection (and again
 * after a NOSCRIPT, when Redis has restarted), and the SHA1 (EVALSHA) on every other call.
 *
 * A script's file is named by a URL relative to its module's (`import.meta.url`), so it is found
 * from the TypeScript and from the build alike, whatever the working directory: `npm run build`
 * copies the .lua files into dist/ beside the compiled modules (scripts/copy-lua.ts).
 */
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

export interface LuaScript {
  /** The command's name on the client: unique per script, and no Redis command's. */
  readonly name: string;
  /** The .lua file; its header comment documents its KEYS and ARGV. */
  readonly file: URL;
}

/** One call's keys and arguments, in the layout the script's header documents. */
export interface ScriptCall {
  readonly keys: readonly string[];
  readonly args: readonly (string | number)[];
}

/** Runs the script once; its answer is whatever the script returns, as Redis replies it. */
export type ScriptRunner = (call: ScriptCall) => Promise<unknown>;

type ScriptCommand = (keyCount: number, ...keysThenArgs: (string | number)[]) => Promise<unknown>;

/** Defines the script on the client (reading its file now) and returns how to call it. */
export function defineScript(redis: Redis, script: LuaScript): ScriptRunner {
  redis.defineCommand(script.name, { lua: readFileSync(script.file, 'utf8') });
  // ioredis adds the command at run time; with no fixed numberOfKeys, the count comes first.
  const client = redis as unknown as Record<string, ScriptCommand>;
  return ({ keys, args }) => client[script.name]!(keys.length, ...keys, ...args);
}
