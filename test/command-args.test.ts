import { describe, expect, it } from 'vitest';
import { platformFromWord } from '../src/creator-ref.ts';
import { PLATFORMS, SIMILAR_PLATFORMS } from '../src/ic/platforms.ts';
import { parseLookupArgs } from '../src/slack/command-args.ts';

const all = { platforms: PLATFORMS, allowEmail: true, keywords: ['advanced'] };

describe('parseLookupArgs', () => {
  it.each(['', '   ', 'help', 'HELP', '?'])('asks for usage on %j', (text) => {
    expect(parseLookupArgs(text, all)).toEqual({ kind: 'help' });
  });

  it('defaults a bare handle to Instagram and strips the @', () => {
    expect(parseLookupArgs('@Example_Creator', all)).toMatchObject({
      kind: 'lookup',
      ref: { kind: 'handle', handle: 'example_creator', platform: 'instagram' },
    });
  });

  it('takes the platform from a trailing word or alias', () => {
    expect(parseLookupArgs('@someone tiktok', all)).toMatchObject({
      ref: { handle: 'someone', platform: 'tiktok' },
    });
    expect(parseLookupArgs('someone yt', all)).toMatchObject({ ref: { platform: 'youtube' } });
    expect(parseLookupArgs('tiktok', all)).toMatchObject({
      ref: { handle: 'tiktok', platform: 'instagram' },
    });
  });

  it('reads profile links and keywords', () => {
    expect(parseLookupArgs('https://www.tiktok.com/@khaby', all)).toMatchObject({
      ref: { handle: 'khaby', platform: 'tiktok' },
    });
    expect(parseLookupArgs('Hello@Example.test advanced', all)).toMatchObject({
      kind: 'lookup',
      ref: { kind: 'email', email: 'hello@example.test' },
      keywords: ['advanced'],
    });
  });

  it('explains what is wrong instead of guessing', () => {
    const conflict = parseLookupArgs('https://www.tiktok.com/@khaby instagram', all);
    expect(conflict).toMatchObject({ kind: 'error' });
    expect((conflict as { message: string }).message).toMatch(/TikTok profile, but you asked for Instagram/);
    expect(parseLookupArgs('one two three', all)).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/One creator at a time/),
    });
    expect(parseLookupArgs('a@b.test', { platforms: PLATFORMS })).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/not an email/),
    });
    expect(parseLookupArgs('@someone twitter', { platforms: SIMILAR_PLATFORMS })).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/not supported here/),
    });
  });

  it('knows platform words', () => {
    expect(platformFromWord('X')).toBe('twitter');
    expect(platformFromWord('Insta')).toBe('instagram');
    expect(platformFromWord('myspace')).toBeNull();
  });
});
