import { App, type Receiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { listenersOfItsKind } from '../../src/slack/listeners-by-kind.ts';

/** Each request reaches the listeners of its kind, as without the middleware, and only those run. */
describe('listenersOfItsKind', () => {
  async function appWithListeners() {
    const receiver: Receiver = { init: () => {}, start: async () => {}, stop: async () => {} };
    const app = new App({
      token: 'xoxb-test',
      botId: 'B1',
      botUserId: 'UB1',
      receiver,
      deferInitialization: true,
      tokenVerificationEnabled: false,
    });
    await app.init();
    const heard: string[] = [];
    app.command('/one', async ({ ack }) => {
      heard.push('command /one');
      await ack();
    });
    app.command('/two', async ({ ack }) => {
      heard.push('command /two');
      await ack();
    });
    app.action('button', async ({ ack }) => {
      heard.push('action button');
      await ack();
    });
    app.view('modal', async ({ ack }) => {
      heard.push('view modal');
      await ack();
    });
    app.event('app_home_opened', async () => {
      heard.push('event app_home_opened');
    });
    app.use(listenersOfItsKind(app));
    // registered after the middleware: still dispatched
    app.options('picker', async ({ ack }) => {
      heard.push('options picker');
      await ack({ options: [] });
    });
    return { app, heard };
  }

  const who = { team: { id: 'T1' }, user: { id: 'U1', team_id: 'T1' } };
  const bodies = {
    command: { command: '/two', team_id: 'T1', user_id: 'U1', channel_id: 'C1', text: '' },
    action: {
      type: 'block_actions',
      ...who,
      actions: [{ action_id: 'button', block_id: 'b', type: 'button' }],
    },
    view: { type: 'view_submission', ...who, view: { callback_id: 'modal', id: 'V1' } },
    options: { type: 'block_suggestion', ...who, action_id: 'picker', block_id: 'b', value: '' },
    event: {
      type: 'event_callback',
      team_id: 'T1',
      event_id: 'Ev1',
      event: { type: 'app_home_opened', user: 'U1', channel: 'D1' },
    },
  };

  it.each([
    ['command', 'command /two'],
    ['action', 'action button'],
    ['view', 'view modal'],
    ['options', 'options picker'],
    ['event', 'event app_home_opened'],
  ] as const)('a %s reaches its listener and no other', async (kind, expected) => {
    const { app, heard } = await appWithListeners();
    let acked = 0;
    await app.processEvent({ body: bodies[kind], ack: async () => void acked++ });
    expect(heard).toEqual([expected]);
    expect(acked).toBe(1);
  });

  it('hands Bolt its own listener list back after each request', async () => {
    const { app } = await appWithListeners();
    const listeners = () => (app as unknown as { listeners: unknown[] }).listeners;
    const before = listeners();
    await app.processEvent({ body: bodies.command, ack: async () => {} });
    expect(listeners()).toBe(before);
    expect(listeners()).toHaveLength(6);
  });
});
