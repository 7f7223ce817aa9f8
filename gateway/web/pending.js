// Auctions this browser created that may not be readable yet (a 202): "being created…" until they are.
const KEY = 'pending-auctions';
const read = () => {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? '{}');
  } catch {
    return {};
  }
};

/** Marks `auctionId` as being created, for a minute. */
export function pending(auctionId) {
  sessionStorage.setItem(KEY, JSON.stringify({ ...read(), [auctionId]: Date.now() + 60_000 }));
}

export const isPending = (auctionId) => (read()[auctionId] ?? 0) > Date.now();

export function settled(auctionId) {
  const all = read();
  if (!(auctionId in all)) return;
  delete all[auctionId];
  sessionStorage.setItem(KEY, JSON.stringify(all));
}
