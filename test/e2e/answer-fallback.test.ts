import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { creator } from '../../commands/creator/index.ts';
import { overlap } from '../../commands/overlap.ts';
import { share } from '../../commands/share.ts';
import { similar } from '../../commands/similar.ts';
import { socials } from '../../commands/socials.ts';
import { type Harness, startHarness } from '../support/harness.ts';

/**
 * A paid answer is never dropped: when the payload's response_url refuses it (404 expired, 410,
 * 5xx), the same answer goes to the user with chat.postEphemeral in the channel, then by DM.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ features: [share, creator, socials, similar, overlap] });
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => {
  h.slack.reset();
});

const ephemeralTo = (user: string) =>
  h.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === user && c.args.channel === 'C0CHANNEL');

describe('when the response_url fails', () => {
  it.each([
    ['/creator', 'maya.moves', 404, 'Followers'],
    ['/socials', 'trail.tom', 410, 'trail.tom'],
    ['/similar', 'maya.moves', 500, 'maya.moves'],
    ['/overlap', 'maya.moves lena.longform', 503, 'maya.moves'],
  ])(
    '%s %s: the paid answer goes out with chat.postEphemeral (response_url %i)',
    async (command, text, status, shown) => {
      const used = h.api.ledger.used;
      h.slack.failNextResponses(status);
      const user = `U0${command.slice(1).toUpperCase()}`;
      await h.command(command, text, { user_id: user });
      const posted = await ephemeralTo(user);
      expect(h.slack.refusedResponses).toHaveLength(1);
      expect(JSON.stringify(posted.args.blocks)).toContain(shown);
      expect(String(posted.args.text)).not.toContain(':warning:');
      expect(h.api.ledger.used).toBeGreaterThan(used);
    },
  );

  it('falls back to a DM when Scout cannot post in the channel either', async () => {
    h.slack.failNextResponses(404);
    h.slack.failNext('chat.postEphemeral', { error: 'channel_not_found' });
    await h.command('/creator', 'lena.longform', { user_id: 'U0DM' });
    const dm = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'U0DM');
    expect(JSON.stringify(dm.args.blocks)).toContain('Followers');
  });

  it('a button answer (creator_open) is kept the same way', async () => {
    h.slack.failNextResponses(404);
    await h.action({
      action_id: 'creator_open',
      value: JSON.stringify({ platform: 'instagram', handle: 'maya.moves' }),
      user_id: 'U0CLICK',
    });
    const posted = await ephemeralTo('U0CLICK');
    expect(JSON.stringify(posted.args.blocks)).toContain('Followers');
  });

  it('a failure message is kept too: the user learns what happened', async () => {
    h.slack.failNextResponses(404);
    await h.command('/creator', 'ghost_nobody', { user_id: 'U0GHOST' });
    const posted = await ephemeralTo('U0GHOST');
    expect(String(posted.args.text)).toContain('has no data');
    expect(String(posted.args.text)).toContain('Nothing was charged.');
  });
});
