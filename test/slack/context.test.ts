import { describe, expect, it } from 'vitest';
import { MissingTeamError, slackContext } from '../../src/slack/context.ts';

describe('slackContext', () => {
  it('reads a slash command body', () => {
    expect(
      slackContext({
        team_id: 'T1',
        enterprise_id: 'E1',
        user_id: 'U1',
        channel_id: 'C1',
        command: '/creator',
      }),
    ).toEqual({ teamId: 'T1', enterpriseId: 'E1', userId: 'U1', channelId: 'C1' });
  });

  it('reads flat bodies as the schema does (absent fields, empty or repeated ids)', () => {
    expect(slackContext({ team_id: 'T1', command: '/creator' })).toEqual({
      teamId: 'T1',
      enterpriseId: null,
      userId: '',
      channelId: null,
    });
    expect(slackContext({ team_id: 'T1', enterprise_id: null, user_id: 'U1' }).enterpriseId).toBeNull();
    expect(() => slackContext({ team_id: '', user_id: 'U1' })).toThrow(MissingTeamError);
    expect(() => slackContext({ user_id: 'U1', command: '/creator' })).toThrow(MissingTeamError);
    // a field the schema refuses makes the whole body unreadable, flat or not
    expect(() => slackContext({ team_id: 'T1', user_id: '' })).toThrow(MissingTeamError);
    expect(() => slackContext({ team_id: 'T1', channel_id: ['C1', 'C2'] })).toThrow(MissingTeamError);
    expect(() => slackContext({ team_id: 'T1', type: 7 })).toThrow(MissingTeamError);
  });

  it('reads a block action (team object, user, container channel)', () => {
    expect(
      slackContext({
        type: 'block_actions',
        team: { id: 'T2', domain: 'x' },
        enterprise: null,
        user: { id: 'U2', team_id: 'T2' },
        container: { type: 'message', channel_id: 'C2' },
      }),
    ).toEqual({ teamId: 'T2', enterpriseId: null, userId: 'U2', channelId: 'C2' });
  });

  it('falls back to the user team, then the view team (view submissions, suggestions)', () => {
    expect(
      slackContext({ type: 'view_submission', team: null, user: { id: 'U3', team_id: 'T3' } }).teamId,
    ).toBe('T3');
    expect(
      slackContext({ type: 'block_suggestion', user: { id: 'U3' }, view: { team_id: 'T4' } }).teamId,
    ).toBe('T4');
  });

  it('reads an event envelope (event.user, event.channel)', () => {
    expect(
      slackContext({
        type: 'event_callback',
        team_id: 'T5',
        event: { type: 'file_shared', user_id: 'U5', channel_id: 'C5' },
      }),
    ).toEqual({ teamId: 'T5', enterpriseId: null, userId: 'U5', channelId: 'C5' });
    expect(
      slackContext({ team_id: 'T6', event: { type: 'message', user: 'U6', channel: 'C6' } }),
    ).toMatchObject({
      userId: 'U6',
      channelId: 'C6',
    });
  });

  it('refuses a payload without a team id instead of using an empty workspace', () => {
    expect(() => slackContext({ type: 'block_actions', user: { id: 'U1' } })).toThrow(MissingTeamError);
    expect(() => slackContext({ team_id: '', user_id: 'U1' })).toThrow(MissingTeamError);
    expect(() => slackContext(null)).toThrow(MissingTeamError);
    expect(() => slackContext('nonsense')).toThrow(/without a team id/);
  });
});
