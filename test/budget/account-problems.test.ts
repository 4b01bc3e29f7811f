import { afterAll, describe, expect, it } from 'vitest';
import { type AccountProblem, AccountProblems, accountProblemOf } from '../../src/budget/account-problems.ts';
import { AccountCreditsError } from '../../src/budget/guard.ts';
import { IcAuthError, IcMisconfiguredError, IcUpstreamError } from '../../src/ic/errors.ts';
import { openStore } from '../../src/store/index.ts';
import { backends, cleanUpBackends, quietLogger, TestClock } from './backends.ts';

/** Account problems are announced once per kind per UTC day, across every process sharing the store. */

afterAll(cleanUpBackends);

const refused = new IcAuthError('credits: 401', { operation: 'credits', status: 401 });
const moved = new IcMisconfiguredError('enrichHandleFull: 404', {
  operation: 'enrichHandleFull',
  status: 404,
});

describe('accountProblemOf', () => {
  it('knows a refused key and a wrong URL, also behind the guard balance refusal; nothing else', () => {
    expect(accountProblemOf(refused)).toBe('key_refused');
    expect(accountProblemOf(moved)).toBe('misconfigured');
    expect(accountProblemOf(new AccountCreditsError(1, null, refused))).toBe('key_refused');
    expect(accountProblemOf(new AccountCreditsError(1, 0))).toBeNull();
    expect(accountProblemOf(new IcUpstreamError('x', { operation: 'credits', status: 503 }))).toBeNull();
  });
});

describe.each(backends)('AccountProblems on $name', (backend) => {
  it('two processes, many failures: each kind announced once a day, again the next day', async () => {
    const place = backend.fresh();
    const clock = new TestClock('2026-11-10T08:00:00Z');
    const stores = [await openStore(place.url, place), await openStore(place.url, place)];
    const heard: AccountProblem[] = [];
    const processes = stores.map((store) => {
      const problems = new AccountProblems({ store, log: quietLogger(), clock: clock.read });
      problems.subscribe((p) => {
        heard.push(p);
      });
      return problems;
    });
    for (let i = 0; i < 5; i++) for (const p of processes) p.report(i % 2 ? refused : moved);
    for (const p of processes) p.report(new IcUpstreamError('x', { operation: 'credits', status: 503 }));
    await Promise.all(processes.map((p) => p.flush()));
    expect(heard.map((p) => p.kind).sort()).toEqual(['key_refused', 'misconfigured']);
    expect(heard.find((p) => p.kind === 'key_refused')).toMatchObject({ day: '2026-11-10', status: 401 });

    clock.advance(24 * 60 * 60 * 1000);
    for (const p of processes) p.report(refused);
    await Promise.all(processes.map((p) => p.flush()));
    expect(heard.filter((p) => p.kind === 'key_refused').map((p) => p.day)).toEqual([
      '2026-11-10',
      '2026-11-11',
    ]);
    for (const store of stores) await store.close();
  });
});
