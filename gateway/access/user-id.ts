/**
 * What a user id may be, the same everywhere one enters: a token's subject (HTTP and WebSocket),
 * `POST /dev/token`, `npm run token`, and the paths and filters that name a user.
 *
 * 1-64 characters (code points) of Unicode letters and their combining marks, digits, and
 * `.`, `_`, `@`, `'`, `-`, with single spaces between words (none at either end), in Unicode
 * NFC form. So "alice", "bidder-4ef05a25c2", "o'brien@example.com" and "Zoë Smith" are user ids;
 * a control character (NUL included), a tab or newline, a run of spaces or a blank name is not.
 */

const USER_ID = /^[\p{L}\p{M}\p{N}._@'-]+(?: [\p{L}\p{M}\p{N}._@'-]+)*$/u;
export const USER_ID_MAX_LENGTH = 64;

export const USER_ID_RULE =
  "1-64 letters, digits, single spaces between words, or . _ @ ' - (Unicode NFC, no control characters)";

export function isUserId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    [...value].length <= USER_ID_MAX_LENGTH &&
    USER_ID.test(value) &&
    value === value.normalize('NFC')
  );
}
