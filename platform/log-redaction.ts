/**
 * What a log line must never carry: passwords, tokens, secrets, authorization and cookie headers,
 * and the password inside a connection string. Two layers:
 * - pino's `redact` on the fields that hold them, at the top level and two levels down (a
 *   `config`, `req.headers`), whatever their value;
 * - `scrubSecrets` over the finished line (pino's `streamWrite` hook), for what slips past
 *   the field names: a connection string in an error message, a bearer token in a URL, a
 *   secret field deeper down.
 */

export const REDACTED = '[redacted]';

/** Field names whose whole value is a secret. */
const SECRET_FIELDS = [
  'password',
  'passwd',
  'secret',
  'jwtSecret',
  'token',
  'accessToken',
  'refreshToken',
  'apiKey',
  'authorization',
  'Authorization',
  'cookie',
  '"set-cookie"',
];

/** Field names that hold a connection string: only its password is taken out. */
const CONNECTION_STRING_FIELDS = [
  'connectionString',
  'databaseUrl',
  'adminDatabaseUrl',
  'statsDatabaseUrl',
  'redisUrl',
];

const atDepths = (field: string) => {
  const key = field.startsWith('"') ? `[${field}]` : `.${field}`;
  return [field.startsWith('"') ? `[${field}]` : field, `*${key}`, `*.*${key}`];
};

export const REDACT_PATHS = [...SECRET_FIELDS, ...CONNECTION_STRING_FIELDS].flatMap(atDepths);

const CONNECTION_STRING_SET = new Set(CONNECTION_STRING_FIELDS);

/** pino's censor: a connection string keeps its host and database, anything else goes. */
export function censor(value: unknown, path: readonly unknown[]): unknown {
  const field = path.at(-1);
  if (typeof value === 'string' && typeof field === 'string' && CONNECTION_STRING_SET.has(field))
    return scrubSecrets(value);
  return REDACTED;
}

const SCRUBS: readonly [RegExp, string][] = [
  // scheme://user:password@host: the password.
  [/([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@"]*:)[^\s/?#@"]+@/gi, `$1${REDACTED}@`],
  // libpq keywords and URL parameters: password=…
  [/(\bpassword\s*=\s*)[^\s"&;,\\]+/gi, `$1${REDACTED}`],
  // Authorization: Bearer …, Basic …
  [/(\b(?:Bearer|Basic)\s+)[\w\-.~+/]+=*/g, `$1${REDACTED}`],
  // A JWT wherever it stands.
  [/\beyJ[\w-]*\.eyJ[\w-]*\.[\w-]*/g, REDACTED],
  // A JSON field named like a secret, at any depth, with a string value.
  [
    /("[^"]*(?:password|passwd|secret|token|authorization|apikey|api_key|cookie)[^"]*"\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
    `$1"${REDACTED}"`,
  ],
];

/** The text with every secret it shows replaced by [redacted]. */
export function scrubSecrets(text: string): string {
  let scrubbed = text;
  for (const [pattern, replacement] of SCRUBS) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}
