import { invalidNextToken } from './errors.ts';

/** NextToken paging over a sorted list: the token is an opaque, base64-encoded offset. */
export function page<T>(
  items: T[],
  maxResults: number,
  nextToken: string | undefined,
): { items: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    const decoded = /^o:(\d+)$/.exec(Buffer.from(nextToken, 'base64').toString('utf8'));
    if (!decoded) throw invalidNextToken();
    start = Number(decoded[1]);
  }
  const end = start + maxResults;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextToken: Buffer.from(`o:${end}`).toString('base64') } : {}),
  };
}
