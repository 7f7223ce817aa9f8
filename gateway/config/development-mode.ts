/**
 * Development mode is explicit (DEVELOPMENT_MODE=1; `npm start` and the test services set it).
 * Only in it may tokens be signed with the published development secret, and only in it does
 * `POST /dev/token` exist. Without it, a proper JWT_SECRET is required: set, at least 32 bytes,
 * and not the development value. `npm run token` follows the same rules.
 */
import { ConfigError } from './config-errors.js';

/** Published in the source: anyone can sign tokens with it. Development only. */
export const DEVELOPMENT_JWT_SECRET = 'dev-only-secret-change-me-0123456789abcdef';
export const MIN_SECRET_BYTES = 32;

export function readDevelopmentMode(env: NodeJS.ProcessEnv): boolean {
  const raw = env.DEVELOPMENT_MODE;
  if (raw === undefined || raw === '' || raw === '0') return false;
  if (raw === '1') return true;
  throw new ConfigError(
    'DEVELOPMENT_MODE',
    `DEVELOPMENT_MODE=${JSON.stringify(raw)} is not valid: set it to 1 (development: the development JWT secret and POST /dev/token are allowed) or leave it unset.`,
  );
}

const HOW_TO_SET =
  'Set JWT_SECRET to a random value of at least 32 bytes (e.g. `openssl rand -base64 48`), or set DEVELOPMENT_MODE=1 on a development machine.';

/** The secret tokens are signed and checked with, or a ConfigError saying what to do. */
export function jwtSecret(env: NodeJS.ProcessEnv, developmentMode: boolean): string {
  const secret = env.JWT_SECRET;
  if (secret === undefined || secret === '') {
    if (developmentMode) return DEVELOPMENT_JWT_SECRET;
    throw new ConfigError(
      'JWT_SECRET',
      `JWT_SECRET is not set and DEVELOPMENT_MODE is not 1. ${HOW_TO_SET}`,
    );
  }
  if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
    throw new ConfigError(
      'JWT_SECRET',
      `JWT_SECRET is shorter than ${MIN_SECRET_BYTES} bytes. ${HOW_TO_SET}`,
    );
  }
  if (secret === DEVELOPMENT_JWT_SECRET && !developmentMode) {
    throw new ConfigError(
      'JWT_SECRET',
      `JWT_SECRET is the published development secret and DEVELOPMENT_MODE is not 1: anyone could sign tokens. ${HOW_TO_SET}`,
    );
  }
  return secret;
}
