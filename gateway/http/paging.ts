/**
 * The one paging shape of every list the API answers: `{ items, total, limit, offset, next }`,
 * where `next` is the URL of the following page (the same query, the offset moved on) or null.
 */
import type { Request } from 'express';

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  readonly next: string | null;
}

export interface PageRequest {
  readonly limit: number;
  readonly offset: number;
}

/**
 * The next page's URL: `path` with the request's own query, `offset` moved past this page.
 * Null once this page reaches the end.
 */
export function nextPageUrl(
  path: string,
  query: Request['query'],
  { limit, offset }: PageRequest,
  total: number,
): string | null {
  if (offset + limit >= total) return null;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (typeof value === 'string' && name !== 'offset' && name !== 'limit') params.set(name, value);
  params.set('limit', String(limit));
  params.set('offset', String(offset + limit));
  return `${path}?${params.toString()}`;
}

/** A page of `items` out of `total`, with its next link (`path`, `query` as the client sent them). */
export function page<T>(
  items: readonly T[],
  total: number,
  request: PageRequest,
  path: string,
  query: Request['query'],
): Page<T> {
  const { limit, offset } = request;
  return { items, total, limit, offset, next: nextPageUrl(path, query, request, total) };
}
