import { describe, expect, it } from 'vitest';
import { CloseScheduler } from './close-scheduler.js';

describe('CloseScheduler', () => {
  const scheduler = () => new CloseScheduler({ graceMs: 500, retryMs: 5000 });

  it('asks to close an auction once its end plus the grace has passed', () => {
    const s = scheduler();
    s.track('a', 0, 10_000);
    expect(s.takeDue(10_499)).toEqual([]);
    expect(s.takeDue(10_500)).toEqual(['a']);
  });

  it('does not ask twice before the retry interval, then asks again if still open', () => {
    const s = scheduler();
    s.track('a', 0, 10_000);
    expect(s.takeDue(10_500)).toEqual(['a']);
    expect(s.takeDue(12_000)).toEqual([]);
    expect(s.takeDue(15_500)).toEqual(['a']);
  });

  it('follows an extended end', () => {
    const s = scheduler();
    s.track('a', 0, 10_000);
    s.track('a', 0, 20_000);
    expect(s.takeDue(10_500)).toEqual([]);
    expect(s.takeDue(20_500)).toEqual(['a']);
  });

  it('forgets closed auctions and partitions it no longer owns', () => {
    const s = scheduler();
    s.track('a', 0, 1);
    s.track('b', 1, 1);
    s.track('c', 1, 1);
    s.forget('a');
    s.forgetPartition(1);
    expect(s.takeDue(10_000)).toEqual([]);
    expect(s.size).toBe(0);
  });
});
