import { describe, expect, it } from 'vitest';
import { costModel, cpuMsBetween } from './cost-arithmetic.js';

describe('CPU time between two samples', () => {
  it('turns clock ticks into milliseconds', () => {
    const before = { gateway: { ticks: 100, identity: '5:1' } };
    const after = { gateway: { ticks: 350, identity: '5:1' } };
    expect(cpuMsBetween(before, after, 100)).toEqual({ gateway: 2500 });
    expect(cpuMsBetween(before, after, 250)).toEqual({ gateway: 1000 });
  });

  it('cannot tell the time of a process that restarted or vanished in between', () => {
    const before = {
      gateway: { ticks: 100, identity: '5:1' },
      processor: { ticks: 10, identity: '6:1' },
    };
    const after = { gateway: { ticks: 120, identity: '9:7' }, processor: undefined };
    const delta = cpuMsBetween(before, after, 100);
    expect(delta.gateway).toBeNaN();
    expect(delta.processor).toBeNaN();
  });
});

describe('the cost model', () => {
  // 5,000 bids over a 10 s window on 2 cores. The gateway used 2,500 ms and idles at 20 ms/s;
  // the processor used 1,000 ms and idles at 10 ms/s.
  const model = costModel({
    busyCpuMs: { gateway: 2500, processor: 1000 },
    idleCpuMsPerSecond: { gateway: 20, processor: 10 },
    bids: 5000,
    wallMs: 10_000,
    cores: 2,
  });

  it('gives each process its CPU per 1,000 bids, gross and net of its idle burn', () => {
    expect(model.terms).toEqual([
      {
        process: 'gateway',
        cpuMs: 2500,
        cpuMsPer1000Bids: 500, // 2,500 ms / 5 thousand bids
        idleCpuMsPerSecond: 20,
        netCpuMsPer1000Bids: 460, // (2,500 − 20 × 10) / 5
      },
      {
        process: 'processor',
        cpuMs: 1000,
        cpuMsPer1000Bids: 200,
        idleCpuMsPerSecond: 10,
        netCpuMsPer1000Bids: 180, // (1,000 − 10 × 10) / 5
      },
    ]);
  });

  it('sums the terms and sets them against the cores × the window', () => {
    expect(model.totalCpuMs).toBe(3500);
    expect(model.totalCpuMsPer1000Bids).toBe(700);
    expect(model.netTotalCpuMsPer1000Bids).toBe(640);
    expect(model.idleTotalCpuMsPerSecond).toBe(30);
    expect(model.capacityCpuMs).toBe(20_000);
    expect(model.utilisation).toBeCloseTo(0.175, 10);
    expect(model.largest).toBe('gateway');
  });

  it('gives the ceiling: the cores’ milliseconds over the CPU-ms of one bid', () => {
    // 0.7 CPU-ms a bid: 2,000 ms/s ÷ 0.7 = 2,857.1 bids/s.
    expect(model.ceilingBidsPerSecond).toBeCloseTo(2857.142857, 4);
    // Net: (2,000 − 30 idle) ms/s ÷ 0.64 ms a bid = 3,078.125 bids/s.
    expect(model.netCeilingBidsPerSecond).toBeCloseTo(3078.125, 6);
  });

  it('leaves a process whose time is unknown out of the sums, shown as n/a', () => {
    const partial = costModel({
      busyCpuMs: { gateway: 2500, processor: Number.NaN },
      idleCpuMsPerSecond: { gateway: 20 },
      bids: 5000,
      wallMs: 10_000,
      cores: 2,
    });
    expect(partial.totalCpuMs).toBe(2500);
    expect(partial.terms[1]!.cpuMsPer1000Bids).toBeNaN();
    expect(partial.terms[1]!.netCpuMsPer1000Bids).toBeNaN();
    expect(partial.largest).toBe('gateway');
  });

  it('has no cost per bid without bids', () => {
    const none = costModel({
      busyCpuMs: { gateway: 100 },
      idleCpuMsPerSecond: { gateway: 10 },
      bids: 0,
      wallMs: 1000,
      cores: 2,
    });
    expect(none.totalCpuMsPer1000Bids).toBeNaN();
    expect(none.ceilingBidsPerSecond).toBeNaN();
  });
});
