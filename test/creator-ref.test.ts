import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handleProblem, normalizeHandle, parseCreatorRef } from '../src/creator-ref.ts';
import { PLATFORMS, type Platform } from '../src/ic/platforms.ts';
import { profileUrlFor } from '../src/ic/profile.ts';

const handle = (h: string, platform: Platform, platformFromInput = true) => ({
  kind: 'handle',
  handle: h,
  platform,
  platformFromInput,
});

describe('profile links resolve to handle + platform', () => {
  it.each([
    ['https://www.instagram.com/Nike', 'nike', 'instagram'],
    ['https://www.instagram.com/nike/', 'nike', 'instagram'],
    ['https://instagram.com/nike/?igsh=MXRhbmZ4dGQ2', 'nike', 'instagram'],
    ['instagram.com/nike', 'nike', 'instagram'],
    ['www.instagram.com/nike', 'nike', 'instagram'],
    ['m.instagram.com/nike/', 'nike', 'instagram'],
    ['http://instagram.com/some.creator_1#top', 'some.creator_1', 'instagram'],
    ['https://www.instagram.com/stories/nike/3456/', 'nike', 'instagram'],
    ['https://www.tiktok.com/@khaby.lame', 'khaby.lame', 'tiktok'],
    ['tiktok.com/@Khaby.Lame?lang=en', 'khaby.lame', 'tiktok'],
    ['https://www.tiktok.com/@khaby.lame/video/7633870659864644895', 'khaby.lame', 'tiktok'],
    ['https://www.youtube.com/@MrBeast', 'mrbeast', 'youtube'],
    ['https://m.youtube.com/@MrBeast/videos', 'mrbeast', 'youtube'],
    ['https://www.youtube.com/channel/UCX6OQ3DkcsbYNE6H8uQQuVA', 'UCX6OQ3DkcsbYNE6H8uQQuVA', 'youtube'],
    ['youtube.com/c/MrBeast6000', 'mrbeast6000', 'youtube'],
    ['https://www.youtube.com/user/PewDiePie', 'pewdiepie', 'youtube'],
    ['https://x.com/elonmusk', 'elonmusk', 'twitter'],
    ['https://twitter.com/ElonMusk/status/123456', 'elonmusk', 'twitter'],
    ['mobile.twitter.com/jack', 'jack', 'twitter'],
    ['https://www.twitch.tv/KaiCenat', 'kaicenat', 'twitch'],
    ['twitch.tv/kaicenat/videos', 'kaicenat', 'twitch'],
    ['https://onlyfans.com/some_creator', 'some_creator', 'onlyfans'],
    ['https://www.snapchat.com/add/djkhaled305', 'djkhaled305', 'snapchat'],
    ['snapchat.com/@djkhaled305', 'djkhaled305', 'snapchat'],
    ['https://www.pinterest.com/nike/', 'nike', 'pinterest'],
    ['https://uk.pinterest.com/nike/shoes/', 'nike', 'pinterest'],
    ['pinterest.co.uk/nike', 'nike', 'pinterest'],
    ['https://www.facebook.com/nike', 'nike', 'facebook'],
    ['https://m.facebook.com/profile.php?id=100004', '100004', 'facebook'],
    ['https://www.linkedin.com/in/williamhgates/', 'williamhgates', 'linkedin'],
    ['linkedin.com/in/J%C3%B6rg-Meier', 'jörg-meier', 'linkedin'],
  ] as const)('%s', (input, h, platform) => {
    expect(parseCreatorRef(input)).toEqual(handle(h, platform));
  });

  it('ignores the default platform for links: the link says its own', () => {
    expect(parseCreatorRef('https://www.tiktok.com/@x', 'youtube')).toEqual(handle('x', 'tiktok'));
  });

  it('unwraps links the way Slack sends them', () => {
    expect(parseCreatorRef('<https://www.instagram.com/nike/|instagram.com/nike>')).toEqual(
      handle('nike', 'instagram'),
    );
    expect(parseCreatorRef('<https://x.com/jack>')).toEqual(handle('jack', 'twitter'));
  });
});

describe('links that name no creator are refused with a reason', () => {
  it.each([
    ['https://www.instagram.com/p/C9xYz123/', /Instagram post/],
    ['https://www.instagram.com/reel/C9xYz123/', /Instagram post/],
    ['https://www.tiktok.com/video/7633870659864644895', /TikTok video/],
    ['https://www.tiktok.com/khaby.lame', /tiktok\.com\/@/],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', /video/],
    ['https://www.youtube.com/shorts/abc', /video/],
    ['https://youtu.be/dQw4w9WgXcQ', /YouTube video/],
    ['https://www.youtube.com/channel/not-an-id', /channel id/],
    ['https://vm.tiktok.com/ZM123/', /short link/],
    ['https://x.com/home', /page on X \(Twitter\)/],
    ['https://x.com/search?q=shoes', /page on X/],
    ['https://www.twitch.tv/directory', /page on Twitch/],
    ['https://www.linkedin.com/company/microsoft', /company page/],
    ['https://www.facebook.com/groups/123', /Facebook/],
    ['https://discord.gg/abcdef', /Discord/],
    ['https://www.instagram.com/', /no profile/],
    ['https://example.com/nike', /not a link to a supported platform/],
    ['ftp://instagram.com/nike', /web link/],
  ])('%s', (input, reason) => {
    const result = parseCreatorRef(input);
    expect(result.kind).toBe('error');
    expect(result.kind === 'error' && result.reason).toMatch(reason);
  });
});

describe('handles', () => {
  it('a bare handle is Instagram unless a platform is given; @ is stripped; case folds', () => {
    expect(parseCreatorRef('Nike')).toEqual(handle('nike', 'instagram', false));
    expect(parseCreatorRef('@Nike')).toEqual(handle('nike', 'instagram', false));
    expect(parseCreatorRef('  @MrBeast ', 'youtube')).toEqual(handle('mrbeast', 'youtube', false));
    expect(parseCreatorRef('kaicenat', 'twitch')).toEqual(handle('kaicenat', 'twitch', false));
  });

  it('a bare YouTube channel id says YouTube by itself and keeps its case', () => {
    expect(parseCreatorRef('UCX6OQ3DkcsbYNE6H8uQQuVA')).toEqual(
      handle('UCX6OQ3DkcsbYNE6H8uQQuVA', 'youtube', true),
    );
  });

  it('refuses spaces, garbage and reserved names', () => {
    for (const [input, platform] of [
      ['two words', undefined],
      ['@', undefined],
      ['...', undefined],
      ['nike!', undefined],
      ['drop;table', undefined],
      ['explore', 'instagram'],
      ['home', 'twitter'],
      ['has.dot', 'twitter'],
      ['a'.repeat(31), 'instagram'],
    ] as const) {
      expect(parseCreatorRef(input, platform).kind, input).toBe('error');
    }
  });

  it('normalizeHandle lower-cases everything but YouTube channel ids', () => {
    expect(normalizeHandle('instagram', ' @Nike ')).toBe('nike');
    expect(normalizeHandle('youtube', '@MrBeast')).toBe('mrbeast');
    expect(normalizeHandle('youtube', 'UCX6OQ3DkcsbYNE6H8uQQuVA')).toBe('UCX6OQ3DkcsbYNE6H8uQQuVA');
    expect(normalizeHandle('linkedin', 'Bill-Gates')).toBe('bill-gates');
  });
});

describe('emails', () => {
  it('are lower-cased and trimmed, also from Slack mailto links', () => {
    expect(parseCreatorRef('  Hello@Example-Creator.TEST ')).toEqual({
      kind: 'email',
      email: 'hello@example-creator.test',
    });
    expect(parseCreatorRef('<mailto:Hi@Brand.co|Hi@Brand.co>')).toEqual({
      kind: 'email',
      email: 'hi@brand.co',
    });
    expect(parseCreatorRef('mailto:a.b+c@d.io')).toEqual({ kind: 'email', email: 'a.b+c@d.io' });
  });

  it('malformed addresses are refused', () => {
    for (const input of ['a@b', 'a@@b.com', 'a b@c.com']) {
      expect(parseCreatorRef(input).kind, input).toBe('error');
    }
  });

  it('empty input asks for something', () => {
    expect(parseCreatorRef('   ')).toMatchObject({
      kind: 'error',
      reason: expect.stringMatching(/profile link/),
    });
  });
});

describe('property: a profile link of any valid handle parses back to that handle', () => {
  /** Handle-ish strings from each platform's usual alphabet, mixed case. */
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-';
  const handleish = fc
    .array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 30 })
    .map((chars) => chars.join(''));
  const channelId = fc
    .array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-'), {
      minLength: 22,
      maxLength: 22,
    })
    .map((chars) => `UC${chars.join('')}`);
  const linkable = PLATFORMS.filter((p) => p !== 'discord');

  it('parseCreatorRef(profileUrlFor(p, h)) = (p, normalizeHandle(p, h))', () => {
    fc.assert(
      fc.property(fc.constantFrom(...linkable), fc.oneof(handleish, channelId), (platform, h) => {
        // only handles the platform accepts (the bare form is the judge)
        fc.pre(handleProblem(platform, normalizeHandle(platform, h)) === null);
        const url = profileUrlFor(platform, h);
        expect(url).not.toBeNull();
        expect(parseCreatorRef(url!)).toEqual({
          kind: 'handle',
          handle: normalizeHandle(platform, h),
          platform,
          platformFromInput: true,
        });
        // and the bare handle with the platform given agrees
        expect(parseCreatorRef(`@${h}`, platform)).toMatchObject({
          handle: normalizeHandle(platform, h),
          platform,
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('normalizeHandle is idempotent', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PLATFORMS), fc.oneof(handleish, channelId), (platform, h) => {
        const once = normalizeHandle(platform, h);
        expect(normalizeHandle(platform, once)).toBe(once);
      }),
    );
  });

  it('never throws, whatever is typed', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.option(fc.constantFrom(...PLATFORMS), { nil: undefined }),
        (input, platform) => {
          const result = parseCreatorRef(input, platform);
          expect(['handle', 'email', 'error']).toContain(result.kind);
        },
      ),
    );
    fc.assert(
      fc.property(fc.webUrl(), (url) => {
        expect(['handle', 'email', 'error']).toContain(parseCreatorRef(url).kind);
      }),
    );
  });
});

describe('Slack mentions are never creators', () => {
  it.each([
    ['<@U0123ABCD>', 'a person'],
    ['<@W0123ABCD|maya>', 'a person'],
    ['<#C0123ABCD|general>', 'a channel'],
    ['<!subteam^S0123ABCD|@marketing>', 'a user group'],
    ['<!channel>', 'everyone'],
    ['<!here|here>', 'everyone'],
  ])('refuses %s as a mention of %s', (input, what) => {
    const ref = parseCreatorRef(input);
    expect(ref.kind).toBe('error');
    expect(ref.kind === 'error' && ref.reason).toContain(`Slack mention of ${what}`);
  });

  it('still reads a wrapped profile link and a plain @handle', () => {
    expect(parseCreatorRef('<https://www.instagram.com/maya.moves/>')).toMatchObject({
      kind: 'handle',
      handle: 'maya.moves',
    });
    expect(parseCreatorRef('@u0123abcd')).toMatchObject({ kind: 'handle', handle: 'u0123abcd' });
  });
});
