import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkEdges,
  findCycles,
  type ImportEdge,
  importsOf,
  resolveSpecifier,
  scanRepository,
} from '../scripts/import-rules.ts';

const root = join(import.meta.dirname, '..');
const edge = (from: string, to: string): ImportEdge => ({ from, to, line: 1 });
const rulesOf = (edges: ImportEdge[]) => checkEdges(edges).map((v) => v.rule);

describe('the layer rules hold for the repository', () => {
  const edges = scanRepository(root);

  it('finds the imports it checks (the scan is not empty)', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual(expect.objectContaining({ from: 'src/main.ts', to: 'commands/index.ts' }));
  });

  it('has no violation: core without Slack, pure views, main the only wiring, no cycles', () => {
    expect(checkEdges(edges).map((v) => v.message)).toEqual([]);
  });

  it('keeps every application source file under 500 lines, with no `as never` cast', () => {
    const files = [...new Set(edges.map((e) => e.from))];
    // The playground page's browser modules are plain JavaScript, outside the TypeScript scan.
    const pageScripts = execFileSync('git', ['ls-files', 'playground/*.js'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    const tooLong = [...files, ...pageScripts].filter(
      (f) => readFileSync(join(root, f), 'utf8').split('\n').length > 500,
    );
    expect(pageScripts.length).toBeGreaterThan(0);
    const casts = files.filter((f) => /\bas never\b/.test(readFileSync(join(root, f), 'utf8')));
    expect({ tooLong, casts }).toEqual({ tooLong: [], casts: [] });
  });
});

describe('the repository stands alone', () => {
  it('links nowhere outside itself (no ../shared, no machine paths)', () => {
    const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((f) => /\.(ts|md|yml|yaml|json|sh)$|^\.ci\//.test(f) && f !== 'package-lock.json');
    const offending = files.filter((f) =>
      /\.\.\/shared\/|\bshared\/(slack|api|design)\/|\/work\//.test(readFileSync(join(root, f), 'utf8')),
    );
    expect(
      offending.filter((f) => f !== 'test/architecture.test.ts' && f !== 'test/ic/api-ref.test.ts'),
    ).toEqual([]);
  });
});

describe('the rules catch what they are for', () => {
  it('reads static, type-only, re-export and dynamic imports, not prose', () => {
    const source = [
      "import { a } from './a.ts';",
      "import type {\n  B,\n} from '../b.ts';",
      "export { c } from './c.ts';",
      "import './side-effect.ts';",
      '// import { x } from "./in-a-comment.ts";',
      "const p = await import('./lazy.ts');",
    ].join('\n');
    expect(importsOf(source).map((i) => i.specifier)).toEqual([
      './a.ts',
      '../b.ts',
      './c.ts',
      './side-effect.ts',
      './lazy.ts',
    ]);
    expect(resolveSpecifier('src/batch/flow.ts', '../../views/batch.ts')).toBe('views/batch.ts');
    expect(resolveSpecifier('src/x.ts', '@slack/web-api/dist/x')).toBe('@slack/web-api');
  });

  it('refuses the core importing a view, the Slack layer, a command or @slack/*', () => {
    expect(rulesOf([edge('src/batch/follow.ts', 'views/batch.ts')])).toContain('core-knows-no-slack');
    expect(rulesOf([edge('src/discovery/form.ts', 'src/slack/command-args.ts')])).toEqual([
      'core-knows-no-slack',
    ]);
    expect(rulesOf([edge('src/ic/client.ts', '@slack/web-api')])).toEqual(['core-knows-no-slack']);
    expect(rulesOf([edge('src/config.ts', 'src/feature.ts')])).toEqual(['core-knows-no-slack']);
    expect(rulesOf([edge('src/batch/flow.ts', 'src/ic/client.ts')])).toEqual([]);
  });

  it('refuses I/O in views and views rendered outside the Slack layer', () => {
    expect(rulesOf([edge('views/creator.ts', '@slack/web-api')])).toEqual(['views-are-pure']);
    expect(rulesOf([edge('views/home.ts', 'src/store/types.ts')])).toEqual(['views-are-pure']);
    expect(rulesOf([edge('views/home.ts', '@slack/types')])).toEqual([]);
    expect(rulesOf([edge('src/slack/batch-reporter.ts', 'views/batch.ts')])).toEqual([]);
    expect(rulesOf([edge('src/feature.ts', 'views/batch.ts')])).toEqual(['views-from-slack-layer-only']);
  });

  it('lets only src/main.ts wire commands, and keeps test code out of production', () => {
    expect(rulesOf([edge('src/slack/app.ts', 'commands/index.ts')])).toEqual(['commands-from-main-only']);
    expect(rulesOf([edge('src/main.ts', 'commands/index.ts')])).toEqual([]);
    expect(rulesOf([edge('commands/home.ts', 'mock-api/server.ts')])).toEqual(['no-test-code-in-production']);
    expect(rulesOf([edge('src/slack/app.ts', 'playground/start.ts')])).toEqual([
      'no-test-code-in-production',
    ]);
  });

  it('finds cycles of any length, including through type-only imports', () => {
    expect(findCycles([edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('c', 'd')])).toEqual([
      ['a', 'b', 'c'],
    ]);
    expect(findCycles([edge('a', 'a')])).toEqual([['a']]);
    expect(findCycles([edge('a', 'b'), edge('b', 'c')])).toEqual([]);
    expect(
      rulesOf([edge('commands/x.ts', 'src/feature.ts'), edge('src/feature.ts', 'commands/x.ts')]),
    ).toContain('no-cycles');
  });
});
