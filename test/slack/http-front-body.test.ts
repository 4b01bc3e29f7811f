import { describe, expect, it } from 'vitest';
import { checkBody } from '../../src/slack/http-front.ts';

const FORM = 'application/x-www-form-urlencoded';

/** The front refuses what Bolt cannot dispatch, and hands Bolt its own reading of the rest. */
describe('checkBody', () => {
  it('hands Bolt a command form and an interaction payload as Bolt parses them', () => {
    expect(checkBody('command=%2Fcreator&text=%40a&team_id=T1', FORM)).toEqual({
      dispatchable: true,
      parsed: { command: '/creator', text: '@a', team_id: 'T1' },
    });
    const payload = encodeURIComponent(JSON.stringify({ type: 'block_actions', team: { id: 'T1' } }));
    expect(checkBody(`payload=${payload}`, FORM)).toEqual({
      dispatchable: true,
      parsed: { type: 'block_actions', team: { id: 'T1' } },
    });
    expect(checkBody('{"type":"event_callback"}', 'application/json')).toEqual({
      dispatchable: true,
      parsed: { type: 'event_callback' },
    });
  });

  it('leaves Bolt to read an ssl_check or a form under another content type itself', () => {
    expect(checkBody('ssl_check=1&token=x', FORM)).toEqual({ dispatchable: true });
    expect(checkBody('command=%2Fcreator', `${FORM}; charset=utf-8`)).toEqual({ dispatchable: true });
  });

  it('refuses malformed payloads', () => {
    for (const [body, type] of [
      ['payload=null', FORM],
      ['payload=%5B1%5D', FORM],
      ['payload=%7Bnot-json', FORM],
      ['payload=a&payload=b', FORM],
      ['text=no-command', FORM],
      ['null', 'application/json'],
      ['[1]', 'application/json'],
      ['{', 'application/json'],
    ] as const) {
      expect(checkBody(body, type), body).toEqual({ dispatchable: false });
    }
  });
});
