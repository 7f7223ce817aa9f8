// Creating an auction: the seller's terms, sent as the API takes them; its problems as sentences.
import { api, session } from './api.js';
import { pending } from './pending.js';

const $ = (id) => document.getElementById(id);

export function showSell() {
  $('sell-signin').hidden = !!session.token;
  $('sell-form').hidden = !session.token;
  $('sell-message').textContent = '';
}

const amount = (id) => $(id).value.trim().replace(',', '.') || undefined;

$('sell-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const message = $('sell-message');
  const button = event.submitter ?? $('sell-form').querySelector('button[type=submit]');
  const seconds = Math.round(Number($('sell-duration').value) * Number($('sell-unit').value));
  const json = {
    title: $('sell-title').value.trim(),
    itemId: $('sell-item').value.trim(),
    startingPrice: amount('sell-start'),
    reservePrice: amount('sell-reserve'),
    buyNowPrice: amount('sell-buy-now'),
    durationSeconds: seconds,
    antiSnipingWindowSeconds: Number($('sell-window').value || 0),
    antiSnipingExtensionSeconds: Number($('sell-extension').value || 0),
  };
  for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key];
  message.textContent = '';
  button.disabled = true;
  const answer = await api('POST', '/auctions?wait=5000', { json });
  button.disabled = false;
  if (!answer.ok) {
    message.textContent = answer.message;
    return;
  }
  const { auctionId } = answer.body;
  if (answer.status === 202) pending(auctionId);
  $('sell-form').reset();
  location.hash = `#/auction/${auctionId}`;
});
