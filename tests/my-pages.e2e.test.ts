/**
 * The signed-in user's own pages in a real browser, on the real stack, at a phone's width (390 px)
 * and a laptop's (1280 px): a signed-out visitor is asked to sign in; Mia sees her bids with her
 * maximum and standing, which turns to "Outbid" live, paged as the API pages; her auctions, with
 * Cancel only while no bid stands (a confirm step; the API's refusal as a sentence); and her watch
 * list, reached from the Watch toggle, with Unwatch. What the page shows is checked against the
 * API's own answers and against eBay's published increments, not against the page's code.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auctionCalls,
  checkView,
  DATE,
  launchBrowser,
  LIVE,
  openPage,
  text,
  visible,
} from './browser.js';
import { client } from './http.js';
import { startPipeline, type Pipeline } from './services.js';

let pipeline: Pipeline;
let browser: Browser;
let call: ReturnType<typeof client>;
const { createAuction, bid } = auctionCalls(() => call);

beforeAll(async () => {
  pipeline = await startPipeline({ sinks: true });
  call = client(pipeline.gatewayUrl);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await pipeline?.stop();
});

type Listed = Record<string, unknown>;

/** One page of one of `user`'s lists, as the API answers it. */
async function listOf(user: string, path: string): Promise<{ items: Listed[]; total: number }> {
  const answer = await call('GET', path, { user });
  expect(answer.status).toBe(200);
  return { items: answer.body.items as Listed[], total: Number(answer.body.total) };
}

/** What the auction's API view says now. */
async function auctionView(auctionId: string) {
  const answer = await call('GET', `/auctions/${auctionId}`);
  expect(answer.status).toBe(200);
  return answer.body;
}

/** How many text lines each element matching `selector` takes (an amount must take one). */
const linesOf = (page: Page, selector: string) =>
  page.evaluate<
    number[]
  >(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  })`);

describe.each([
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
])('my pages at $width px', (viewport) => {
  const tag = `w${viewport.width}${randomUUID().slice(0, 6)}`;
  const MIA = `mia-${tag}`;
  const RIVAL = `rival-${tag}`;
  const SELLER = `seller-${tag}`;
  const contexts: BrowserContext[] = [];
  let mia: Page;

  const open = (hash = '#/') =>
    openPage(browser, contexts, viewport, `${pipeline.gatewayUrl}/${hash}`);
  const check = (page: Page, view: string) => checkView(page, viewport.width, view);
  /** `hash` read afresh, even when it is already shown (the same hash would not route again). */
  async function reopen(page: Page, hash: string) {
    await page.goto(`${pipeline.gatewayUrl}/${hash}`);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
  }
  const row = (list: string, auctionId: string) => `#${list} li[data-auction="${auctionId}"]`;

  /** The header's links lie inside the screen, and the view does not scroll sideways. */
  async function checkHeader(page: Page) {
    for (const link of ['#my-bids-link', '#my-auctions-link', '#my-watchlist-link']) {
      const box = await page.locator(link).boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
    }
  }

  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  it('asks a signed-out visitor to sign in, and shows them no links to pages of their own', async () => {
    const visitor = await open('#/my/bids');
    await expect.poll(() => text(visitor, '#my-bids-message')).toBe('Sign in to see your bids.');
    expect(await visitor.locator('#my-bids li').count()).toBe(0);
    expect(await visible(visitor, '#my-bids-link')).toBe(false);
    expect(await visible(visitor, '#my-watchlist-link')).toBe(false);
    await check(visitor, 'my-signed-out');
    await visitor.goto(`${pipeline.gatewayUrl}/#/my/auctions`);
    await expect
      .poll(() => text(visitor, '#my-auctions-message'))
      .toBe('Sign in to see the auctions you sell.');
    await visitor.goto(`${pipeline.gatewayUrl}/#/my/watchlist`);
    await expect
      .poll(() => text(visitor, '#my-watchlist-message'))
      .toBe('Sign in to see your watch list.');
  });

  it('shows my bids with my maximum, the price and my standing, which turns to outbid live', async () => {
    const auctionId = await createAuction(SELLER, {
      title: `Brass globe ${tag}`,
      startingPrice: '20.00',
    });
    await bid(MIA, auctionId, '50.00');
    // The API has her bid, and her standing, before the page is asked.
    await expect
      .poll(async () => (await listOf(MIA, '/me/bids')).items[0]?.standing, LIVE)
      .toBe('leading');

    mia = await open();
    await mia.fill('#user', MIA);
    await mia.click('#login button');
    await mia.waitForSelector('#account:not([hidden])');
    await checkHeader(mia);
    await check(mia, 'my-header');
    await mia.click('#my-bids-link');
    await mia.waitForSelector(row('my-bids', auctionId));
    const mine = row('my-bids', auctionId);
    await expect.poll(() => text(mia, `${mine} .standing`)).toBe('You lead');
    expect(await text(mia, `${mine} .maximum`)).toBe('Your maximum $50.00');
    expect(await text(mia, `${mine} .current`)).toBe('Price $20.00');
    expect(await text(mia, `${mine} time`)).toMatch(DATE);
    expect(await mia.getAttribute(`${mine} a.title`, 'href')).toBe(`#/auction/${auctionId}`);
    expect(await text(mia, `${mine} a.title`)).toBe(`Brass globe ${tag}`);
    await mia.waitForSelector('body[data-live="on"]');
    // The same document from here on: what changes comes live, not from a reload.
    await mia.evaluate('window.sameDocument = true');

    // The rival's 80.00 beats her 50.00 by eBay's increment at 50.00 (1.00): the price is 51.00.
    await bid(RIVAL, auctionId, '80.00');
    await expect.poll(() => text(mia, `${mine} .standing`), LIVE).toBe('Outbid');
    await expect.poll(() => text(mia, `${mine} .current`)).toBe('Price $51.00');
    expect(await text(mia, `${mine} .maximum`)).toBe('Your maximum $50.00');
    expect(await mia.evaluate('window.sameDocument')).toBe(true);
    // The API says the same.
    expect((await listOf(MIA, '/me/bids')).items[0]?.standing).toBe('outbid');
    expect((await linesOf(mia, '#my-bids .amount')).every((lines) => lines === 1)).toBe(true);
    await check(mia, 'my-bids');
  });

  it('pages my bids as the API pages them', async () => {
    // 21 more auctions with a bid of hers each: 22 bids, a page of 20, then 2.
    const ids = await Promise.all(
      Array.from({ length: 21 }, (_, i) =>
        createAuction(SELLER, { title: `Paged lot ${i} ${tag}` }),
      ),
    );
    for (const id of ids) await bid(MIA, id, '12.00');
    await expect.poll(async () => (await listOf(MIA, '/me/bids')).total, LIVE).toBe(22);
    const second = await listOf(MIA, '/me/bids?limit=20&offset=20');

    await reopen(mia, '#/my/bids');
    await expect.poll(() => text(mia, '#my-bids-page-info')).toBe('1–20 of 22');
    expect(await mia.locator('#my-bids li').count()).toBe(20);
    expect(await mia.isDisabled('#my-bids-prev')).toBe(true);
    await mia.click('#my-bids-next');
    await expect.poll(() => text(mia, '#my-bids-page-info')).toBe('21–22 of 22');
    await expect
      .poll(() =>
        mia.evaluate<string[]>(
          `[...document.querySelectorAll('#my-bids li')].map((li) => li.dataset.auction)`,
        ),
      )
      .toEqual(second.items.map((b) => b.auctionId));
    expect(await mia.isDisabled('#my-bids-next')).toBe(true);
    await check(mia, 'my-bids-page-2');
    // A page past the end shows the last one.
    await mia.goto(`${pipeline.gatewayUrl}/#/my/bids?page=9`);
    await expect.poll(() => text(mia, '#my-bids-page-info')).toBe('21–22 of 22');
  }, 120_000);

  it('shows my auctions, with Cancel only while no bid stands, a confirm step, and a cancel that works', async () => {
    const quiet = await createAuction(MIA, { title: `Rocking chair ${tag}` });
    const bidOn = await createAuction(MIA, { title: `Oak table ${tag}` });
    await bid(RIVAL, bidOn, '15.00');
    await expect
      .poll(async () => (await listOf(MIA, '/me/auctions')).items.map((a) => a.bidCount), LIVE)
      .toEqual([1, 0]);

    await mia.click('#my-auctions-link');
    await mia.waitForSelector(row('my-auctions', quiet));
    expect(await visible(mia, `${row('my-auctions', quiet)} button.cancel`)).toBe(true);
    await mia.waitForSelector(row('my-auctions', bidOn));
    expect(await mia.locator(`${row('my-auctions', bidOn)} button.cancel`).count()).toBe(0);
    expect(await text(mia, row('my-auctions', bidOn))).toContain(`1 bid · ${RIVAL} leads`);
    expect(await text(mia, `${row('my-auctions', bidOn)} .current`)).toBe('Price $10.00');
    expect(await text(mia, `${row('my-auctions', bidOn)} time`)).toMatch(DATE);
    await check(mia, 'my-auctions');

    // Cancel asks first; "Keep it" keeps it.
    await mia.click(`${row('my-auctions', quiet)} button.cancel`);
    await mia.waitForSelector(`${row('my-auctions', quiet)} .confirm`);
    await check(mia, 'my-auctions-confirm');
    await mia.click(`${row('my-auctions', quiet)} button[data-action="keep"]`);
    await mia.waitForSelector(`${row('my-auctions', quiet)} button.cancel`);
    expect((await auctionView(quiet)).status).toBe('open');

    await mia.click(`${row('my-auctions', quiet)} button.cancel`);
    await mia.click(`${row('my-auctions', quiet)} button[data-action="confirm"]`);
    await expect
      .poll(() => text(mia, `${row('my-auctions', quiet)} .badge`), LIVE)
      .toBe('Cancelled');
    expect(await mia.locator(`${row('my-auctions', quiet)} button.cancel`).count()).toBe(0);
    await expect.poll(async () => (await auctionView(quiet)).status, LIVE).toBe('cancelled');
    await check(mia, 'my-auctions-cancelled');
  });

  it('takes Cancel away when a bid arrives live, and says why the API refuses a late cancel', async () => {
    const auctionId = await createAuction(MIA, { title: `Tin soldier ${tag}` });
    const mine = row('my-auctions', auctionId);
    await reopen(mia, '#/my/auctions');
    await mia.waitForSelector('body[data-live="on"]');
    await mia.click(`${mine} button.cancel`);
    await mia.waitForSelector(`${mine} .confirm`);
    await bid(RIVAL, auctionId, '11.00');
    await expect
      .poll(() => text(mia, `${mine} .note`), LIVE)
      .toBe('A bid now stands: this auction can no longer be cancelled.');
    expect(await mia.locator(`${mine} .confirm, ${mine} button.cancel`).count()).toBe(0);
    expect(await text(mia, mine)).toContain(`1 bid · ${RIVAL} leads`);

    // Without the live feed the page cannot know of a bid that came after it read the list:
    // the API refuses the cancel, and the page says why.
    const late = await createAuction(MIA, { title: `Tin drum ${tag}` });
    const lateRow = row('my-auctions', late);
    // The same signed-in browser, in a tab whose live feed never answers.
    const unfed = await mia.context().newPage();
    try {
      await unfed.routeWebSocket(/\/ws/, () => undefined);
      await unfed.goto(`${pipeline.gatewayUrl}/#/my/auctions`);
      await unfed.waitForSelector(`${lateRow} button.cancel`);
      await bid(RIVAL, late, '11.00');
      await expect.poll(async () => (await auctionView(late)).bidCount, LIVE).toBe(1);
      await unfed.click(`${lateRow} button.cancel`);
      await unfed.click(`${lateRow} button[data-action="confirm"]`);
      await expect
        .poll(() => text(unfed, `${lateRow} .note`), LIVE)
        .toContain('cannot be cancelled');
      expect((await auctionView(late)).status).toBe('open');
      await check(unfed, 'my-auctions-refused');
    } finally {
      await unfed.close();
    }
  });

  it('leads from the Watch toggle to the watch list, and unwatches there', async () => {
    const auctionId = await createAuction(SELLER, { title: `Copper kettle ${tag}` });
    await mia.goto(`${pipeline.gatewayUrl}/#/auction/${auctionId}`);
    await mia.waitForSelector('body[data-ready="true"]');
    await mia.waitForSelector('#watch:not([hidden])');
    expect(await text(mia, '#watch')).toBe('☆ Watch');
    expect(await visible(mia, '#watch-link')).toBe(false);
    await mia.click('#watch');
    await expect.poll(() => text(mia, '#watch')).toBe('★ Watching');
    await mia.waitForSelector('#watch-link', { state: 'visible' });
    expect(await text(mia, '#watch-link')).toBe('See your watch list');
    await check(mia, 'watching');

    await mia.click('#watch-link');
    await mia.waitForSelector(row('my-watchlist', auctionId));
    expect(mia.url()).toMatch(/#\/my\/watchlist$/);
    expect((await listOf(MIA, '/me/watchlist')).items.map((a) => a.auctionId)).toEqual([auctionId]);
    expect(await text(mia, `${row('my-watchlist', auctionId)} a.title`)).toBe(
      `Copper kettle ${tag}`,
    );
    expect(await text(mia, `${row('my-watchlist', auctionId)} .current`)).toBe('Price $10.00');
    await check(mia, 'my-watchlist');

    await mia.click(`${row('my-watchlist', auctionId)} button.unwatch`);
    await expect.poll(() => mia.locator('#my-watchlist li').count()).toBe(0);
    expect(await text(mia, '#my-watchlist-message')).toContain('You watch no auctions.');
    expect((await listOf(MIA, '/me/watchlist')).total).toBe(0);
    await check(mia, 'my-watchlist-empty');

    await mia.goto(`${pipeline.gatewayUrl}/#/auction/${auctionId}`);
    await expect.poll(() => text(mia, '#watch')).toBe('☆ Watch');
    expect(await visible(mia, '#watch-link')).toBe(false);
  });

  it('asks to sign in again after signing out on one of the pages', async () => {
    await mia.goto(`${pipeline.gatewayUrl}/#/my/watchlist`);
    await mia.waitForSelector('#my-watchlist-view:not([hidden])');
    await mia.click('#sign-out');
    await expect
      .poll(() => text(mia, '#my-watchlist-message'))
      .toBe('Sign in to see your watch list.');
    expect(await visible(mia, '#my-watchlist-link')).toBe(false);
  });
});
