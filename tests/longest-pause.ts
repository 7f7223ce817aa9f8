/**
 * How long a client went without progress: the longest gap between consecutive moments it made
 * progress (a bid answered, a decision committed, an event published, applied or received),
 * counted inside a window, with the window's edges as moments too, so a stream that stops
 * before the window ends shows its silence.
 */
export function longestPause(times: readonly number[], from: number, to: number): number {
  const inside = times.filter((t) => t > from && t < to).sort((a, b) => a - b);
  const moments = [from, ...inside, to];
  let longest = 0;
  for (let i = 1; i < moments.length; i += 1)
    longest = Math.max(longest, moments[i]! - moments[i - 1]!);
  return longest;
}
