// Creating an auction: the seller's terms, sent as the API takes them; a problem is said beside
// the field the API names (problem+json `field`), which is marked invalid until it is edited.
import { api, session } from './api.js';
import { money } from './format.js';
import { termsProblem } from './messages.js';
import { pending } from './pending.js';

const $ = (id) => document.getElementById(id);

/** The form's input for each field the API may name in a refusal. */
const INPUTS = {
  title: 'sell-title',
  itemId: 'sell-item',
  startingPrice: 'sell-start',
  reservePrice: 'sell-reserve',
  buyNowPrice: 'sell-buy-now',
  durationSeconds: 'sell-duration',
  antiSnipingWindowSeconds: 'sell-window',
  antiSnipingExtensionSeconds: 'sell-extension',
};

export function showSell() {
  $('sell-signin').hidden = !!session.token;
  $('sell-form').hidden = !session.token;
  $('sell-message').textContent = '';
  clearProblem();
}

const amount = (id) => $(id).value.trim().replace(',', '.') || undefined;

/** A typed amount in cents, or undefined when it is empty or not an amount. */
function cents(text) {
  if (text === undefined || !/^\d+(\.\d{1,2})?$/.test(text)) return undefined;
  return Math.round(Number(text) * 100);
}

/** Takes back the mark and sentence of the last refusal. */
function clearProblem() {
  for (const input of $('sell-form').querySelectorAll('[aria-invalid="true"]')) {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
  }
  $('sell-form')
    .querySelectorAll('.field-error')
    .forEach((note) => note.remove());
}

/** Says `text` beside the input of `field` and marks it; without one, below the form. */
function showProblem(field, text) {
  clearProblem();
  const input = INPUTS[field] ? $(INPUTS[field]) : null;
  if (!input) {
    $('sell-message').textContent = text;
    return;
  }
  const note = document.createElement('span');
  note.className = 'field-error';
  note.id = `${input.id}-error`;
  note.setAttribute('role', 'alert');
  note.textContent = text;
  // Beside the field: after its label (or, in the duration's fieldset, after the fieldset).
  (input.closest('label') ?? input.closest('fieldset') ?? input).after(note);
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', note.id);
  input.closest('details')?.setAttribute('open', '');
  input.focus();
}

// Editing the marked field takes its mark away: the sentence was about what it held.
$('sell-form').addEventListener('input', (event) => {
  if (event.target.getAttribute?.('aria-invalid') === 'true') clearProblem();
});

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
  clearProblem();
  button.disabled = true;
  const answer = await api('POST', '/auctions?wait=5000', { json });
  button.disabled = false;
  if (!answer.ok) {
    const terms = {
      startingPriceCents: cents(json.startingPrice),
      reservePriceCents: cents(json.reservePrice),
      buyNowPriceCents: cents(json.buyNowPrice),
    };
    const currency = document.body.dataset.currency || 'USD';
    const field = typeof answer.body?.field === 'string' ? answer.body.field : undefined;
    showProblem(
      field,
      termsProblem(answer.body, answer.status, terms, (c) => money(c, currency)),
    );
    return;
  }
  const { auctionId } = answer.body;
  if (answer.status === 202) pending(auctionId);
  $('sell-form').reset();
  location.hash = `#/auction/${auctionId}`;
});
