import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { InstallationVault } from '../../src/workspaces/vault.ts';

/**
 * `npm start` in multi-workspace mode, as an operator sees it: a wrong SCOUT_ENCRYPTION_KEY or a
 * contradictory configuration stops start-up with one line naming the variable, and exit code 1.
 */

const dir = mkdtempSync(join(tmpdir(), 'scout-startup-'));
const storeUrl = `sqlite://${join(dir, 'scout.sqlite')}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(env: Record<string, string>) {
  const run = spawnSync(process.execPath, ['src/main.ts'], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_SIGNING_SECRET: 'signing-secret-value',
      INFLUENCERS_CLUB_API_KEY: 'ic-key-value',
      SLACK_CLIENT_ID: '111.222',
      SLACK_CLIENT_SECRET: 'client-secret-value',
      SLACK_STATE_SECRET: 'state-secret-value',
      STORE_URL: storeUrl,
      PORT: '0',
      LOG_LEVEL: 'silent',
      ...env,
    },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: run.status, stderr: run.stderr.trim() };
}

describe('start-up in multi-workspace mode', () => {
  it('refuses another SCOUT_ENCRYPTION_KEY than the one the stored tokens were sealed with, in one line', async () => {
    const store = await openStore(storeUrl);
    await new InstallationVault({ store, encryptionKey: randomBytes(32).toString('base64') }).verifyKey();
    await store.close();
    const other = randomBytes(32).toString('base64');
    const { status, stderr } = start({ SCOUT_ENCRYPTION_KEY: other });
    expect(status).toBe(1);
    expect(stderr).toMatch(
      /^Scout cannot start: SCOUT_ENCRYPTION_KEY does not open the tokens already in the store/,
    );
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).not.toContain(other);
  });

  it('refuses SLACK_BOT_TOKEN together with the OAuth variables, naming them', () => {
    const { status, stderr } = start({
      SLACK_BOT_TOKEN: 'xoxb-1-abc',
      SCOUT_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    expect(status).toBe(1);
    expect(stderr).toMatch(
      /^Scout cannot start: SLACK_BOT_TOKEN and SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET are both set/,
    );
    expect(stderr.split('\n')).toHaveLength(1);
  });
});
