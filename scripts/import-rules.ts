import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';

/**
 * Scout's layer rules, checked by `npm test` (test/architecture.test.ts) and `npm run check:imports`.
 *
 * Why hand-written: dependency-cruiser and madge read TypeScript through the `typescript` package's
 * JavaScript API, which TypeScript 7 (Scout's compiler) no longer ships. Biome formats every import
 * at the start of a line, so a line-anchored scan of the source finds them all, `import type`
 * included (a type-only import still ties two modules together, and the old cycle was one).
 *
 * - The core (src/ic, src/budget, src/batch, src/store, src/discovery, src/csv and the files at the
 *   top of src/ other than main.ts and feature.ts) imports nothing from views/, commands/,
 *   src/slack/, the playground, the API double or any @slack/* package.
 * - views/ are pure: no Bolt, Web API, HTTP client, store, file system, logger, Slack layer or commands.
 * - Only src/slack/ and commands/ import views/ (besides views/ themselves).
 * - Only src/main.ts imports commands/ from outside commands/.
 * - Production code imports neither the API double (mock-api/) nor the tests; only src/main.ts
 *   reaches the playground.
 * - No import cycles anywhere.
 */

export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  readonly line: number;
}

export interface Violation {
  readonly rule: string;
  readonly message: string;
}

const STATEMENT = /^(?:import|export)\b[^;'"]*?(?:\bfrom\s*)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a TypeScript source imports, with their line numbers. */
export function importsOf(source: string): { specifier: string; line: number }[] {
  const found: { specifier: string; line: number }[] = [];
  const lineAt = (index: number) => source.slice(0, index).split('\n').length;
  for (const pattern of [STATEMENT, DYNAMIC]) {
    for (const match of source.matchAll(pattern)) {
      found.push({ specifier: match[1] ?? '', line: lineAt(match.index ?? 0) });
    }
  }
  return found;
}

/** Repository-relative path for a relative specifier, or the bare package name. */
export function resolveSpecifier(fromFile: string, specifier: string): string {
  if (!specifier.startsWith('.')) {
    // '@slack/bolt/dist/x' → '@slack/bolt'; 'node:fs/promises' stays whole
    if (specifier.startsWith('node:')) return specifier;
    const parts = specifier.split('/');
    return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
  }
  return posix.normalize(posix.join(posix.dirname(fromFile), specifier));
}

const CORE_DIRS = [
  'src/ic/',
  'src/budget/',
  'src/batch/',
  'src/store/',
  'src/discovery/',
  'src/csv/',
  'src/workspaces/',
];
const NOT_CORE_AT_TOP = new Set(['src/main.ts', 'src/feature.ts']);

export function isCore(file: string): boolean {
  if (CORE_DIRS.some((dir) => file.startsWith(dir))) return true;
  return /^src\/[^/]+\.ts$/.test(file) && !NOT_CORE_AT_TOP.has(file);
}

const isView = (p: string) => p.startsWith('views/');
const isCommand = (p: string) => p.startsWith('commands/');
const isSlackLayer = (p: string) => p.startsWith('src/slack/');
const isProduction = (p: string) => p.startsWith('src/') || isView(p) || isCommand(p);
const isSlackPackage = (p: string) => p.startsWith('@slack/');

const VIEW_FORBIDDEN_PACKAGES = new Set([
  '@slack/bolt',
  '@slack/web-api',
  '@slack/oauth',
  '@slack/socket-mode',
  'undici',
  'keyv',
  '@keyv/redis',
  'pino',
  'node:fs',
  'node:fs/promises',
  'node:net',
  'node:http',
  'node:https',
  'node:sqlite',
  'node:child_process',
]);

export function checkEdges(edges: readonly ImportEdge[]): Violation[] {
  const violations: Violation[] = [];
  const say = (rule: string, e: ImportEdge, why: string) =>
    violations.push({ rule, message: `${e.from}:${e.line} imports ${e.to}: ${why}` });
  for (const e of edges) {
    if (isCore(e.from)) {
      if (isView(e.to) || isCommand(e.to) || isSlackLayer(e.to) || isSlackPackage(e.to))
        say('core-knows-no-slack', e, 'the core must not know Slack, its views or its commands');
      else if (e.to === 'src/feature.ts' || e.to === 'src/main.ts')
        say(
          'core-knows-no-slack',
          e,
          'the core must not depend on the composition root or the feature contract',
        );
    }
    if (isView(e.from)) {
      if (
        VIEW_FORBIDDEN_PACKAGES.has(e.to) ||
        e.to.startsWith('src/store/') ||
        isSlackLayer(e.to) ||
        isCommand(e.to)
      )
        say('views-are-pure', e, 'views are pure functions from data to Block Kit (no I/O)');
    }
    if (
      isView(e.to) &&
      !isView(e.from) &&
      !isCommand(e.from) &&
      !isSlackLayer(e.from) &&
      isProduction(e.from)
    )
      say('views-from-slack-layer-only', e, 'only src/slack/ and commands/ render views');
    if (isCommand(e.to) && !isCommand(e.from) && e.from !== 'src/main.ts' && isProduction(e.from))
      say('commands-from-main-only', e, 'only src/main.ts wires the features');
    if (isProduction(e.from) && (e.to.startsWith('mock-api/') || e.to.startsWith('test/')))
      say('no-test-code-in-production', e, 'production code must not import the API double or tests');
    if (isProduction(e.from) && e.to.startsWith('playground/') && e.from !== 'src/main.ts')
      say('no-test-code-in-production', e, 'only src/main.ts starts the playground');
  }
  for (const cycle of findCycles(edges)) {
    violations.push({ rule: 'no-cycles', message: `import cycle: ${[...cycle, cycle[0]].join(' → ')}` });
  }
  return violations;
}

/** Strongly connected components with more than one module (or a self-import), Tarjan's way. */
export function findCycles(edges: readonly ImportEdge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const e of edges) {
    if (!graph.has(e.from)) graph.set(e.from, []);
    graph.get(e.from)?.push(e.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = graph.get(node)?.includes(node) ?? false;
      if (component.length > 1 || selfLoop) cycles.push(component.reverse());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

function listTs(root: string, dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(join(root, dir));
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = posix.join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(join(root, path)).isDirectory()) return listTs(root, path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

export const SCANNED_DIRS = ['src', 'commands', 'views', 'mock-api', 'playground'];

/** Every import edge of the repository's application code (tests and benchmarks excluded). */
export function scanRepository(root: string, dirs: readonly string[] = SCANNED_DIRS): ImportEdge[] {
  return dirs
    .flatMap((dir) => listTs(root, dir))
    .flatMap((file) =>
      importsOf(readFileSync(join(root, file), 'utf8')).map(({ specifier, line }) => ({
        from: file,
        to: resolveSpecifier(file, specifier),
        line,
      })),
    );
}

if (import.meta.main) {
  const root = relative(process.cwd(), join(import.meta.dirname, '..')) || '.';
  const violations = checkEdges(scanRepository(root));
  for (const v of violations) console.error(`${v.rule}: ${v.message}`);
  console.log(
    violations.length === 0 ? 'import rules: ok' : `import rules: ${violations.length} violation(s)`,
  );
  process.exit(violations.length === 0 ? 0 : 1);
}
