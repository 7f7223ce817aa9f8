/** The replay's HTTP client (perf/load/replay.ts). */
import { issueToken } from '../../gateway/access/auth.js';
import { jwtSettings } from '../../gateway/config/config.js';
import { RetryingClient, type HttpReply } from './http-client.js';
import type { RetryPolicy } from './retry.js';

/** The retrying client, with a token per bidder (each bidder bids as itself). */
export class BidderClient {
  private readonly tokens = new Map<string, Promise<string>>();
  private readonly client: RetryingClient;
  constructor(base: string, policy: RetryPolicy) {
    // One connection per auction in flight, as a browser per bidder would have: a bid must not
    // queue in the client behind another auction's.
    this.client = new RetryingClient(base, policy, { connections: 1024 });
  }

  get retries() {
    return this.client.retries;
  }

  private token(user: string) {
    let token = this.tokens.get(user);
    if (!token) {
      token = issueToken(jwtSettings(), user, 24 * 3600);
      this.tokens.set(user, token);
    }
    return token;
  }

  async request(
    method: string,
    path: string,
    user?: string,
    body?: unknown,
    headers: Record<string, string> = {},
    beforeRetry?: () => Promise<HttpReply | undefined>,
  ): Promise<HttpReply> {
    return this.client.request(method, path, {
      ...(user ? { token: await this.token(user) } : {}),
      body,
      headers,
      ...(beforeRetry ? { beforeRetry } : {}),
    });
  }
}
