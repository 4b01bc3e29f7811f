import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultStoreUrl, openStore, parseStoreUrl } from '../../src/store/index.ts';

describe('STORE_URL', () => {
  test('sqlite paths: relative ones resolve from the working directory', () => {
    expect(parseStoreUrl(defaultStoreUrl)).toEqual({
      backend: 'sqlite',
      path: resolve(process.cwd(), 'data/scout.sqlite'),
    });
    expect(parseStoreUrl('sqlite://state/s.db')).toEqual({ backend: 'sqlite', path: resolve('state/s.db') });
    expect(parseStoreUrl('sqlite:///var/lib/scout/s.db')).toEqual({
      backend: 'sqlite',
      path: '/var/lib/scout/s.db',
    });
  });

  test('redis and rediss URLs, with an optional database number', () => {
    for (const url of [
      'redis://127.0.0.1:6379',
      'redis://cache:6379/2',
      'rediss://user:pw@cache.example:6380',
    ]) {
      expect(parseStoreUrl(url)).toEqual({ backend: 'redis', url });
    }
  });

  test.each([
    'mysql://localhost/scout',
    'https://user:hunter2secret@example.com',
    'sqlite://',
    'redis://',
    'redis://cache:6379/not-a-db',
    'data/scout.sqlite',
    '',
  ])('openStore rejects %j with a message naming STORE_URL and the accepted forms', async (url) => {
    const error = await openStore(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    const { message } = error as Error;
    expect(message).toContain('STORE_URL');
    expect(message).toContain('sqlite://');
    expect(message).toContain('redis://');
    expect(message).not.toContain('hunter2secret');
  });

  test('an unreachable Redis fails openStore without repeating the password', async () => {
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    const error = await openStore('redis://scout:pw-secret-123@127.0.0.1:1').catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('STORE_URL');
    expect((error as Error).message).toContain('127.0.0.1:1');
    expect((error as Error).message).not.toContain('pw-secret-123');
  });

  test('a namespace that could overlap another is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scout-url-'));
    try {
      for (const namespace of ['a:b', 'a*', '', 'with space']) {
        await expect(openStore(`sqlite://${join(dir, 's.sqlite')}`, { namespace })).rejects.toThrow(
          /namespace/,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
