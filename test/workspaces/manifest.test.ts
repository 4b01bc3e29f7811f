import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOT_SCOPES, REDIRECT_PATH } from '../../src/slack/oauth/scopes.ts';

/** The install link asks for the scopes the manifest lists: one list, checked here. */

const manifest = readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8');

function listUnder(header: RegExp): string[] {
  const start = manifest.search(header);
  expect(start).toBeGreaterThanOrEqual(0);
  const items: string[] = [];
  for (const line of manifest.slice(start).split('\n').slice(1)) {
    const item = /^\s+- ([^\s#]+)/.exec(line);
    if (item?.[1]) items.push(item[1]);
    else if (line.trim() !== '' && !line.trim().startsWith('#')) break;
  }
  return items;
}

describe('manifest.yml', () => {
  it('lists exactly the bot scopes the install link asks for', () => {
    expect(listUnder(/^ {4}bot:$/m)).toEqual([...BOT_SCOPES]);
  });

  it('carries the OAuth redirect URL and the uninstall events', () => {
    expect(listUnder(/^ {2}redirect_urls:$/m)[0]).toMatch(new RegExp(`^https://.+${REDIRECT_PATH}$`));
    expect(listUnder(/^ {4}bot_events:$/m)).toEqual(
      expect.arrayContaining(['app_uninstalled', 'tokens_revoked']),
    );
    expect(manifest).toMatch(/^ {2}org_deploy_enabled: true\b/m);
  });
});
