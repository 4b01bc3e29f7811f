import { describe, expect, it } from 'vitest';
import type { CreatorSummary } from '../../src/ic/profile.ts';
import type { SlackMessage } from '../../views/blocks.ts';
import type { Provenance } from '../../views/creator.ts';
import { byFollowers, socialsHelp, socialsInputProblem, socialsList } from '../../views/socials.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';

const NOW = Date.parse('2026-05-04T12:00:00Z');
const fresh: Provenance = {
  credits: 0.5,
  what: 'connected socials',
  fromCache: null,
  shared: false,
  now: NOW,
};
const MARKUP = 'Ping <!channel> <@U123> <https://evil.test|click> *bold*';

function account(overrides: Partial<CreatorSummary> = {}): CreatorSummary {
  return {
    platform: 'youtube',
    userId: 'UC1',
    handle: 'example_creator',
    name: 'Example Creator',
    avatarUrl: null,
    followers: 45_200,
    engagementPercent: null,
    url: 'https://www.youtube.com/@example_creator',
    verified: null,
    ...overrides,
  };
}

function list(
  accounts: CreatorSummary[],
  overrides: Partial<Parameters<typeof socialsList>[0]> = {},
): SlackMessage {
  return socialsList({
    asked: { platform: 'instagram', handle: 'example_creator' },
    accounts,
    provenance: fresh,
    refresh: null,
    cardCost: 1,
    ...overrides,
  });
}

function sectionTexts(message: SlackMessage): string[] {
  return (message.blocks as { type: string; text?: { text: string } }[])
    .filter((b) => b.type === 'section')
    .map((b) => b.text?.text ?? '');
}

function mrkdwnOf(message: SlackMessage): string {
  const parts = [message.text];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') parts.push(o.text);
      Object.values(o).forEach(visit);
    }
  };
  visit(message.blocks);
  return parts.join('\n');
}

describe('socialsList', () => {
  it('lists accounts biggest first, highlights the biggest and links each handle', () => {
    const message = list([
      account({ platform: 'tiktok', handle: 'ex', url: 'https://www.tiktok.com/@ex', followers: 310_000 }),
      account(),
    ]);
    expectValidBlockKit(message, 'message');
    expect(sectionTexts(message)).toEqual([
      ':star: *TikTok* · <https://www.tiktok.com/@ex|@ex> · Example Creator · *310K followers* (biggest)',
      '*YouTube* · <https://www.youtube.com/@example_creator|@example_creator> · Example Creator · 45.2K followers',
    ]);
    expect(mrkdwnOf(message)).toContain('@example_creator on Instagram · 2 connected accounts');
    expect(mrkdwnOf(message)).toContain(':coin: 0.5 credits · connected socials');
    expect(message.text).toBe(
      'Connected accounts of @example_creator on Instagram: TikTok 310K, YouTube 45.2K',
    );
  });

  it('puts an Open card button on the top five accounts that name a platform and handle', () => {
    const accounts = Array.from({ length: 8 }, (_, i) =>
      account({ handle: i === 1 ? null : `h${i}`, followers: 1000 - i }),
    );
    const message = list(accounts);
    const buttons = (
      message.blocks as { accessory?: { action_id: string; value: string; text: { text: string } } }[]
    )
      .map((b) => b.accessory)
      .filter((a) => a !== undefined);
    expect(buttons.map((b) => b.value)).toEqual(
      ['h0', 'h2', 'h3', 'h4'].map((h) => JSON.stringify({ platform: 'youtube', handle: h })),
    );
    expect(buttons[0]).toMatchObject({ action_id: 'creator_open', text: { text: 'Open card · 1 credit' } });
  });

  it('stays within Block Kit limits with 50 hostile accounts and huge numbers', () => {
    const accounts = Array.from({ length: 50 }, (_, i) =>
      account({
        platform: i % 3 === 0 ? null : 'tiktok',
        handle: i % 4 === 0 ? null : `${'h'.repeat(280)}${i}`,
        name: `${MARKUP} ${'name '.repeat(300)}`,
        followers: i % 5 === 0 ? null : 9.9e17 - i,
        url: i % 2 === 0 ? `https://x.test/${'u'.repeat(4000)}` : `https://www.tiktok.com/@h${i}`,
      }),
    );
    const message = list(accounts, {
      provenance: { ...fresh, credits: 0, fromCache: { at: NOW - 5 * 60 * 1000 } },
      refresh: { actionId: 'socials_refresh', value: 'v', cost: 0.5, subject: MARKUP },
    });
    expectValidBlockKit(message, 'message');
    const text = mrkdwnOf(message);
    expect(text).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil\.test/);
    expect(text).toMatch(/…and \d+ more accounts/);
    expect(text).toContain('From cache, 5 min ago — nothing charged');
    expect(JSON.stringify(message)).not.toMatch(/undefined|NaN|null/);
  });

  it('does not call a lone account "biggest" and copes with none', () => {
    expect(sectionTexts(list([account()]))[0]).not.toContain('biggest');
    const unknown = list([account({ followers: null, handle: null, url: null, name: null, platform: null })]);
    expectValidBlockKit(unknown, 'message');
    expect(sectionTexts(unknown)[0]).toBe('*—* · — · — followers');
    const none = list([]);
    expectValidBlockKit(none, 'message');
    expect(mrkdwnOf(none)).toContain('no connected accounts');
  });

  it('sorts unknown follower counts last', () => {
    const sorted = byFollowers([
      account({ followers: null, handle: 'a' }),
      account({ followers: 1, handle: 'b' }),
    ]);
    expect(sorted.map((a) => a.handle)).toEqual(['b', 'a']);
  });
});

describe('socials help and input problems', () => {
  it('gives usage with examples and the price', () => {
    const help = socialsHelp({ socials: 0.5 });
    expectValidBlockKit(help, 'message');
    expect(mrkdwnOf(help)).toContain('`/socials @example_creator`');
    expect(mrkdwnOf(help)).toContain('0.5 credits');
  });

  it('escapes echoed input and gives an example', () => {
    const message = socialsInputProblem('"<!here>" is not a handle.');
    expect(mrkdwnOf(message)).not.toContain('<!here>');
    expect(message.text).toContain('Try `/socials @example_creator`');
  });
});
