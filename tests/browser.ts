/**
 * What the browser tests share: Debian's Chromium driven by playwright-core, a page opened at a
 * viewport and ready, auctions and bids made through the API, and each view checked for
 * horizontal overflow and kept as test-results/screenshots/<width>-<view>.png.
 */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ensureChromium } from '../stack/prerequisites.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import type { client } from './http.js';
import { uniqueName } from './support.js';

export const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
/** How long a live change may take to show. */
export const LIVE = { timeout: 20_000 };
/** The page's one date format, in en-US: "Dec 7, 2026, 3:57 PM". */
export const DATE = /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M$/;

export interface Viewport {
  readonly width: number;
  readonly height: number;
}

/** Chromium, found or installed from Debian's packages; and the screenshots' folder. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = ensureChromium((line) => console.log(line));
  await mkdir(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath,
    // As root in a closed network: no sandbox, no GPU, and no calls home.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A new browser context at `viewport` (kept in `contexts` to close), on `url`, once ready. */
export async function openPage(
  browser: Browser,
  contexts: BrowserContext[],
  viewport: Viewport,
  url: string,
): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/** No horizontal overflow on this view, and its screenshot. */
export async function checkView(page: Page, width: number, view: string) {
  await expect
    .poll(() => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'))
    .toBe(true);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${width}-${view}.png`), fullPage: true });
}

export const text = async (page: Page, selector: string) =>
  (await page.textContent(selector)) ?? '';
export const visible = (page: Page, selector: string) => page.isVisible(selector);

/** Creating auctions and bidding through the API, as `call()` (read when used) signs in. */
export function auctionCalls(call: () => ReturnType<typeof client>) {
  /** An auction created through the API, decided: its id. */
  async function createAuction(seller: string, terms: Record<string, unknown>) {
    const created = await call()('POST', '/auctions?wait=15000', {
      user: seller,
      json: { itemId: uniqueName('item'), startingPrice: '10.00', durationSeconds: 900, ...terms },
    });
    expect(created.status).toBe(201);
    return String(created.body.auctionId);
  }

  async function bid(user: string, auctionId: string, maxAmount: string) {
    const answer = await call()('POST', `/auctions/${auctionId}/bids?wait=15000`, {
      user,
      json: { maxAmount },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(answer.status).toBe(200);
  }

  return { createAuction, bid };
}
