/**
 * The layering of the code (docs/ARCHITECTURE.md), checked on every import in src/ and web/src/:
 *
 *   model, util → io → graph → analysis, match → store → server, cli
 *
 * A module may import its own layer or one below. The engine (model … match) never imports store,
 * server, cli or web. The server's response contract (src/server/contract) imports only zod and the
 * model, so that the web, which may import nothing else from src/, gets the API's types without the server.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Rank of each layer; equal ranks may import each other (analysis ↔ match share intermediates). */
const RANK: Record<string, number> = { model: 0, util: 0, io: 1, graph: 2, analysis: 3, match: 3, store: 4, server: 5, cli: 5 };

type Area = { kind: 'layer'; layer: string } | { kind: 'contract' } | { kind: 'web' } | { kind: 'package' } | { kind: 'other' };

function areaOf(file: string): Area {
  if (file.startsWith('web/')) return { kind: 'web' };
  if (file.startsWith('src/server/contract/')) return { kind: 'contract' };
  const m = /^src\/([^/]+)\//.exec(file);
  if (m && m[1] in RANK) return { kind: 'layer', layer: m[1] };
  return { kind: 'other' };
}

/** Module specifiers of static imports, re-exports and dynamic imports (comments stripped first). */
function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const re of [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /^\s*import\s*['"]([^'"]+)['"]/gm, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const m of code.matchAll(re)) out.push(m[1]);
  }
  return out;
}

/** Why `from` may not import `spec`, or null when it may. Paths are relative to the repository. */
/**
 * Engine modules the web may run as they are: pure, with no imports of their own, so the map and the
 * server compute the same thing (a community keeps its colour across versions by the temporal diff's own
 * overlap matching). Adding to this list needs that property.
 */
const WEB_SHARED = new Set(['src/analysis/temporal/match-communities.ts']);

function layeringProblem(from: string, spec: string): string | null {
  const a = areaOf(from);
  if (!spec.startsWith('.')) {
    // Packages: the contract and the web stay free of server-side packages.
    if (a.kind === 'contract' && spec !== 'zod') return `${from} imports ${spec}: the contract imports only zod and src/model`;
    return null;
  }
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  const b = areaOf(target);
  if (a.kind === 'web') {
    if (target.startsWith('web/') || WEB_SHARED.has(target)) return null;
    if (b.kind === 'contract' || (b.kind === 'layer' && b.layer === 'model')) return null;
    return `${from} imports ${target}: the web imports from src/ only the contract (src/server/contract) and src/model`;
  }
  if (a.kind === 'contract') {
    if (b.kind === 'contract' || (b.kind === 'layer' && b.layer === 'model')) return null;
    return `${from} imports ${target}: the contract imports only zod and src/model`;
  }
  if (a.kind !== 'layer') return null;
  if (b.kind === 'web') return `${from} imports ${target}: src/ never imports the web`;
  if (b.kind === 'contract') return RANK[a.layer] >= RANK.server ? null : `${from} imports ${target}: only the server and the CLI use the API contract`;
  if (b.kind !== 'layer') return null;
  if (RANK[b.layer] > RANK[a.layer]) return `${from} (${a.layer}) imports ${target} (${b.layer}): a layer imports only its own or lower layers`;
  if (a.layer === 'server' && b.layer === 'cli') return `${from} imports ${target}: the server never imports the CLI`;
  return null;
}

/** Every layering problem in a module graph given as file → source. */
function layeringViolations(files: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const [file, source] of files)
    for (const spec of importsOf(source)) {
      const p = layeringProblem(file, spec);
      if (p) out.push(p);
    }
  return out;
}

function sources(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (/\.(ts|js|mjs)$/.test(e.name)) out.set(r, readFileSync(path.join(ROOT, r), 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('layering', () => {
  it('holds for every import in src/ and web/src/', () => {
    const files = new Map([...sources('src'), ...sources('web/src')]);
    expect(files.size).toBeGreaterThan(100);
    expect(layeringViolations(files)).toEqual([]);
  });

  it('fails an engine module that imports the server, the store, the CLI or the web', () => {
    const bad = new Map([
      ['src/analysis/x.ts', "import { createApp } from '../server/app.ts';\nimport type { Store } from '../store/open.ts';"],
      ['src/graph/y.ts', "export { z } from '../cli/main.ts';"],
      ['src/match/z.ts', "const m = await import('../../web/src/app.ts');"],
      ['src/io/w.ts', "import { analyze } from '../analysis/analyze.ts';"],
    ]);
    const v = layeringViolations(bad);
    expect(v).toHaveLength(5);
    expect(v[0]).toMatch(/src\/analysis\/x\.ts \(analysis\) imports src\/server\/app\.ts \(server\)/);
    expect(v.join('\n')).toMatch(/never imports the web/);
  });

  it('fails the web importing the server beyond the contract, and the contract importing the server', () => {
    const v = layeringViolations(
      new Map([
        [
          'web/src/views/a.ts',
          "import type { RouteSpec } from '../../../src/server/route.ts';\nimport type { Round } from '../../../src/server/contract/index.ts';",
        ],
        ['src/server/contract/b.ts', "import { z } from 'zod';\nimport { heavy } from '../heavy.ts';\nimport express from 'express';"],
        ['src/server/c.ts', "import { program } from '../cli/main.ts'; // a comment: from '../web/x.ts'"],
      ]),
    );
    expect(v).toEqual([
      expect.stringContaining('web/src/views/a.ts imports src/server/route.ts'),
      expect.stringContaining('src/server/contract/b.ts imports src/server/heavy.ts'),
      expect.stringContaining('src/server/contract/b.ts imports express'),
      expect.stringContaining('the server never imports the CLI'),
    ]);
  });

  it('passes imports within and below a layer', () => {
    expect(
      layeringViolations(
        new Map([
          ['src/store/a.ts', "import type { MentorMatchResult } from '../match/mentors.ts';\nimport { z } from 'zod';"],
          ['src/cli/b.ts', "import { startServer } from '../server/start.ts';"],
          ['src/match/c.ts', "import { scanIsolation } from '../analysis/isolation.ts';"],
          ['web/src/d.ts', "import type { PairStatus } from '../../src/model/vocabulary.ts';"],
        ]),
      ),
    ).toEqual([]);
  });
});
