/**
 * GET /auth/config: how the page signs in here, `development` (POST /dev/token), `provider`
 * (the authorization code flow with PKCE at the named provider, gateway/web/oidc-sign-in.js) or
 * `none`. Public and cacheable for a minute: it says nothing that the provider's own discovery
 * document does not.
 */
import { Router } from 'express';
import type { SignIn } from '../access/token-verification.js';

export function authConfigRoutes(signIn: SignIn) {
  const router = Router();
  router.get('/auth/config', (_req, res) => {
    res.set('cache-control', 'public, max-age=60').json(signIn);
  });
  return router;
}
