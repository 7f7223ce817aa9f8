/**
 * `npm run token -- <userId> [--ttl <seconds>]`: prints a bearer token for the gateway, by the
 * gateway's own rules: the user id must be one (gateway/access/user-id.ts), the lifetime at most
 * JWT_MAX_LIFETIME_SECONDS (default 86400, also the default --ttl), and the secret JWT_SECRET,
 * or, only with DEVELOPMENT_MODE=1, the development secret. With an identity provider configured
 * (OIDC_ISSUER or JWT_JWKS_URL) it refuses: such a gateway accepts only the provider's tokens.
 */
import { parseArgs } from 'node:util';
import { issueToken } from '../gateway/access/auth.js';
import { jwtSettings } from '../gateway/config/config.js';
import { ConfigError, EXIT_CODE_CONFIG } from '../gateway/config/config-errors.js';
import { jwtSecret, readDevelopmentMode } from '../gateway/config/development-mode.js';
import { isUserId, normalizeUserId, USER_ID_RULE } from '../gateway/access/user-id.js';

const usage = 'usage: npm run token -- <userId> [--ttl <seconds>]';

try {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { ttl: { type: 'string' } },
  });
  const typed = positionals[0];
  const userId = typed === undefined ? undefined : normalizeUserId(typed);
  if (positionals.length !== 1 || userId === undefined) {
    console.error(usage);
    process.exit(2);
  }
  if (!isUserId(userId)) {
    console.error(`${JSON.stringify(userId)} is not a user id: ${USER_ID_RULE}.`);
    process.exit(2);
  }
  const provider = process.env.OIDC_ISSUER || process.env.JWT_JWKS_URL;
  if (provider) {
    console.error(
      `The gateway takes its tokens from the identity provider (${provider}) and refuses tokens signed with a shared secret, which is what this command makes: get a token from the provider (the page signs in with it), or unset OIDC_ISSUER and JWT_JWKS_URL for the shared secret.`,
    );
    process.exit(2);
  }
  const developmentMode = readDevelopmentMode(process.env);
  const settings = { ...jwtSettings(), secret: jwtSecret(process.env, developmentMode) };
  const ttl = Number(values.ttl ?? settings.maxLifetimeSeconds);
  if (!Number.isSafeInteger(ttl) || ttl < 1 || ttl > settings.maxLifetimeSeconds) {
    console.error(
      `--ttl must be a whole number of seconds from 1 to ${settings.maxLifetimeSeconds} (JWT_MAX_LIFETIME_SECONDS): the gateway refuses longer-lived tokens.`,
    );
    process.exit(2);
  }
  if (!process.env.JWT_SECRET)
    console.error('(signed with the development secret: DEVELOPMENT_MODE=1 gateways only)');
  console.log(await issueToken(settings, userId, ttl));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(EXIT_CODE_CONFIG);
}
