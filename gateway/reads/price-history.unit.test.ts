import { describe, expect, it } from 'vitest';
import { withLeaders } from './price-history.js';

describe('withLeaders', () => {
  it("names the proxy's bidder on the step a losing bid raised (issue 15: Erin's 15.00 against Dana's 20.00)", () => {
    const steps = [
      { bidderId: 'dana', leading: true },
      { bidderId: 'erin', leading: false },
      { bidderId: 'ivan', leading: true },
      { bidderId: 'erin', leading: false },
    ];
    expect(withLeaders(steps).map((s) => s.leaderId)).toEqual(['dana', 'dana', 'ivan', 'ivan']);
  });

  it('keeps each step as it was, and an empty history empty', () => {
    expect(withLeaders([{ bidderId: 'a', leading: true, placedAt: 't' }])).toEqual([
      { bidderId: 'a', leading: true, placedAt: 't', leaderId: 'a' },
    ]);
    expect(withLeaders([])).toEqual([]);
  });
});
