/**
 * The leaderboard sink's public module: how other processes (the gateway's read API) name and
 * read the Redis keys this sink owns and alone writes. Nothing outside sinks/leaderboard/ imports
 * its other files (docs/boundaries.md).
 */
export { leaderboardKeys, type LeaderboardKeys } from './leaderboard-keys.js';
export { leaderboardReads, type LeaderboardReads, type Ranked } from './leaderboard-reads.js';
