/**
 * POST /dev/token: the web page's development sign-in. It exists only in development mode
 * (DEVELOPMENT_MODE=1), is rate-limited per client address, and signs only user ids
 * (gateway/access/user-id.ts), normalised to NFKC (`ａｌｉｃｅ` signs in as alice), for the longest
 * lifetime the gateway accepts.
 */
import { Router } from 'express';
import { issueToken, type TokenSettings } from '../access/auth.js';
import { requireJsonBody } from '../http/media-type.js';
import { clientAddress } from '../http/client-address.js';
import type { RateLimit } from '../access/limiters.js';
import { devTokenBody, parse } from '../http/requests.js';

export function devTokenRoutes(tokens: TokenSettings, limit: RateLimit) {
  const router = Router();
  router.post('/dev/token', requireJsonBody, async (req, res) => {
    await limit.check(clientAddress(req));
    const { userId } = parse(devTokenBody, req.body, 'body');
    res.json({ token: await issueToken(tokens, userId, tokens.maxLifetimeSeconds), userId });
  });
  return router;
}
