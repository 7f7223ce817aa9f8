import { describe, expect, it } from 'vitest';
import { summaryTable, type ReplayReport } from './replay-report.js';

const report: ReplayReport = {
  file: 'ebay.csv',
  daySeconds: 3,
  auctions: 628,
  bidsSent: 10_681,
  bidsRefusedByGateway: 4,
  refusals: { '409 auction_ended': 4 },
  acceptedThenRefused: { auction_ended: 92, bid_too_low: 31 },
  decidedLate: 92,
  clean: false,
  because: ['4 bids refused at the door', '92 bids accepted (202) and then decided late'],
  closed: 628,
  matched: 606,
  seconds: 80.2,
  retries: { retries: 0, unanswered: 0, unavailable: 0 },
  partial: false,
  outcomes: [],
};

describe('the replay summary', () => {
  it('shows the bids accepted and then refused, by reason, the late ones marked, and says it is not clean', () => {
    const lines = summaryTable(report).split('\n');
    expect(lines[0]).toMatch(
      /^clean +NO: 4 bids refused at the door; 92 bids accepted \(202\) and then decided late$/,
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^bids accepted \(202\), then decided as refused +123$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}auction_ended \(late\) +92$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}bid_too_low +31$/));
  });

  it('says yes for a clean run, and when the decisions were not read', () => {
    const clean = summaryTable({ ...report, clean: true, because: [] });
    expect(clean.split('\n')[0]).toMatch(/^clean +yes$/);
    const unread = summaryTable({ ...report, acceptedThenRefused: null, decidedLate: null });
    expect(unread).toMatch(/then decided as refused +not read \(no database\)/);
  });
});
