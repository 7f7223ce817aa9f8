/**
 * The web page in a real browser, on the real stack, at a phone's width (390 px) and a laptop's
 * (1280 px): an anonymous visitor watches a price move live; Zoë Smith signs in, searches and
 * pages, sees a new auction appear live, creates an auction, bids the prefilled minimum, is told
 * she was outbid (and still is after a reload), sees an extension and a closed auction's outcome,
 * an unknown auction, and signs out. Every view is checked for horizontal overflow and saved as
 * test-results/screenshots/<width>-<view>.png.
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
import { uniqueName } from './support.js';

const ZOE = 'Zoë Smith';
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

describe.each([
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
])('the web page at $width px', (viewport) => {
  const tag = `w${viewport.width}${randomUUID().slice(0, 6)}`;
  const contexts: BrowserContext[] = [];
  let zoe: Page;

  const open = (hash = '#/') =>
    openPage(browser, contexts, viewport, `${pipeline.gatewayUrl}/${hash}`);
  const check = (page: Page, view: string) => checkView(page, viewport.width, view);

  const search = async (page: Page, q: string) => {
    await page.fill('#q', q);
    await page.click('#search button[type=submit]');
  };

  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  it('an anonymous visitor sees the price move live', async () => {
    const auctionId = await createAuction('web-seller', {
      title: `Cartier wristwatch ${tag}`,
      startingPrice: '99.00',
    });
    await bid('bob-web', auctionId, '150');
    // Ends in two days: its date reads in the same format as one ending today.
    await createAuction('web-seller', {
      title: `Cartier box ${tag}`,
      durationSeconds: 2 * 86_400,
    });
    const visitor = await open();
    // The browser asks for /favicon.ico on every site: it is there.
    const icon = await visitor.request.get(`${pipeline.gatewayUrl}/favicon.ico`);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toMatch(/^image\//);
    await check(visitor, 'list');
    await search(visitor, tag);
    await expect.poll(() => visitor.locator('#auctions li').count()).toBe(2);
    for (const date of await visitor.locator('#auctions time').allTextContents())
      expect(date).toMatch(DATE);
    await visitor.click(`#auctions a[href="#/auction/${auctionId}"]`);
    await expect.poll(() => text(visitor, '#price')).toContain('99.00');
    await visitor.waitForSelector('body[data-live="on"]');
    expect(await visible(visitor, '#bid-form')).toBe(false);
    expect(await text(visitor, '#bid-hint')).toContain('Sign in to bid');
    expect(await text(visitor, '#ends-at')).toMatch(DATE);

    await bid('carol-web', auctionId, '200');
    await expect.poll(() => text(visitor, '#price'), LIVE).toContain('152.50');
    // Bidders' names are masked to others (gateway/web/shared/mask-name.js).
    await expect.poll(() => text(visitor, '#leader')).toBe('c***b');
    await expect.poll(() => text(visitor, '#leaderboard')).toContain('b***b');
    await expect.poll(() => text(visitor, '#history li:first-child')).toContain('c***b led');
    await check(visitor, 'auction-anonymous');
  });

  it("shows issue 15's standings: Dana's proxy leads at 15.50 over Erin's 15.00, and each step names its leader", async () => {
    const auctionId = await createAuction('web-seller', { title: `Standings ${tag}` });
    await bid('dana-web', auctionId, '20.00');
    await bid('erin-web', auctionId, '15.00');
    const visitor = await open(`#/auction/${auctionId}`);
    await expect.poll(() => text(visitor, '#price')).toContain('15.50');
    await expect.poll(() => text(visitor, '#leaderboard li:nth-child(1)'), LIVE).toContain('d***b');
    expect(await text(visitor, '#leaderboard li:nth-child(1)')).toContain('15.50');
    expect(await text(visitor, '#leaderboard li:nth-child(2)')).toContain('e***b');
    expect(await text(visitor, '#leaderboard li:nth-child(2)')).toContain('15.00');
    // Newest step first: Erin's bid raised the price to 15.50 and Dana still led after it.
    await expect.poll(() => text(visitor, '#history li:nth-child(1)')).toContain('d***b led');
    expect(await text(visitor, '#history li:nth-child(1)')).toContain('15.50');
    expect(await text(visitor, '#history li:nth-child(2)')).toContain('d***b led');
    await check(visitor, 'standings');
  });

  it('signs in with an accented name; a bad name gets a sentence, not a rule', async () => {
    zoe = await open();
    await zoe.fill('#user', 'Zoë  Smith');
    await zoe.click('#login button');
    await zoe.waitForSelector('#login-error:not([hidden])');
    const error = await text(zoe, '#login-error');
    expect(error).toMatch(/^Your name can have/);
    expect(error).not.toMatch(/[\\^$]|\\p\{/);

    await zoe.fill('#user', ZOE);
    await zoe.click('#login button');
    await zoe.waitForSelector('#account:not([hidden])');
    expect(await text(zoe, '#who')).toBe(ZOE);
    await check(zoe, 'signed-in');
  });

  it('searches by title, sorts by ending soonest, and pages', async () => {
    const word = `lamp${tag}`;
    // 22 matches: a page of 20, then 2; the first ends soonest.
    const ids = await Promise.all(
      Array.from({ length: 22 }, (_, i) =>
        createAuction(`lamp-seller-${i % 2}`, {
          title: `Brass ${word} number ${i}`,
          durationSeconds: 1200 + i * 60,
        }),
      ),
    );
    await search(zoe, word);
    await expect.poll(() => text(zoe, '#page-info')).toBe('1–20 of 22');
    expect(await zoe.locator('#auctions li').count()).toBe(20);
    expect(await text(zoe, '#auctions li:first-child .title')).toBe(`Brass ${word} number 0`);
    await check(zoe, 'search');
    await zoe.click('#next');
    await expect.poll(() => text(zoe, '#page-info')).toBe('21–22 of 22');
    expect(await zoe.locator('#auctions li').count()).toBe(2);
    expect(await zoe.getAttribute('#auctions li:last-child .title', 'href')).toBe(
      `#/auction/${ids[21]}`,
    );
    await check(zoe, 'search-page-2');
    await zoe.click('#prev');
    await expect.poll(() => text(zoe, '#page-info')).toBe('1–20 of 22');

    // A page past the end shows the last page; an empty list has no next page.
    await zoe.goto(`${pipeline.gatewayUrl}/#/?q=${word}&page=999`);
    await expect.poll(() => text(zoe, '#page-info')).toBe('21–22 of 22');
    expect(await zoe.locator('#auctions li').count()).toBe(2);
    expect(await zoe.isDisabled('#next')).toBe(true);
    await check(zoe, 'page-past-end');
    await search(zoe, `nothing${tag}`);
    await expect.poll(() => text(zoe, '#list-message')).toContain('No auctions match');
    expect(await zoe.isDisabled('#next')).toBe(true);
    expect(await zoe.isDisabled('#prev')).toBe(true);
    await check(zoe, 'search-empty');
  });

  it('shows a new auction live', async () => {
    await zoe.goto(`${pipeline.gatewayUrl}/#/`);
    await zoe.waitForSelector('body[data-live="on"]');
    const auctionId = await createAuction('web-seller', { title: `Oak writing desk ${tag}` });
    await zoe.waitForSelector(`#new-auctions a[href="#/auction/${auctionId}"]`, LIVE);
    expect(await text(zoe, '#new-auctions')).toContain(`Oak writing desk ${tag}`);
    await check(zoe, 'new-auction');
  });

  it('lets a seller create an auction from the page', async () => {
    await zoe.click('#sell-link');
    await zoe.waitForSelector('#sell-form:not([hidden])');
    await zoe.fill('#sell-title', `Zoë's ${tag} bicycle`);
    await zoe.fill('#sell-item', uniqueName('bike'));
    await zoe.fill('#sell-start', 'abc');
    await zoe.fill('#sell-duration', '2');
    await zoe.selectOption('#sell-unit', '3600');
    await zoe.click('#sell-form button[type=submit]');
    // Said beside the field the API names.
    await expect
      .poll(() => text(zoe, '#sell-start-error'))
      .toBe('The starting price must be a decimal amount such as "12.50".');
    await zoe.fill('#sell-start', '25');
    await zoe.fill('#sell-buy-now', '80');
    await check(zoe, 'sell');
    await zoe.click('#sell-form button[type=submit]');
    await expect.poll(() => text(zoe, '#title'), LIVE).toBe(`Zoë's ${tag} bicycle`);
    expect(await text(zoe, '#seller')).toBe(ZOE);
    expect(await text(zoe, '#bid-hint')).toContain('This is your auction');
    expect(await visible(zoe, '#bid-form')).toBe(false);
    await check(zoe, 'auction-own');
  });

  it('shows an auction that is still being created as such, until it can be read', async () => {
    // The page asks for the decision; here it gets the 202 at once, as when the pipeline is slow.
    await zoe.route('**/auctions?wait=5000', (route) =>
      route.continue({ url: route.request().url().replace('wait=5000', 'wait=0') }),
    );
    try {
      await zoe.goto(`${pipeline.gatewayUrl}/#/sell`);
      await zoe.waitForSelector('#sell-form:not([hidden])');
      await zoe.evaluate(`(() => {
        window.missingTexts = [];
        new MutationObserver(() =>
          window.missingTexts.push(document.getElementById('auction-missing').textContent),
        ).observe(document.getElementById('auction-missing'), { childList: true, subtree: true });
      })()`);
      await zoe.fill('#sell-title', `Tea set ${tag}`);
      await zoe.fill('#sell-item', uniqueName('tea'));
      await zoe.fill('#sell-start', '12.50');
      await zoe.click('#sell-form button[type=submit]');
      await expect.poll(() => text(zoe, '#title'), LIVE).toBe(`Tea set ${tag}`);
      const seen = await zoe.evaluate<string[]>('window.missingTexts');
      expect(seen.filter((t) => t.includes('does not exist'))).toEqual([]);
    } finally {
      await zoe.unroute('**/auctions?wait=5000');
    }
  });

  it('bids the prefilled minimum, is told when outbid, and still is after a reload', async () => {
    const title = `Leica camera ${tag}`;
    const auctionId = await createAuction('web-seller', {
      title,
      startingPrice: '40.00',
      buyNowPrice: '90.00',
    });
    await zoe.goto(`${pipeline.gatewayUrl}/#/auction/${auctionId}`);
    await zoe.waitForSelector('#bid-form:not([hidden])');
    expect(await zoe.inputValue('#max')).toBe('40.00');
    expect(await text(zoe, '#buy-now')).toContain('Buy now for $90.00');
    await zoe.waitForSelector('body[data-live="on"]');
    await zoe.click('#bid-button');
    await expect.poll(() => text(zoe, '#decision'), LIVE).toBe('Accepted: you lead at $40.00.');
    // Buy now is gone with the first bid; the minimum moves on.
    await expect.poll(() => visible(zoe, '#buy-now')).toBe(false);
    await check(zoe, 'bid');

    // Watching it survives a reload too (the watch list).
    await zoe.waitForSelector('#watch:not([hidden])');
    expect(await text(zoe, '#watch')).toBe('☆ Watch');
    await zoe.click('#watch');
    await expect.poll(() => text(zoe, '#watch')).toBe('★ Watching');

    await bid('dan-web', auctionId, '75');
    // Dan's 75.00 beats her 40.00 by one increment (1.00 at this price).
    await expect.poll(() => text(zoe, '#price'), LIVE).toContain('$41.00');
    await expect
      .poll(() => text(zoe, '#notifications li.outbid'), LIVE)
      .toContain(`You were outbid on ${title}`);
    await expect.poll(() => text(zoe, '#leaderboard li:first-child')).toContain('d***b');
    await check(zoe, 'outbid');

    await zoe.reload();
    await zoe.waitForSelector('body[data-ready="true"]');
    // The kept notification (GET /me/notifications) reads as the live one did.
    await expect
      .poll(() => text(zoe, '#notifications li.outbid'))
      .toContain(`You were outbid on ${title}: now $41.00.`);
    expect(await text(zoe, '#who')).toBe(ZOE);
    await expect.poll(() => text(zoe, '#watch')).toBe('★ Watching');
    await check(zoe, 'after-reload');
  });

  it('tells the leader their own maximum, prefills a raise above it, and drops a stale line', async () => {
    const auctionId = await createAuction('web-seller', {
      title: `Brass telescope ${tag}`,
      startingPrice: '30.00',
    });
    await zoe.goto(`${pipeline.gatewayUrl}/#/auction/${auctionId}`);
    await zoe.waitForSelector('#bid-form:not([hidden])');
    await zoe.waitForSelector('body[data-live="on"]');
    await zoe.fill('#max', '50.00');
    await zoe.click('#bid-button');
    await expect.poll(() => text(zoe, '#decision'), LIVE).toBe('Accepted: you lead at $30.00.');
    await expect.poll(() => text(zoe, '#bid-hint'), LIVE).toContain('Your maximum is $50.00');

    // Finn's 38.00 moves the price to 39.00 (38.00 plus 1.00); Zoë's proxy still leads. His long
    // name squeezes the standings row beside his amount.
    await bid('finn-of-the-rather-long-name-who-bids-on-telescopes', auctionId, '38');
    await expect.poll(() => text(zoe, '#price'), LIVE).toContain('$39.00');
    await expect.poll(() => text(zoe, '#decision')).toBe('');
    await expect.poll(() => text(zoe, '#bid-hint')).toContain('You lead at $39.00');
    expect(await text(zoe, '#bid-hint')).toContain('Your maximum is $50.00');
    // The prefilled amount is a raise the rules accept: above her maximum, by the increment.
    await expect.poll(() => zoe.inputValue('#max')).toBe('51.00');
    // Each amount in the price history and standings sits on one line, never "$39.0" / "0".
    await expect.poll(() => zoe.locator('#history li .amount').count()).toBe(2);
    const linesOfAmounts = await zoe.evaluate<number[]>(`[...document.querySelectorAll(
      '#history .amount, #leaderboard .amount')].map((amount) => {
        const range = document.createRange();
        range.selectNodeContents(amount);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      })`);
    expect(linesOfAmounts.every((lines) => lines === 1)).toBe(true);
    await check(zoe, 'leader-maximum');
    await zoe.click('#bid-button');
    await expect.poll(() => text(zoe, '#decision'), LIVE).toBe('Accepted: you lead at $39.00.');
    await expect.poll(() => text(zoe, '#bid-hint'), LIVE).toContain('Your maximum is $51.00');
  });

  it('shows the extension, then the closed auction’s outcome and no form', async () => {
    // Closes beside it with no bid: its card must say it did not sell.
    const unsoldId = await createAuction('web-seller', {
      title: `Pocket watch unsold ${tag}`,
      durationSeconds: 5,
    });
    const auctionId = await createAuction('web-seller', {
      title: `Pocket watch ${tag}`,
      // The window covers the whole auction; a bid extends the end to 20 s after it.
      durationSeconds: 8,
      antiSnipingWindowSeconds: 60,
      antiSnipingExtensionSeconds: 20,
    });
    await zoe.goto(`${pipeline.gatewayUrl}/#/auction/${auctionId}`);
    await zoe.waitForSelector('#bid-form:not([hidden])');
    await zoe.waitForSelector('body[data-live="on"]');
    const endsBefore = await zoe.getAttribute('#ends-at', 'datetime');
    await zoe.click('#bid-button');
    await zoe.waitForSelector('#extended:not([hidden])', LIVE);
    expect(await text(zoe, '#extended')).toMatch(/^Extended: a late bid moved the end/);
    await expect.poll(() => zoe.getAttribute('#ends-at', 'datetime')).not.toBe(endsBefore);
    await check(zoe, 'extended');
    // Every text the outcome shows from here: the close must not read "Not sold." for a moment.
    await zoe.evaluate(`(() => {
      const outcome = document.getElementById('outcome');
      window.outcomeTexts = [];
      new MutationObserver(() => window.outcomeTexts.push(outcome.textContent)).observe(outcome, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    })()`);

    await zoe.waitForSelector('#outcome:not([hidden])', { timeout: 40_000 });
    await expect.poll(() => text(zoe, '#outcome')).toBe(`Sold to ${ZOE} for $10.00.`);
    const shown = await zoe.evaluate<string[]>('window.outcomeTexts');
    expect(shown).toContain(`Sold to ${ZOE} for $10.00.`);
    expect(shown).not.toContain('Not sold.');
    expect(await visible(zoe, '#bid-form')).toBe(false);
    expect(await text(zoe, '#status-badge')).toBe('Closed');
    expect(await text(zoe, '#price-label')).toBe('Final price');
    await expect.poll(() => text(zoe, '#leaderboard li:first-child')).toContain('· won');
    expect(await text(zoe, '#leaderboard')).not.toContain('leads');
    await expect.poll(() => text(zoe, '#notifications li.won'), LIVE).toContain('Pocket watch');
    // Notification times read as every other date on the page. (The extension's notice is kept by
    // the API, not sent live, so it shows only once the list is read again: its wording and date
    // are checked in gateway/web/messages.unit.test.ts.)
    const times = await zoe.locator('#notifications li time').allTextContents();
    expect(times.length).toBeGreaterThan(0);
    for (const time of times) expect(time).toMatch(DATE);
    await check(zoe, 'closed');

    // The closed auctions' cards say who won or that it did not sell, never who "leads".
    await zoe.goto(`${pipeline.gatewayUrl}/#/?q=${tag}&status=closed`);
    const meta = (id: string) => text(zoe, `#auctions li[data-auction="${id}"] .meta`);
    await expect.poll(() => meta(auctionId)).toContain(`won by ${ZOE}`);
    expect(await meta(auctionId)).not.toContain('leads');
    await expect.poll(() => meta(unsoldId)).toContain('not sold');
    await check(zoe, 'closed-cards');
  }, 90_000);

  it('buys now at the price on the button, and shows the outcome', async () => {
    const auctionId = await createAuction('web-seller', {
      title: `Vinyl records ${tag}`,
      buyNowPrice: '30.00',
    });
    await zoe.goto(`${pipeline.gatewayUrl}/#/auction/${auctionId}`);
    await zoe.waitForSelector('#buy-now:not([hidden])');
    expect(await text(zoe, '#buy-now')).toBe('Buy now for $30.00');
    await zoe.click('#buy-now');
    await zoe.click('#buy-now'); // confirms (see 'asks before buying now' below)
    await expect.poll(() => text(zoe, '#outcome'), LIVE).toBe(`Bought now by ${ZOE} for $30.00.`);
    expect(await visible(zoe, '#bid-form')).toBe(false);
    await check(zoe, 'bought-now');
  });

  it('says when an auction does not exist', async () => {
    for (const id of [randomUUID(), 'not-an-auction']) {
      await zoe.goto(`${pipeline.gatewayUrl}/#/auction/${id}`);
      await expect.poll(() => text(zoe, '#auction-missing')).toBe('This auction does not exist.');
      expect(await visible(zoe, '#auction')).toBe(false);
    }
    await check(zoe, 'unknown');
  });

  it('signs out', async () => {
    await zoe.click('#sign-out');
    await zoe.waitForSelector('#login:not([hidden])');
    expect(await visible(zoe, '#account')).toBe(false);
    expect(await zoe.locator('#notifications li').count()).toBe(0);
    expect(await zoe.evaluate("localStorage.getItem('token')")).toBeNull();
    await zoe.goto(`${pipeline.gatewayUrl}/#/sell`);
    await zoe.waitForSelector('#sell-signin:not([hidden])');
    await check(zoe, 'signed-out');
  });
});

/**
 * Issue 22 §1, the page's remaining bugs, at both widths: bidder names masked to others (each
 * sees their own), the starting price, buy now asked for once more and the bought auction shown
 * ended when it was bought, a refused term explained beside its field, and a seller told live of
 * bids and of the sale while the notice covers none of the rows.
 */
describe.each([
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
])('the page for sellers and buyers at $width px', (viewport) => {
  const tag = `s${viewport.width}${randomUUID().slice(0, 6)}`;
  const contexts: BrowserContext[] = [];

  async function open(hash = '#/') {
    const context = await browser.newContext({ viewport, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${pipeline.gatewayUrl}/${hash}`);
    await page.waitForSelector('body[data-ready="true"]');
    return page;
  }

  async function signIn(page: Page, name: string) {
    await page.fill('#user', name);
    await page.click('#login button');
    await page.waitForSelector('#account:not([hidden])');
  }

  const check = (page: Page, view: string) => checkView(page, viewport.width, view);

  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  it('masks bidders to others, shows each their own name, and the starting price', async () => {
    const auctionId = await createAuction('web-seller', {
      title: `Masked standings ${tag}`,
      startingPrice: '10.00',
    });
    await bid('dana-web', auctionId, '20.00');
    await bid('erin-web', auctionId, '15.00');
    const visitor = await open(`#/auction/${auctionId}`);
    await expect.poll(() => text(visitor, '#price'), LIVE).toBe('$15.50');
    expect(await text(visitor, '#starting-price')).toBe('Starting price $10.00');
    // The seller's name stays; the bidders' read as eBay shows them.
    expect(await text(visitor, '#seller')).toBe('web-seller');
    expect(await text(visitor, '#leader')).toBe('d***b');
    await expect.poll(() => text(visitor, '#leaderboard li:nth-child(1)'), LIVE).toContain('d***b');
    expect(await text(visitor, '#leaderboard li:nth-child(2)')).toContain('e***b');
    await expect.poll(() => text(visitor, '#history li:nth-child(1)')).toContain('d***b led');
    expect(await text(visitor, '#auction')).not.toMatch(/dana-web|erin-web/);
    await check(visitor, 'masked-names');

    await visitor.goto(`${pipeline.gatewayUrl}/#/?q=${tag}`);
    const meta = () => text(visitor, `#auctions li[data-auction="${auctionId}"] .meta`);
    await expect.poll(meta).toContain('d***b leads');

    // Dana sees her own name in full, Erin's masked.
    const dana = await open(`#/auction/${auctionId}`);
    await signIn(dana, 'dana-web');
    await expect.poll(() => text(dana, '#leader')).toBe('dana-web');
    await expect.poll(() => text(dana, '#leaderboard li:nth-child(1)')).toContain('dana-web');
    expect(await text(dana, '#leaderboard li:nth-child(2)')).toContain('e***b');
    await expect.poll(() => text(dana, '#history li:nth-child(1)')).toContain('dana-web led');
  });

  it('asks before buying now, then shows the auction ended when it was bought', async () => {
    const buyer = `Ivy ${tag} Buyer`;
    const auctionId = await createAuction('web-seller', {
      title: `Gramophone ${tag}`,
      buyNowPrice: '30.00',
      durationSeconds: 900,
    });
    const page = await open(`#/auction/${auctionId}`);
    await signIn(page, buyer);
    await page.waitForSelector('#buy-now:not([hidden])');
    await page.waitForSelector('body[data-live="on"]');
    expect(await text(page, '#buy-now')).toBe('Buy now for $30.00');

    // The first click only asks; Cancel takes it back, and nothing was bought.
    await page.click('#buy-now');
    expect(await text(page, '#buy-now')).toBe('Confirm buy now at $30.00');
    expect(await visible(page, '#buy-cancel')).toBe(true);
    await check(page, 'buy-now-confirm');
    await page.click('#buy-cancel');
    expect(await text(page, '#buy-now')).toBe('Buy now for $30.00');
    expect(await visible(page, '#buy-cancel')).toBe(false);
    expect((await call('GET', `/auctions/${auctionId}`)).body.status).toBe('open');

    await page.click('#buy-now');
    const boughtFrom = Date.now();
    await page.click('#buy-now');
    await expect
      .poll(() => text(page, '#outcome'), LIVE)
      .toBe(`Bought now by ${buyer} for $30.00.`);
    const boughtBy = Date.now();
    /** The page's end, as shown: ended when it was bought, not at its end fifteen minutes on. */
    const shownEnd = async () => {
      expect(await text(page, '#ends-label')).toBe('Ended');
      return Date.parse((await page.getAttribute('#ends-at', 'datetime')) ?? '');
    };
    const endedAtTheBuy = (at: number) => at >= boughtFrom - 2000 && at <= boughtBy + 2000;
    await expect.poll(async () => endedAtTheBuy(await shownEnd())).toBe(true);
    expect(await text(page, '#bids')).toBe('0 bids');
    expect(await text(page, '#leader-label')).toBe('bought now by');
    expect(await text(page, '#leader')).toBe(buyer);
    expect(await text(page, '#price')).toBe('$30.00');
    await check(page, 'bought-now-ended');

    // As the API has it (a reload reads it): its endsAt is when it was bought.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await expect.poll(() => text(page, '#outcome')).toBe(`Bought now by ${buyer} for $30.00.`);
    expect(endedAtTheBuy(await shownEnd())).toBe(true);
    const view = await call('GET', `/auctions/${auctionId}`);
    expect(endedAtTheBuy(Date.parse(String(view.body.endsAt)))).toBe(true);
    // Others see the buyer masked.
    const visitor = await open(`#/auction/${auctionId}`);
    await expect.poll(() => text(visitor, '#outcome')).toBe('Bought now by I***r for $30.00.');
  });

  it('explains a refused term beside the field the API names, in dollars', async () => {
    const seller = await open('#/sell');
    await signIn(seller, `Sam Seller ${tag}`);
    await seller.goto(`${pipeline.gatewayUrl}/#/sell`);
    await seller.waitForSelector('#sell-form:not([hidden])');
    await seller.fill('#sell-title', `Clock ${tag}`);
    await seller.fill('#sell-item', uniqueName('clock'));
    await seller.fill('#sell-start', '20');
    await seller.fill('#sell-reserve', '10');
    await seller.click('#sell-form button[type=submit]');
    await expect
      .poll(() => text(seller, '#sell-reserve-error'), LIVE)
      .toBe('The reserve price must be at least the starting price, $20.00.');
    expect(await seller.getAttribute('#sell-reserve', 'aria-invalid')).toBe('true');
    expect(await seller.getAttribute('#sell-start', 'aria-invalid')).toBeNull();
    expect(await text(seller, '#sell-form')).not.toMatch(/Cents|do not make an auction/);
    await check(seller, 'sell-refused-term');
    // Mending the field takes the mark away.
    await seller.fill('#sell-reserve', '25');
    expect(await seller.getAttribute('#sell-reserve', 'aria-invalid')).toBeNull();
    expect(await seller.locator('#sell-reserve-error').count()).toBe(0);
  });

  it('tells a seller live of each bid and of the sale; the notice covers no row', async () => {
    const sellerName = `Sam Seller ${tag}`;
    const title = `Barometer ${tag}`;
    const seller = await open('#/');
    await signIn(seller, sellerName);
    const auctionId = await createAuction(sellerName, {
      title,
      startingPrice: '10.00',
      durationSeconds: 30,
    });
    await seller.goto(`${pipeline.gatewayUrl}/#/auction/${auctionId}`);
    await expect.poll(() => text(seller, '#title')).toBe(title);
    await seller.waitForSelector('body[data-live="on"]');

    // eBay's increments (0.50 between $5 and $25): 10.00, then 11.50, then 12.50.
    await bid('dana-web', auctionId, '12.00');
    await expect
      .poll(() => text(seller, '#notifications li.new_bid'), LIVE)
      .toContain(`New bid on ${title}: $10.00.`);
    await bid('erin-web', auctionId, '11.00');
    await bid('finn-web', auctionId, '30.00');
    // Seven more under Finn's maximum, each raising the price to theirs plus 0.50: a history
    // long enough to scroll at both widths, ending at 19.50.
    for (const [i, max] of ['13', '14', '15', '16', '17', '18', '19'].entries())
      await bid(`bidder${i}-web`, auctionId, `${max}.00`);
    await expect.poll(() => text(seller, '#toast'), LIVE).toContain(`New bid on ${title}: $19.50.`);
    await expect.poll(() => seller.locator('#history li').count()).toBe(10);
    expect(await seller.locator('#notifications li.new_bid').count()).toBe(10);

    // While the notice shows, the last row of each list is not under it, scrolled to the window's
    // bottom edge or at the page's end.
    const covered = await seller.evaluate<string[]>(`(() => {
      const toast = document.getElementById('toast');
      if (toast.hidden) return ['the toast is gone'];
      const problems = [];
      const overlaps = (a, b) =>
        a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      const clear = (row, how) => {
        const r = row.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (!row.contains(hit) || overlaps(r, toast.getBoundingClientRect()))
          problems.push(row.parentElement.id + ' ' + how);
      };
      for (const id of ['history', 'leaderboard']) {
        const row = document.querySelector('#' + id + ' li:last-child');
        row.scrollIntoView({ block: 'end' });
        clear(row, 'scrolled into view');
      }
      window.scrollTo(0, document.documentElement.scrollHeight);
      const last = document.querySelector('#history li:last-child');
      const r = last.getBoundingClientRect();
      if (r.bottom > 0 && r.top < window.innerHeight) clear(last, 'at the end');
      return problems;
    })()`);
    expect(covered).toEqual([]);
    await check(seller, 'seller-new-bid');

    await expect
      .poll(() => text(seller, '#notifications li.sold'), { timeout: 60_000 })
      .toContain(`Your ${title} sold to f***b for $19.50.`);
    await check(seller, 'seller-sold');
  }, 90_000);
});
