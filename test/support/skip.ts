import { describe } from 'vitest';

/**
 * Like `describe.each`, except that an item with a `skip` reason registers a skipped suite whose
 * title says why: its tests still count in the summary ("53 skipped") instead of vanishing.
 * `$name` in the title is replaced by the item's name.
 */
export function describeEach<T extends { name: string; skip?: string | null }>(
  items: readonly T[],
  title: string,
  body: (item: T) => void,
): void {
  for (const item of items) {
    const name = title.replaceAll('$name', item.name);
    if (item.skip) describe.skip(`${name} (skipped: ${item.skip})`, () => body(item));
    else describe(name, () => body(item));
  }
}

/** Why the Redis tests are skipped, for their titles (never the URL's password). */
export function noRedisReason(redisUrl: string, problem: string): string {
  const at = URL.canParse(redisUrl) ? new URL(redisUrl).host : 'REDIS_URL';
  return `no Redis server at ${at} (${problem.split('\n')[0]}); set REDIS_URL or install redis-server, see README "Development"`;
}
