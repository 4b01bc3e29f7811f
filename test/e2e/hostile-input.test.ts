import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creator } from '../../commands/creator/index.ts';
import { overlap } from '../../commands/overlap.ts';
import { similar } from '../../commands/similar.ts';
import { socials } from '../../commands/socials.ts';
import { type Harness, startHarness } from '../support/harness.ts';

/**
 * Mentions and broadcasts typed into a command: never taken for a creator (nothing spent), and never
 * echoed raw into the message's `text` fallback, which Slack parses for mentions like the blocks.
 */

const PINGS = /<!|<@|<#|@(channel|here|everyone)\b/;

describe('hostile command input', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ features: [creator, socials, similar, overlap] });
  });
  afterAll(async () => {
    await h.stop();
  });

  async function answerTo(command: string, text: string): Promise<{ text: string; blocks: string }> {
    const { ack, responseId } = await h.command(command, text);
    expect(ack.status).toBe(200);
    const body = (ack.json ?? null) as { text?: string; blocks?: unknown } | null;
    if (body?.text && !/^:hourglass/.test(body.text))
      return { text: body.text, blocks: JSON.stringify(body.blocks ?? []) };
    const posted = await h.slack.waitForResponse(responseId);
    return { text: String(posted.body.text), blocks: JSON.stringify(posted.body.blocks ?? []) };
  }

  it.each([
    ['/creator', '<@U0123ABCD>', /Slack mention of a person/],
    ['/creator', '<#C0123ABCD|general>', /Slack mention of a channel/],
    ['/socials', '<!subteam^S0123ABCD|@marketing>', /Slack mention of a user group/],
    ['/similar', '<!channel>', /Slack mention of everyone/],
  ])('%s %s is refused as a mention, spending nothing', async (command, text, reason) => {
    const before = h.api.requests.length;
    const answer = await answerTo(command, text);
    expect(answer.text).toMatch(reason);
    expect(answer.text).not.toMatch(PINGS);
    expect(h.api.requests.length).toBe(before);
  });

  it('/overlap instagram <!channel> <@U…> answers with a fallback text that pings nobody', async () => {
    const before = h.api.requests.length;
    const answer = await answerTo('/overlap', 'instagram <!channel> <@U0123ABCD>');
    expect(answer.text).not.toMatch(PINGS);
    expect(answer.blocks).not.toMatch(/<!channel>|<@U0123ABCD>/);
    expect(h.api.requests.length).toBe(before);
  });
});
