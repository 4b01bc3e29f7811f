/**
 * Reserved values that make the double misbehave on purpose, so clients can be tested against the
 * failures the real API produces (api-ref#errors). They are matched as prefixes of a `handle`, `filter_value`,
 * any `creators[]` entry, a `post_id` or an email's local part: `fault_flaky_7` and
 * `fault_500@example.test` both work.
 */

export const FAULTS = ['500', '429', 'slow', 'malformed', 'html', '422', '402', 'flaky'] as const;
export type Fault = (typeof FAULTS)[number];

export function findFault(values: readonly string[]): { fault: Fault; value: string } | null {
  for (const value of values) {
    const lower = value.toLowerCase();
    if (!lower.startsWith('fault_')) continue;
    for (const fault of FAULTS) {
      if (lower.startsWith(`fault_${fault}`)) return { fault, value: lower };
    }
  }
  return null;
}

export function isFaultValue(value: string): boolean {
  return value.toLowerCase().startsWith('fault_');
}

/** Handles starting with `ghost` do not exist: 404 "No data found", nothing charged. */
export function isGhost(value: string): boolean {
  return value.toLowerCase().startsWith('ghost');
}

interface FailRule {
  status: number;
  remaining: number;
  retryAfterSec: number | undefined;
}

/**
 * `failNext(path, status, count)`: the next `count` requests to `path` answer `status`. A path ending
 * in `*` matches every path with that prefix (batch ids are not known in advance).
 */
export class FailNextRules {
  private readonly rules = new Map<string, FailRule>();

  add(path: string, status: number, count = 1, retryAfterSec?: number): void {
    const clean = path.split('?')[0] ?? path;
    this.rules.set(clean, { status, remaining: Math.max(1, count), retryAfterSec });
  }

  take(path: string): { status: number; retryAfterSec: number | undefined } | null {
    for (const [pattern, rule] of this.rules) {
      const matches = pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
      if (!matches) continue;
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.rules.delete(pattern);
      return { status: rule.status, retryAfterSec: rule.retryAfterSec };
    }
    return null;
  }

  reset(): void {
    this.rules.clear();
  }
}
