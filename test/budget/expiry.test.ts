import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockApi } from '../../mock-api/server.ts';
import type { SpendRequest } from '../../src/budget/guard.ts';
import { budgetKeys } from '../../src/budget/keys.ts';
import type { EnrichFullRequest, Paid } from '../../src/ic/schemas.ts';
import { backends, cleanUpBackends, openRig, type Rig, startApi, TestClock } from './backends.ts';

/**
 * Crash windows: a process that dies holding a reservation (a lookup mid-call, an export, a batch
 * whose job was lost) must not hold the workspace's budget and the account's in-flight credits
 * forever. Two rigs on one store play the crashed process and the one that restarts.
 */

const TEAM = 'T0CRASH';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ENTRY = {
  user: 'U0ALICE',
  feature: 'export',
  operation: 'discovery',
  summary: 'export of 40',
} as const;

let api: MockApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
  await cleanUpBackends();
});

/** A lookup whose process dies mid-call: the call never returns, nobody settles. */
function hangingLookup(): SpendRequest<unknown> {
  const params: EnrichFullRequest = { platform: 'instagram', handle: 'maya.moves' };
  return {
    team: TEAM,
    user: 'U0ALICE',
    feature: 'creator',
    operation: 'enrich_full',
    params,
    summary: '@maya.moves',
    call: () => new Promise(() => {}),
  };
}

describe.each(backends)('reservation expiry on $name', (backend) => {
  async function pair(): Promise<{
    crashed: Rig;
    restarted: Rig;
    clock: TestClock;
    close: () => Promise<void>;
  }> {
    const place = backend.fresh();
    const clock = new TestClock('2026-11-10T12:00:00Z');
    const crashed = await openRig(place, api, { clock });
    const restarted = await openRig(place, api, { clock });
    return {
      crashed,
      restarted,
      clock,
      close: async () => {
        await crashed.store.close();
        await restarted.store.close();
      },
    };
  }
  const inFlight = (rig: Rig) => rig.store.atomic.read(budgetKeys.accountInFlight);

  it('a lookup that never settles is released after its expiry, and logged', async () => {
    const { crashed, restarted, clock, close } = await pair();
    void crashed.guard.spend(hangingLookup());
    await expect.poll(() => inFlight(restarted)).toBe(1000);
    expect(await restarted.guard.status(TEAM)).toMatchObject({ committed: 1, reserved: 1 });

    clock.advance(10 * MINUTE);
    expect(await restarted.guard.releaseExpired()).toBe(0);
    clock.advance(6 * MINUTE);
    expect(await restarted.guard.releaseExpired()).toBe(1);
    expect(await restarted.guard.status(TEAM)).toMatchObject({ committed: 0, reserved: 0, spent: 0 });
    expect(await inFlight(restarted)).toBe(0);
    expect(restarted.logs.join('')).toMatch(/released an expired reservation/);
    expect(await restarted.guard.releaseExpired()).toBe(0);
    await close();
  });

  it('an export that crashed keeps what it recorded and frees the rest after a day', async () => {
    const { crashed, restarted, clock, close } = await pair();
    const reservation = await crashed.guard.reserve(TEAM, 40);
    await crashed.guard.progress(reservation, 15, ENTRY);
    clock.advance(23 * HOUR);
    expect(await restarted.guard.releaseExpired()).toBe(0);
    clock.advance(2 * HOUR);
    expect(await restarted.guard.releaseExpired()).toBe(1);
    expect(await restarted.guard.status(TEAM)).toMatchObject({ committed: 15, spent: 15, reserved: 0 });
    expect(await inFlight(restarted)).toBe(0);
    await close();
  });

  it('progress pushes the expiry back: a running batch is not released', async () => {
    const { crashed, restarted, clock, close } = await pair();
    const reservation = await crashed.guard.reserve(TEAM, 40);
    clock.advance(20 * HOUR);
    await crashed.guard.progress(reservation, 5, ENTRY);
    clock.advance(20 * HOUR);
    expect(await restarted.guard.releaseExpired()).toBe(0);
    expect(await restarted.guard.status(TEAM)).toMatchObject({ committed: 40, spent: 5, reserved: 35 });
    await close();
  });

  it('a late settle after the release records the real spend once and frees nothing twice', async () => {
    const { crashed, restarted, clock, close } = await pair();
    const reservation = await crashed.guard.reserve(TEAM, 40);
    await crashed.guard.progress(reservation, 10, ENTRY);
    clock.advance(25 * HOUR);
    expect(await restarted.guard.releaseExpired()).toBe(1);
    expect(await crashed.guard.progress(reservation, 20, ENTRY)).toBe(10);
    expect(await crashed.guard.settle(reservation, 30, ENTRY)).toBe(true);
    expect(await crashed.guard.status(TEAM)).toMatchObject({ committed: 30, spent: 30, reserved: 0 });
    expect(await inFlight(crashed)).toBe(0);
    expect(await crashed.guard.settle(reservation, 30, ENTRY)).toBe(false);
    expect(await crashed.guard.status(TEAM)).toMatchObject({ committed: 30, spent: 30 });
    await close();
  });

  it('a lookup that settles leaves nothing to release; one that answers after its release is still counted', async () => {
    const { crashed, restarted, clock, close } = await pair();
    const params: EnrichFullRequest = { platform: 'instagram', handle: 'maya.moves' };
    await crashed.guard.spend({ ...hangingLookup(), call: () => crashed.ic.enrichHandleFull(params) });
    clock.advance(HOUR);
    expect(await restarted.guard.releaseExpired()).toBe(0);
    expect(await restarted.guard.status(TEAM)).toMatchObject({ committed: 1, spent: 1 });

    let answer: (value: Paid<unknown>) => void = () => {};
    const slow = crashed.guard.spend({
      ...hangingLookup(),
      call: () =>
        new Promise<Paid<unknown>>((resolve) => {
          answer = resolve;
        }),
    });
    await expect.poll(() => inFlight(restarted)).toBe(1000);
    clock.advance(16 * MINUTE);
    expect(await restarted.guard.releaseExpired()).toBe(1);
    expect(await inFlight(restarted)).toBe(0);
    answer({ data: {}, creditsCost: 1 });
    await slow;
    expect(await restarted.guard.status(TEAM)).toMatchObject({ committed: 2, spent: 2, reserved: 0 });
    expect(await inFlight(restarted)).toBe(0);
    await close();
  });

  it('a settled reservation is never released', async () => {
    const { crashed, restarted, clock, close } = await pair();
    const reservation = await crashed.guard.reserve(TEAM, 40);
    await crashed.guard.settle(reservation, 12, ENTRY);
    clock.advance(48 * HOUR);
    expect(await restarted.guard.releaseExpired()).toBe(0);
    expect(await restarted.guard.status(TEAM)).toMatchObject({ committed: 12, spent: 12 });
    await close();
  });
});
