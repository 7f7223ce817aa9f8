/**
 * The page signs in at a real OpenID provider in a real browser (Debian's Chromium), at a phone's
 * width (390 px) and a laptop's (1280 px): the gateway is configured as an operator would
 * (OIDC_ISSUER, JWT_AUDIENCE, OIDC_CLIENT_ID, read through readTokenConfig and the provider's
 * discovery document), so the page shows the provider's Sign in button instead of the
 * development form; the browser goes through the authorization code flow with PKCE (the
 * provider's own login and consent pages), comes back to the auction it left, and places a bid
 * that the gateway publishes as that user. The oracle is the login typed at the provider.
 *
 * Its gateway runs in this process on the in-memory ports (gateway/testing/test-gateway.ts), with
 * the real clock: it needs no stack. Screenshots: test-results/screenshots/<width>-oidc-*.png.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenVerification } from '../gateway/access/token-verification.js';
import { readTokenConfig } from '../gateway/config/token-config.js';
import { published } from '../gateway/testing/in-memory-ports.js';
import {
  CLIENT_FOR,
  startTestProvider,
  TEST_AUDIENCE,
  type TestProvider,
} from '../gateway/testing/oidc-test-provider.js';
import {
  openAuction,
  startTestGateway,
  type TestGateway,
} from '../gateway/testing/test-gateway.js';
import { launchBrowser, SCREENSHOTS } from './browser.js';

const HOUR = 3_600_000;
let provider: TestProvider;
let gateway: TestGateway;
let browser: Browser;

beforeAll(async () => {
  provider = await startTestProvider();
  const env = {
    OIDC_ISSUER: provider.issuer,
    JWT_AUDIENCE: TEST_AUDIENCE,
    OIDC_CLIENT_ID: CLIENT_FOR.ES256,
  };
  gateway = await startTestGateway({
    tokens: await tokenVerification(readTokenConfig(env, false), false),
    now: Date.now,
    allowPageOrigin: true,
  });
  await provider.addRedirectUri(`${gateway.url}/`);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  await provider?.stop();
});

describe.each([
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
])('signing in at the provider at $width px', (viewport) => {
  const shot = (page: Page, view: string) =>
    page.screenshot({
      path: path.join(SCREENSHOTS, `${viewport.width}-oidc-${view}.png`),
      fullPage: true,
    });

  it('the page signs in with the authorization code flow and PKCE, then bids as that user', async () => {
    const auctionId = randomUUID();
    gateway.world.put(
      openAuction(auctionId, {
        title: `Provider sign-in ${viewport.width}`,
        startsAt: new Date(Date.now() - HOUR).toISOString(),
        endsAt: new Date(Date.now() + HOUR).toISOString(),
      }),
    );
    const user = `zoe-${viewport.width}`;
    const context = await browser.newContext({ viewport, locale: 'en-US' });
    const page = await context.newPage();
    // Every request the page makes to the provider from its scripts: only the token exchange.
    const scriptCalls: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(provider.issuer) && request.resourceType() === 'fetch')
        scriptCalls.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });
    try {
      await page.goto(`${gateway.url}/#/auction/${auctionId}`);
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.isVisible('#login')).toBe(false);
      expect(await page.isVisible('#provider-sign-in')).toBe(true);

      await page.click('#provider-sign-in');
      // The provider's own pages: its login (any password), then its consent.
      await page.waitForURL(`${provider.issuer}/interaction/**`);
      const authorize = new URL(page.url());
      expect(authorize.origin).toBe(provider.issuer);
      await page.fill('input[name="login"]', user);
      await page.fill('input[name="password"]', 'any password');
      await page.click('button[type="submit"]');
      await page.waitForSelector('input[name="prompt"][value="consent"]', { state: 'attached' });
      await shot(page, 'consent');
      await page.click('button[type="submit"]');

      // Back on the page, on the auction it left, with the code gone from the address.
      await page.waitForURL(`${gateway.url}/#/auction/${auctionId}`);
      await page.waitForSelector('body[data-signed-in="true"]');
      expect(await page.textContent('#who')).toBe(user);
      expect(new URL(page.url()).search).toBe('');
      expect(scriptCalls).toEqual(['POST /token']);
      expect(await page.evaluate('sessionStorage.length')).toBe(0);

      await page.waitForSelector('#bid-form:not([hidden])');
      await page.fill('#max', '12.00');
      await page.click('#bid-button');
      // Who placed it (the page asks again with the same key while it is undecided here).
      await expect
        .poll(() => [
          ...new Set(
            published(gateway.publisher)
              .filter((command) => command.auctionId === auctionId)
              .map((command) => command.fields.issuedBy),
          ),
        ])
        .toEqual([user]);
      await shot(page, 'bid');
    } finally {
      await context.close();
    }
  });

  it('refuses a return from the provider whose state this tab did not send', async () => {
    const context = await browser.newContext({ viewport, locale: 'en-US' });
    const page = await context.newPage();
    try {
      await page.goto(`${gateway.url}/?code=forged-code&state=forged-state`);
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.textContent('#login-error')).toContain('state does not match');
      expect(await page.isVisible('#provider-sign-in')).toBe(true);
      expect(new URL(page.url()).search).toBe('');
    } finally {
      await context.close();
    }
  });
});
