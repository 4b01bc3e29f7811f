import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../src/ic/endpoints.ts';

/** Comments cite docs/influencers-club-api.md as `api-ref#<slug>`: every cited slug must be an anchor there. */
const root = join(import.meta.dirname, '..', '..');
const doc = readFileSync(join(root, 'docs', 'influencers-club-api.md'), 'utf8');

function anchors(markdown: string): Set<string> {
  const found = new Set<string>();
  for (const m of markdown.matchAll(/<a id="([^"]+)"><\/a>/g)) found.add(m[1]!);
  // GitHub-style heading slugs too, so a plain heading also counts
  for (const m of markdown.matchAll(/^#{1,6}\s+(.+)$/gm)) {
    found.add(
      m[1]!
        .toLowerCase()
        .replace(/[^\w\s-]/g, '')
        .trim()
        .replace(/\s/g, '-'),
    );
  }
  return found;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|js|mjs|md)$/.test(name)) yield path;
  }
}

describe('docs/influencers-club-api.md', () => {
  const known = anchors(doc);

  it('has an anchor for every api-ref#<slug> cited in the code', () => {
    const missing: string[] = [];
    let citations = 0;
    for (const dir of ['src', 'commands', 'views', 'mock-api', 'test', 'bench']) {
      for (const file of sourceFiles(join(root, dir))) {
        for (const m of readFileSync(file, 'utf8').matchAll(/api-ref#([a-z0-9-]+)/g)) {
          citations++;
          if (!known.has(m[1]!)) missing.push(`${file.slice(root.length + 1)}: api-ref#${m[1]}`);
        }
      }
    }
    expect(citations).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it("has the section each endpoint table entry names, and lists every entry's path", () => {
    for (const [name, spec] of Object.entries(ENDPOINTS)) {
      expect(known.has(spec.ref), `${name} → ${spec.ref}`).toBe(true);
      expect(doc, name).toContain(spec.path);
    }
  });

  it('says how code cites it, and stands on its own', () => {
    // built from parts so this file does not itself cite a slug
    expect(doc.split('\n').slice(0, 4).join('\n')).toContain(`\`api-ref${'#'}slug\``);
    expect(doc).not.toMatch(/\.\.\/shared|\/work\/shared/);
  });
});
