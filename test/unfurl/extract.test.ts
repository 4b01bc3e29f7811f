import { describe, expect, it } from 'vitest';
import { creatorsInText } from '../../src/shortcut/extract.ts';

describe('creatorsInText', () => {
  it('finds profile links, @handles and emails, once each, in order', () => {
    const text =
      'Shortlist: <https://www.instagram.com/Maya.Moves/|instagram.com/maya.moves>, @chef_lu and ' +
      '<mailto:hello@studio.example|hello@studio.example>. Also https://www.tiktok.com/@dancer_1 and @maya.moves again.';
    expect(creatorsInText(text)).toEqual([
      { kind: 'handle', platform: 'instagram', handle: 'maya.moves', guessed: false },
      { kind: 'email', email: 'hello@studio.example' },
      { kind: 'handle', platform: 'tiktok', handle: 'dancer_1', guessed: false },
      { kind: 'handle', platform: 'instagram', handle: 'chef_lu', guessed: true },
    ]);
  });

  it('never takes a Slack mention, a broadcast, a post link or another site for a creator', () => {
    const text =
      'cc <@U0123ABCD> in <#C0ABC|marketing> <!here> @channel <!subteam^S0ABC|@team> ' +
      '<https://www.instagram.com/p/ABC123/> https://example.com/@someone';
    expect(creatorsInText(text)).toEqual([]);
  });
});
