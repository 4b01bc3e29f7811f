import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { MockApi } from '../../mock-api/server.ts';
import {
  AccountCreditsError,
  BudgetExceededError,
  type SpendRequest,
  type ThresholdCrossing,
} from '../../src/budget/guard.ts';
import { budgetKeys } from '../../src/budget/keys.ts';
import { writeSettings } from '../../src/budget/settings.ts';
import { IcMalformedResponseError, IcNotFoundError, IcUpstreamError } from '../../src/ic/errors.ts';
import type { DiscoveryRequest, EnrichFullRequest } from '../../src/ic/schemas.ts';
import { describeFailure } from '../../views/errors.ts';
import { describeEach } from '../support/skip.ts';
import { backends, cleanUpBackends, openRig, type Rig, startApi, TestClock } from './backends.ts';

/**
 * The budget guard on the real store (SQLite file, Redis) against the API double through the real
 * client. Only the clock is controlled, to cross month boundaries.
 */

const TEAM = 'T0BUDGET';
const CREDITS = '/public/v1/accounts/credits/';

let api: MockApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
  await cleanUpBackends();
});

const paidRequests = () => api.requests.filter((r) => r.path !== CREDITS);

function enrich(rig: Rig, handle: string, user = 'U0ALICE'): SpendRequest<unknown> {
  const params: EnrichFullRequest = { platform: 'instagram', handle };
  return {
    team: TEAM,
    user,
    feature: 'creator',
    operation: 'enrich_full',
    params,
    summary: `@${handle} on Instagram`,
    call: () => rig.ic.enrichHandleFull(params),
  };
}

describeEach(backends, 'budget guard on $name', (backend) => {
  let rigs: Rig[] = [];
  let clock: TestClock;

  async function rig(options: Parameters<typeof openRig>[2] = {}, place = backend.fresh()): Promise<Rig> {
    const opened = await openRig(place, api, { clock, ...options });
    rigs.push(opened);
    return opened;
  }

  beforeEach(() => {
    api.reset();
    clock = new TestClock('2026-11-10T12:00:00Z');
  });
  afterEach(async () => {
    for (const r of rigs) await r.guard.flush();
    await Promise.all(rigs.map((r) => r.store.close()));
    rigs = [];
  });

  it('spends through the guard: settles to the real cost and records who spent what on which feature', async () => {
    const r = await rig();
    const result = await r.guard.spend(enrich(r, 'maya.moves'));
    expect(result).toMatchObject({ creditsCost: 1, estimate: 1 });
    expect(api.ledger.used).toBe(1);

    const status = await r.guard.status(TEAM);
    expect(status).toMatchObject({
      month: '2026-11',
      limit: 500,
      committed: 1,
      spent: 1,
      reserved: 0,
      remaining: 499,
    });
    expect(await r.guard.breakdown(TEAM)).toEqual({ byUser: { U0ALICE: 1 }, byFeature: { creator: 1 } });
    const [entry] = await r.guard.recentSpend(TEAM);
    expect(entry).toEqual({
      at: clock.now,
      team: TEAM,
      user: 'U0ALICE',
      feature: 'creator',
      operation: 'enrich_full',
      summary: '@maya.moves on Instagram',
      estimate: 1,
      actual: 1,
    });
    // The account hold is released once settled.
    expect(await r.store.atomic.read(budgetKeys.accountInFlight)).toBe(0);
  });

  it('reserves the most a call can cost and settles to what the API charged', async () => {
    const r = await rig();
    // Discovery is charged per creator returned (api-ref#credits): the estimate is a full page of 50.
    const params: DiscoveryRequest = {
      platform: 'instagram',
      paging: { limit: 50, page: 0 },
      filters: { number_of_followers: { min: 10_000_000 } },
    } as DiscoveryRequest;
    const result = await r.guard.spend({
      team: TEAM,
      user: 'U0BOB',
      feature: 'discover',
      operation: 'discovery',
      params,
      summary: 'discovery: 10M+ followers',
      call: () => r.ic.discover(params),
    });
    expect(result.estimate).toBe(0.5);
    expect(result.creditsCost).toBe(api.ledger.used);
    expect(result.creditsCost).toBeLessThan(result.estimate);
    const status = await r.guard.status(TEAM);
    expect(status.committed).toBe(api.ledger.used);
    expect(status.spent).toBe(api.ledger.used);
    expect(status.reserved).toBe(0);
  });

  it('refuses a call the budget cannot cover: nothing is called or spent, and the message says why', async () => {
    const r = await rig();
    await writeSettings(r.store, TEAM, { budget: 0.4 });
    const before = await r.guard.status(TEAM);
    const error = await r.guard.spend(enrich(r, 'maya.moves')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(paidRequests()).toHaveLength(0);
    expect(api.requests).toHaveLength(0);
    expect(api.ledger.used).toBe(0);
    expect(await r.guard.status(TEAM)).toEqual(before);
    expect(await r.guard.recentSpend(TEAM)).toEqual([]);

    const message = describeFailure(error, 'this lookup');
    expect(message.charged).toBe('no');
    expect(message.text).toContain(
      "This lookup costs about 1 credit; this workspace has 0.4 of 0.4 left for November. Workspace admins can raise the budget in Scout's Home tab.",
    );
    expect(message.text).toContain('Nothing was charged.');
  });

  it('refuses when the Influencers Club account cannot cover the call, and releases the budget', async () => {
    const r = await rig();
    api.setCredits(0.5);
    const error = await r.guard.spend(enrich(r, 'maya.moves')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountCreditsError);
    expect((error as AccountCreditsError).available).toBe(0.5);
    expect(paidRequests()).toHaveLength(0);
    expect((await r.guard.status(TEAM)).committed).toBe(0);
    expect(describeFailure(error, 'this lookup').text).toMatch(/account has 0\.5 credits left/);
  });

  it('releases a call that failed without data (5xx, no data): nothing counted', async () => {
    const r = await rig();
    await expect(r.guard.spend(enrich(r, 'fault_500_a'))).rejects.toBeInstanceOf(IcUpstreamError);
    await expect(r.guard.spend(enrich(r, 'ghost_nobody'))).rejects.toBeInstanceOf(IcNotFoundError);
    expect(api.ledger.used).toBe(0);
    expect(await r.guard.status(TEAM)).toMatchObject({ committed: 0, spent: 0, reserved: 0 });
    expect(await r.guard.recentSpend(TEAM)).toEqual([]);
    expect(await r.store.atomic.read(budgetKeys.accountInFlight)).toBe(0);
  });

  it('counts a call that may have been billed (a 200 it could not read) at its estimate, flagged uncertain', async () => {
    const r = await rig();
    const error = await r.guard.spend(enrich(r, 'fault_malformed_a')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IcMalformedResponseError);
    expect((error as IcMalformedResponseError).mayHaveCharged).toBe(true);
    // The double did charge it: the guard must not under-count.
    expect(api.ledger.used).toBe(1);
    expect(await r.guard.status(TEAM)).toMatchObject({ committed: 1, spent: 1 });
    const [entry] = await r.guard.recentSpend(TEAM);
    expect(entry).toMatchObject({ actual: 1, estimate: 1, uncertain: true });
    expect(r.logs.join('')).toMatch(/counted at its estimate/);
  });

  it('counts a timeout on a paid call at its estimate', async () => {
    const slowApi = await startApi({ slowMs: 300 });
    try {
      const r = await openRig(backend.fresh(), slowApi, { clock, timeoutMs: 50 });
      rigs.push(r);
      const error = await r.guard.spend(enrich(r, 'fault_slow_a')).catch((e: unknown) => e);
      expect((error as { mayHaveCharged?: boolean }).mayHaveCharged).toBe(true);
      expect(await r.guard.status(TEAM)).toMatchObject({ committed: 1, spent: 1 });
      expect((await r.guard.recentSpend(TEAM))[0]?.uncertain).toBe(true);
    } finally {
      await slowApi.close();
    }
  });

  it('starts each calendar month (UTC) afresh', async () => {
    const r = await rig();
    await writeSettings(r.store, TEAM, { budget: 2 });
    clock.set('2026-11-30T23:59:00Z');
    await r.guard.spend(enrich(r, 'a1'));
    await r.guard.spend(enrich(r, 'a2'));
    await expect(r.guard.spend(enrich(r, 'a3'))).rejects.toBeInstanceOf(BudgetExceededError);
    expect(api.ledger.used).toBe(2);

    clock.set('2026-12-01T00:00:00Z');
    expect(await r.guard.status(TEAM)).toMatchObject({ month: '2026-12', committed: 0, remaining: 2 });
    await r.guard.spend(enrich(r, 'a3'));
    expect(api.ledger.used).toBe(3);
    expect(await r.guard.status(TEAM, '2026-11')).toMatchObject({ committed: 2, spent: 2 });
    expect(await r.guard.status(TEAM)).toMatchObject({ committed: 1, spent: 1 });
  });

  it('keeps a batch reservation as plain data that another process settles after a restart, in the month it was made', async () => {
    const place = backend.fresh();
    const a = await rig({}, place);
    await writeSettings(a.store, TEAM, { budget: 100 });
    clock.set('2026-11-30T22:00:00Z');
    const reservation = await a.guard.reserve(TEAM, 40);
    const stored = JSON.stringify(reservation);
    expect(await a.guard.status(TEAM)).toMatchObject({
      committed: 40,
      spent: 0,
      reserved: 40,
      remaining: 60,
    });
    await a.store.close();
    rigs = rigs.filter((x) => x !== a);

    // "Restart": a new process on the same store, in December.
    clock.set('2026-12-01T08:00:00Z');
    const b = await rig({}, place);
    const restored = JSON.parse(stored);
    expect(await b.guard.progress(restored, 10, batchEntry)).toBe(10);
    expect(await b.guard.status(TEAM, '2026-11')).toMatchObject({ committed: 40, spent: 10, reserved: 30 });
    expect(await b.guard.settle(restored, 25, batchEntry)).toBe(true);
    expect(await b.guard.status(TEAM, '2026-11')).toMatchObject({ committed: 25, spent: 25, reserved: 0 });
    expect(await b.guard.status(TEAM)).toMatchObject({ month: '2026-12', committed: 0, spent: 0 });
    // Settling again (a retry after a crash, or a second poller) changes nothing.
    expect(await b.guard.settle(restored, 25, batchEntry)).toBe(false);
    expect(await b.guard.progress(restored, 30, batchEntry)).toBe(0);
    expect(await b.guard.status(TEAM, '2026-11')).toMatchObject({ committed: 25, spent: 25 });
    expect(await b.store.atomic.read(budgetKeys.accountInFlight)).toBe(0);
    expect(await b.guard.breakdown(TEAM, '2026-11')).toEqual({
      byUser: { U0BATCH: 25 },
      byFeature: { batch: 25 },
    });
  });

  it('settles a reservation stored without its id (older jobs), but cannot track its progress', async () => {
    const r = await rig();
    const { id: _id, ...legacy } = await r.guard.reserve(TEAM, 5);
    await expect(r.guard.progress(legacy, 1, batchEntry)).rejects.toThrow(/reservation id/);
    expect(await r.guard.settle(legacy, 2, batchEntry)).toBe(true);
    expect(await r.guard.status(TEAM)).toMatchObject({ committed: 2, spent: 2, reserved: 0 });
    expect(await r.store.atomic.read(budgetKeys.accountInFlight)).toBe(0);
  });

  it('records batch progress idempotently and frees the account hold as it goes', async () => {
    const r = await rig();
    const reservation = await r.guard.reserve(TEAM, 10);
    expect(await r.store.atomic.read(budgetKeys.accountInFlight)).toBe(10_000);
    expect(await r.guard.progress(reservation, 3, batchEntry)).toBe(3);
    expect(await r.guard.progress(reservation, 3, batchEntry)).toBe(0);
    expect(await r.guard.progress(reservation, 2, batchEntry)).toBe(0);
    expect(await r.store.atomic.read(budgetKeys.accountInFlight)).toBe(7_000);
    expect(await r.guard.status(TEAM)).toMatchObject({ committed: 10, spent: 3, reserved: 7 });
    // More than reserved (prices changed): the month's committed follows reality.
    expect(await r.guard.progress(reservation, 12, batchEntry)).toBe(9);
    expect(await r.guard.status(TEAM)).toMatchObject({ committed: 12, spent: 12, reserved: 0 });
    await r.guard.settle(reservation, 12, batchEntry);
    expect(await r.guard.status(TEAM)).toMatchObject({ committed: 12, spent: 12, reserved: 0 });
    expect(await r.store.atomic.read(budgetKeys.accountInFlight)).toBe(0);
    const [entry] = await r.guard.recentSpend(TEAM);
    expect(entry).toMatchObject({ feature: 'batch', estimate: 10, actual: 12 });
  });

  it('refuses a batch reservation beyond the budget, and rejects a malformed reservation', async () => {
    const r = await rig();
    await writeSettings(r.store, TEAM, { budget: 5 });
    await expect(r.guard.reserve(TEAM, 6)).rejects.toBeInstanceOf(BudgetExceededError);
    expect((await r.guard.status(TEAM)).committed).toBe(0);
    await expect(
      r.guard.settle({ team: TEAM, month: 'November', estimate: 1 } as never, 1, batchEntry),
    ).rejects.toThrow(TypeError);
    await expect(r.guard.reserve(TEAM, Number.NaN)).rejects.toThrow(RangeError);
  });

  it('asks /accounts/credits/ once for concurrent calls, keeps the balance current as Scout spends, and asks again when it expires', async () => {
    const r = await rig({ guard: { balanceTtlMs: 300 } });
    const credits = () => api.requests.filter((x) => x.path === CREDITS).length;
    await Promise.all([r.guard.accountBalance(), r.guard.accountBalance(), r.guard.accountBalance()]);
    expect(credits()).toBe(1);
    expect(await r.guard.accountBalance()).toMatchObject({ creditsAvailable: 1000, creditsUsed: 0 });
    await r.guard.spend(enrich(r, 'maya.moves'));
    const reservation = await r.guard.reserve(TEAM, 5);
    await r.guard.progress(reservation, 2, batchEntry);
    // Spending is taken off the cached copy: no extra request against the 300/min limit (api-ref#rate-limit).
    expect(await r.guard.accountBalance()).toMatchObject({ creditsAvailable: 997, creditsUsed: 3 });
    expect(credits()).toBe(1);
    // Spending outside Scout shows once the copy expires.
    api.setCredits(900);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await r.guard.accountBalance()).toMatchObject({ creditsAvailable: 900 });
    expect(credits()).toBe(2);
    await r.guard.settle(reservation, 2, batchEntry);
  });

  it('raises each threshold notice once a month, the highest when several are crossed at once, and again for a new budget', async () => {
    const crossings: ThresholdCrossing[] = [];
    const place = backend.fresh();
    const r = await rig({ onThreshold: async (c) => void crossings.push(c) }, place);
    await writeSettings(r.store, TEAM, { budget: 10 });
    for (let i = 0; i < 7; i++) await r.guard.spend(enrich(r, `t${i}`));
    await r.guard.flush();
    expect(crossings).toEqual([]);
    await r.guard.spend(enrich(r, 't7'));
    await r.guard.flush();
    expect(crossings.map((c) => c.threshold)).toEqual([80]);
    expect(crossings[0]?.status).toMatchObject({ committed: 8, limit: 10, month: '2026-11' });
    await r.guard.spend(enrich(r, 't8'));
    await r.guard.flush();
    expect(crossings).toHaveLength(1);
    await r.guard.spend(enrich(r, 't9'));
    await r.guard.flush();
    expect(crossings.map((c) => c.threshold)).toEqual([80, 100]);

    // A second process sharing the store does not repeat them.
    const other = await rig({ onThreshold: async (c) => void crossings.push(c) }, place);
    await expect(other.guard.spend(enrich(other, 'x'))).rejects.toBeInstanceOf(BudgetExceededError);
    await other.guard.flush();

    // An admin raises the budget to 11: 10/11 is over 80 % of the new budget: one new notice.
    await writeSettings(r.store, TEAM, { budget: 11 });
    await r.guard.spend(enrich(r, 't10'));
    await r.guard.flush();
    expect(crossings.map((c) => c.threshold)).toEqual([80, 100, 100]);

    // A batch reservation that jumps past both thresholds of another workspace: one notice, the highest.
    await r.guard.reserve('T0OTHER', 500);
    await r.guard.flush();
    expect(crossings.at(-1)).toMatchObject({ team: 'T0OTHER', threshold: 100 });
    expect(crossings.filter((c) => c.team === 'T0OTHER')).toHaveLength(1);
  });

  it('keeps the answer when the notice fails to post', async () => {
    const r = await rig({
      onThreshold: async () => {
        throw new Error('slack down');
      },
    });
    await writeSettings(r.store, TEAM, { budget: 1 });
    await expect(r.guard.spend(enrich(r, 'maya.moves'))).resolves.toMatchObject({ creditsCost: 1 });
    await r.guard.flush();
    expect(r.logs.join('')).toMatch(/budget notice could not be posted/);
  });

  it('tells every threshold listener, logs one that throws without stopping the others, and unsubscribes', async () => {
    const r = await rig();
    const heard: number[] = [];
    r.guard.onThresholdCrossed(() => {
      throw new Error('slack down');
    });
    const unsubscribe = r.guard.onThresholdCrossed((c) => void heard.push(c.threshold));
    await writeSettings(r.store, TEAM, { budget: 10 });
    for (let i = 0; i < 8; i++) await r.guard.spend(enrich(r, `s${i}`));
    await r.guard.flush();
    expect(heard).toEqual([80]);
    expect(r.logs.join('')).toMatch(/budget notice could not be posted/);
    unsubscribe();
    await r.guard.spend(enrich(r, 's8'));
    await r.guard.spend(enrich(r, 's9'));
    await r.guard.flush();
    expect(heard).toEqual([80]);
  });

  it('lets at most 10 of 100 concurrent paid calls through a budget of 10', async () => {
    const r = await rig();
    await writeSettings(r.store, TEAM, { budget: 10 });
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => r.guard.spend(enrich(r, `race${i}`))),
    );
    const passed = results.filter((x) => x.status === 'fulfilled');
    const refused = results.filter((x) => x.status === 'rejected' && x.reason instanceof BudgetExceededError);
    expect(passed).toHaveLength(10);
    expect(refused).toHaveLength(90);
    expect(paidRequests()).toHaveLength(10);
    expect(api.ledger.used).toBe(10);
    expect(await r.guard.status(TEAM)).toMatchObject({ committed: 10, spent: 10, remaining: 0 });
  });

  it('holds the limit across two processes sharing the store', async () => {
    const place = backend.fresh();
    const a = await rig({}, place);
    const b = await rig({}, place);
    await writeSettings(a.store, TEAM, { budget: 10 });
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).guard.spend(enrich(i % 2 ? a : b, `two${i}`))),
    );
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(10);
    expect(api.ledger.used).toBe(10);
    expect(await b.guard.status(TEAM)).toMatchObject({ committed: 10, spent: 10 });
  });
});

const batchEntry = {
  user: 'U0BATCH',
  feature: 'batch',
  operation: 'batch',
  summary: 'batch: creators.csv',
} as const;
