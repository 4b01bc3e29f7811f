/**
 * The double's credit account. Amounts are kept in milli-credits so 0.01 × 3 stays 0.03 and the
 * balance never drifts; the public view is in credits.
 */

/** Credits per call, per the "recommended value for the mock" column of api-ref#credits. */
export interface MockPrices {
  discovery_per_creator: number;
  similar_per_creator: number;
  overlap: number;
  socials: number;
  enrich_full: number;
  enrich_raw: number;
  email_basic: number;
  email_advanced: number;
  posts: number;
  post_details: number;
}

export const MOCK_PRICES: Readonly<MockPrices> = Object.freeze({
  discovery_per_creator: 0.01,
  similar_per_creator: 0.01,
  overlap: 1,
  socials: 0.5,
  enrich_full: 1,
  enrich_raw: 0.03,
  // seed docs 0.1, newer docs and the MCP 0.05 (api-ref#discrepancies)
  email_basic: 0.05,
  email_advanced: 2,
  // seed docs 0.03, newest MCP 0.15 (api-ref#discrepancies)
  posts: 0.03,
  post_details: 0.03,
});

export interface LedgerCharge {
  path: string;
  amount: number;
}

export interface LedgerView {
  readonly available: number;
  readonly used: number;
  charges: LedgerCharge[];
}

export function toMilli(credits: number): number {
  return Math.round(credits * 1000);
}

export function fromMilli(milli: number): number {
  return milli / 1000;
}

/** Balances as the API writes them in discovery: a decimal string such as "987.44" (api-ref#responses). */
export function creditsString(milli: number): string {
  return milli % 10 === 0 ? fromMilli(milli).toFixed(2) : fromMilli(milli).toFixed(3);
}

export class CreditLedger implements LedgerView {
  readonly charges: LedgerCharge[] = [];
  private availableMilli: number;
  private usedMilli = 0;
  private readonly startMilli: number;

  constructor(startingCredits: number) {
    this.startMilli = toMilli(startingCredits);
    this.availableMilli = this.startMilli;
  }

  get available(): number {
    return fromMilli(this.availableMilli);
  }

  get used(): number {
    return fromMilli(this.usedMilli);
  }

  get availableMilliCredits(): number {
    return this.availableMilli;
  }

  canPay(milli: number): boolean {
    return milli <= this.availableMilli;
  }

  /** Takes `milli` from the balance; false (and nothing taken) when the balance cannot cover it. */
  charge(path: string, milli: number, record = true): boolean {
    if (milli <= 0) return true;
    if (!this.canPay(milli)) return false;
    this.availableMilli -= milli;
    this.usedMilli += milli;
    if (record) this.record(path, milli);
    return true;
  }

  /** Adds a line to `charges` for money already taken with `charge(…, false)`. */
  record(path: string, milli: number): void {
    this.charges.push({ path, amount: fromMilli(milli) });
  }

  setAvailable(credits: number): void {
    this.availableMilli = Math.max(0, toMilli(credits));
  }

  reset(): void {
    this.availableMilli = this.startMilli;
    this.usedMilli = 0;
    this.charges.length = 0;
  }

  toJSON(): { available: number; used: number; charges: LedgerCharge[] } {
    return { available: this.available, used: this.used, charges: this.charges };
  }
}
