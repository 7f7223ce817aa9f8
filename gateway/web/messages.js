// What the page tells people instead of codes: a sentence for every problem `code` the API or the
// live feed answers (gateway/http/rejection-problems.ts, gateway/http/problems.ts, gateway/live/), and the API's own
// `detail` where it is meant for people. Never a code, an id or a pattern on screen.
import { dateTime } from './format.js';
import { maskName } from './shared/mask-name.js';
import { notificationSentence } from './shared/notification-meaning.js';

/** Every problem code, as a sentence. */
export const PROBLEM_SENTENCES = {
  // The auction rules (gateway/http/rejection-problems.ts).
  auction_not_found: 'This auction does not exist.',
  seller_cannot_bid: 'You are the seller: you cannot bid on or buy your own item.',
  not_seller: 'Only the seller can cancel this auction.',
  auction_closed: 'This auction is closed.',
  auction_ended: 'This auction had already ended when your bid arrived.',
  not_started: 'This auction has not started yet.',
  buy_now_unavailable: 'Buy now is no longer available on this auction.',
  has_bids: 'An auction that has bids cannot be cancelled.',
  auction_already_exists: 'This auction already exists.',
  item_has_open_auction: 'You already have an open auction for this item.',
  below_starting_price: 'Your bid is below the starting price.',
  below_minimum_increment: 'Your bid must beat the current price by at least one increment.',
  not_above_own_maximum: 'You already lead: a new maximum must be above your current one.',
  invalid_command: 'These terms do not make an auction.',
  unprocessable: 'One of the values is too large to store.',
  // The gateway (gateway/http/problems.ts).
  unauthorized: 'Please sign in (again) to do this.',
  rate_limited: 'Too many requests: wait a moment and try again.',
  unavailable: 'The service is busy or restarting: try again in a moment.',
  internal: 'Something went wrong on our side: please try again.',
  no_such_route: 'This page or feature is not available.',
  user_not_found: 'There is no such user.',
  invalid_body: 'One of the values you entered is not valid.',
  invalid_query: 'The search is not valid.',
  invalid_path: 'This address is not valid.',
  malformed_path: 'This address is not valid.',
  malformed_json: 'The request could not be read: please reload the page.',
  malformed_request: 'The request could not be read: please reload the page.',
  unreadable_body: 'The request could not be read: please try again.',
  body_too_large: 'What you entered is too long.',
  unsupported_encoding: 'The request could not be read: please reload the page.',
  unsupported_media_type: 'The request could not be read: please reload the page.',
  headers_too_large: 'The request is too large: try signing out and in again.',
  request_timeout: 'The request took too long: please try again.',
  missing_idempotency_key: 'The request could not be sent safely: please reload the page.',
  invalid_idempotency_key: 'The request could not be sent safely: please reload the page.',
  idempotency_key_reused: 'This request was already sent with other values: please try again.',
  watchlist_full: 'Your watch list is full: remove an auction from it first.',
  // The live feed (gateway/live/).
  invalid_message: 'The live feed did not understand the page: please reload.',
  connection_limit: 'Too many open windows: close one to keep live updates here.',
  subscription_limit: 'Too many auctions followed live in this window.',
  frame_rate_limit: 'Live updates paused: too many messages were sent. Reloading helps.',
  slow_consumer: 'Live updates fell behind and are reconnecting.',
  network: 'The connection failed: check your network and try again.',
};

/** The names of the fields the API may name, as the forms call them. */
const FIELDS = {
  userId: 'Your name',
  title: 'The title',
  itemId: 'The item',
  startingPrice: 'The starting price',
  reservePrice: 'The reserve price',
  buyNowPrice: 'The buy-now price',
  durationSeconds: 'The duration',
  antiSnipingWindowSeconds: 'The anti-sniping window',
  antiSnipingExtensionSeconds: 'The extension',
  maxAmount: 'Your maximum bid',
  q: 'The search',
};

/** What to say about a field whose rule is written for developers (a user id's characters). */
const FIELD_RULES = {
  userId:
    "Your name can have up to 64 letters (accents welcome), digits, single spaces between words, and . _ @ ' -.",
};

// A detail that looks like a pattern or code, or names amounts in cents, is not for people.
const TECHNICAL = /\\p\{|\/\^|\^\[|\$\/|[{}]|\bNFC\b|[a-z]Cents\b/;

const sentence = (text) => {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
};

/** A problem+json body (or a live `error`) as one human message. */
export function humanProblem(problem, status) {
  const code = problem?.code;
  const fallback =
    PROBLEM_SENTENCES[code] ??
    (status >= 500 ? PROBLEM_SENTENCES.internal : 'That did not work: please try again.');
  const detail = typeof problem?.detail === 'string' ? problem.detail : '';
  const field = typeof problem?.field === 'string' ? problem.field : undefined;
  if (code === 'rate_limited' || code === 'unavailable') {
    const wait = Number(problem?.retryAfterSeconds);
    return wait > 0
      ? `${fallback.replace(/ in a moment| a moment/, '')} (in ${wait} s).`
      : fallback;
  }
  if (field && (code === 'invalid_body' || code === 'invalid_query' || code === 'invalid_path')) {
    if (FIELD_RULES[field]) return FIELD_RULES[field];
    const rest = detail.startsWith(`${field}: `) ? detail.slice(field.length + 2) : '';
    if (rest && !TECHNICAL.test(rest)) return sentence(`${FIELDS[field] ?? 'A value'} ${rest}`);
    return fallback;
  }
  // Terms the rules refuse, naming the field: the detail with the field as the form calls it.
  if (field && code === 'invalid_command') {
    const label = FIELDS[field];
    if (!label) return fallback;
    if (!detail || TECHNICAL.test(detail)) return `${label} is not valid for an auction.`;
    const named = detail.match(new RegExp(`^${field}:? (.*)$`, 's'));
    return sentence(named ? `${label} ${named[1]}` : detail);
  }
  // The auction rules' details are written for people (gateway/http/rejection-problems.ts).
  if (
    detail &&
    code in PROBLEM_SENTENCES &&
    !code.startsWith('invalid_') &&
    !TECHNICAL.test(detail)
  )
    return code === 'unauthorized' || code === 'no_such_route' || code === 'internal'
      ? fallback
      : sentence(detail);
  return fallback;
}

/**
 * A seller's terms the API refused (problem+json naming a `field`), as the sentence shown beside
 * that field: the rules' relations between amounts (a reserve or buy-now below the starting
 * price, a buy-now below the reserve) said with the amounts the seller typed, in the page's
 * money; anything else as humanProblem says it. `terms`: the typed amounts in cents (undefined
 * when empty or not an amount).
 */
export function termsProblem(problem, status, terms, formatMoney) {
  const { startingPriceCents: start, reservePriceCents: reserve, buyNowPriceCents: buyNow } = terms;
  if (problem?.code === 'invalid_command' && start !== undefined) {
    if (problem.field === 'reservePrice' && reserve !== undefined && reserve < start)
      return `The reserve price must be at least the starting price, ${formatMoney(start)}.`;
    if (problem.field === 'buyNowPrice' && buyNow !== undefined) {
      if (buyNow < start)
        return `The buy-now price must be at least the starting price, ${formatMoney(start)}.`;
      if (reserve !== undefined && buyNow < reserve)
        return `The buy-now price must be at least the reserve price, ${formatMoney(reserve)}.`;
    }
  }
  return humanProblem(problem, status);
}

/**
 * One sentence per notification, live (the socket's) or kept (GET /me/notifications, whose items
 * carry the same kinds and amounts): the gateway's own sentence (shared/notification-meaning.js),
 * in the page's money format and local time, other bidders' names masked to `reader` (the
 * signed-in user), with a full stop as every sentence on the page.
 */
export function notificationText(m, title, formatMoney, reader = null) {
  const wording = { money: formatMoney, time: dateTime, name: (u) => maskName(u, reader) };
  return `${notificationSentence(m, title, wording)}.`;
}
