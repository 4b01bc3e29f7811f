/** What each bench/*.bench.ts prints (as one JSON line, last on stdout) for bench/run.ts. */
export interface BenchReport {
  title: string;
  /** One paragraph: what ran, how many, against what. */
  setup: string;
  results: { measure: string; value: string; goal?: string; met?: boolean }[];
  notes?: string;
}

export function printReport(report: BenchReport): void {
  process.stdout.write(`\n${JSON.stringify(report)}\n`);
}

/** Percentile (0–100) of a list of numbers, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
