import { handleProblem } from '../creator-ref.ts';
import { type BatchPlatform, PLATFORM_NAMES } from '../ic/platforms.ts';
import { type CsvIntake, SAMPLE_LINES, type SkippedLine } from './intake.ts';
import { isBatchPlatform, platformNamedIn } from './intake-cells.ts';

/**
 * From what a CSV held to what a batch sends: the platform to offer first, the list for the
 * platform chosen (links to other platforms and handles it does not allow skipped), and the clean
 * CSV uploaded at Start.
 */

export interface PlatformGuess {
  platform: BatchPlatform;
  from: 'links' | 'header' | 'file name' | 'default';
}

/** Most profile links in the file name a platform; else the header or file name; else Instagram. */
export function guessPlatform(
  linkPlatforms: Partial<Record<BatchPlatform, number>>,
  header: string | null,
  fileName: string,
): PlatformGuess {
  const ranked = Object.entries(linkPlatforms)
    .filter((e): e is [BatchPlatform, number] => isBatchPlatform(e[0]) && (e[1] ?? 0) > 0)
    .sort((a, b) => b[1] - a[1]);
  if (ranked[0]) return { platform: ranked[0][0], from: 'links' };
  const fromHeader = header === null ? null : platformNamedIn(header);
  if (fromHeader) return { platform: fromHeader, from: 'header' };
  const fromName = platformNamedIn(fileName.replace(/\.csv$/i, ''));
  if (fromName) return { platform: fromName, from: 'file name' };
  return { platform: 'instagram', from: 'default' };
}

export interface ResolvedList {
  /** What goes to the API, one per row, no duplicates. */
  values: string[];
  duplicates: number;
  /** Rows skipped: invalid cells, links to another platform, handles the platform does not allow. */
  skipped: number;
  samples: SkippedLine[];
  /** Links to other platforms than the chosen one, by platform. */
  otherPlatforms: Partial<Record<BatchPlatform, number>>;
}

/**
 * The list for a chosen platform (handles) or as it is (emails). A link to another platform is
 * skipped (a batch covers one platform); a bare handle the platform does not allow is skipped; a
 * link and a bare handle naming the same account are one creator.
 */
export function resolveList(
  read: Pick<CsvIntake, 'kind' | 'entries' | 'duplicates' | 'invalid' | 'invalidSamples'>,
  platform: BatchPlatform,
): ResolvedList {
  const values: string[] = [];
  let duplicates = read.duplicates;
  let skipped = read.invalid;
  const samples = [...read.invalidSamples];
  const otherPlatforms: Partial<Record<BatchPlatform, number>> = {};
  if (read.kind === 'email') {
    for (const [value] of read.entries) values.push(value);
    return { values, duplicates, skipped, samples, otherPlatforms };
  }
  const seen = new Set<string>();
  for (const [value, linkPlatform, line] of read.entries) {
    if (linkPlatform !== '' && linkPlatform !== platform) {
      skipped += 1;
      otherPlatforms[linkPlatform] = (otherPlatforms[linkPlatform] ?? 0) + 1;
      samples.push({ line, text: value, reason: `a ${PLATFORM_NAMES[linkPlatform]} link` });
      continue;
    }
    if (linkPlatform === '' && handleProblem(platform, value) !== null) {
      skipped += 1;
      samples.push({ line, text: value, reason: `not a valid ${PLATFORM_NAMES[platform]} handle` });
      continue;
    }
    if (seen.has(value)) {
      duplicates += 1;
      continue;
    }
    seen.add(value);
    values.push(value);
  }
  samples.sort((a, b) => a.line - b.line);
  return { values, duplicates, skipped, samples: samples.slice(0, SAMPLE_LINES), otherPlatforms };
}

/**
 * The clean one-column CSV the API takes (api-ref#batch-create: header `handle` or `email`). Values were
 * validated (no commas, quotes or line breaks can be in them), so no quoting is needed.
 */
export function cleanCsv(kind: 'handle' | 'email', values: readonly string[]): string {
  for (const v of values) {
    if (/[",\r\n]/.test(v)) throw new RangeError('a batch value holds a CSV special character');
  }
  return `${kind}\n${values.join('\n')}\n`;
}
