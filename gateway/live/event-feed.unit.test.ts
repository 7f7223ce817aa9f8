import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { EventDataByType, EventType } from '../../contracts/events.js';
import { anEvent } from '../testing/events.js';
import { feedMetrics, observeFeedEvent } from './event-feed.js';

/** An event that occurred at 10 000 ms. */
const event = <K extends EventType>(type: K, data: Partial<EventDataByType[K]> = {}) => {
  const e = anEvent(type, 'a-1', 1, data);
  return { ...e, metadata: { ...e.metadata, occurredAt: 10_000 } };
};

describe('observeFeedEvent', () => {
  it('counts accepted bids, rejected bids by reason, and the time each event took to arrive', async () => {
    const registry = new Registry();
    const metrics = feedMetrics(registry);
    observeFeedEvent(metrics, event('BidAccepted'), 10_050);
    observeFeedEvent(metrics, event('BidRejected', { reason: 'below_minimum_increment' }), 10_100);
    observeFeedEvent(metrics, event('BidRejected', { reason: 'below_minimum_increment' }), 10_100);
    observeFeedEvent(metrics, event('BidRejected', { reason: 'auction_not_open' }), 10_100);
    observeFeedEvent(metrics, event('AuctionExtended'), 10_200);

    const text = await registry.metrics();
    expect(text).toContain('auction_bids_accepted_total 1');
    expect(text).toContain('auction_bids_rejected_total{reason="below_minimum_increment"} 2');
    expect(text).toContain('auction_bids_rejected_total{reason="auction_not_open"} 1');
    expect(text).toContain('gateway_cdc_lag_seconds_count 5');
    // 0.05 + 3 × 0.1 + 0.2 seconds.
    const sum = /gateway_cdc_lag_seconds_sum (\S+)/.exec(text)?.[1];
    expect(Number(sum)).toBeCloseTo(0.55);
  });
});
