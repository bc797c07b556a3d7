import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubgraph } from './run-cli.ts';

/*
 * Issue 17: the default `analyze` of a network this large samples betweenness (the budget's estimate
 * from nodes × ties is far over 20 s), and `--exact` computes the exact values. The network is 3,000
 * schools with 19 teachers each — 60,000 nodes, 57,000 ties — so the exact values are known in
 * closed form (a school lies on every path between two of its teachers) and, because every traversal
 * stays inside one school of 20 nodes, the exact run is cheap enough for CI although the planner,
 * which only sees n and m, rightly expects a connected network of this size to take minutes.
 * `--workers 1` keeps the plan the same on machines with more cores.
 */
const SCHOOLS = 3000;
const TEACHERS = 19;
const N = SCHOOLS * (TEACHERS + 1);
let dir: string;

beforeAll(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'hg-analyze-60k-')), 'schools');
  mkdirSync(dir);
  const nodes = ['id,type,region'],
    edges = ['source,target,type'];
  for (let s = 0; s < SCHOOLS; s++) {
    nodes.push(`s${s},school,R${s % 20}`);
    for (let t = 0; t < TEACHERS; t++) {
      nodes.push(`t${s}-${t},teacher,R${s % 20}`);
      edges.push(`t${s}-${t},s${s},affiliation`);
    }
  }
  writeFileSync(join(dir, 'nodes.csv'), nodes.join('\n') + '\n');
  writeFileSync(join(dir, 'edges.csv'), edges.join('\n') + '\n');
});
afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

interface Doc {
  graph: { nodes: number; settings: { allPairs: { mode: string; chosenBy: string; samples?: number; skipped: string[] } } };
  nodes: { id: string; type: string; betweenness: number; closeness?: number }[];
}

describe('analyze on a 60k-node network', () => {
  it('samples betweenness by default and says so; --exact gives the exact values', async () => {
    const dflt = await hubgraph('analyze', dir, '--json', '--workers', '1', '--fields', 'type,betweenness,closeness');
    expect(dflt.code, dflt.stderr).toBe(0);
    const doc = JSON.parse(dflt.stdout) as Doc;
    expect(doc.graph.nodes).toBe(N);
    const plan = doc.graph.settings.allPairs;
    expect(plan).toMatchObject({ mode: 'sampled', chosenBy: 'budget', skipped: ['closeness', 'harmonic', 'paths'] });
    expect(plan.samples).toBeGreaterThanOrEqual(100);
    expect(plan.samples).toBeLessThan(N);
    expect(dflt.stderr).toMatch(new RegExp(`note: sampled betweenness from ${plan.samples} pivots`));
    expect(doc.nodes[0].closeness).toBeUndefined();
    // The estimate ranks brokers: whoever it puts on top is a school (a teacher brokers nothing).
    const ranked = [...doc.nodes].sort((a, b) => b.betweenness - a.betweenness);
    expect(ranked.slice(0, 20).every((n) => n.type === 'school' && n.betweenness > 0)).toBe(true);
    expect(doc.nodes.filter((n) => n.type === 'teacher').every((n) => n.betweenness === 0)).toBe(true);

    const exact = await hubgraph('analyze', dir, '--json', '--workers', '1', '--exact', '--metrics', 'betweenness', '--fields', 'type,betweenness');
    expect(exact.code, exact.stderr).toBe(0);
    const e = JSON.parse(exact.stdout) as Doc;
    expect(e.graph.settings.allPairs).toMatchObject({ mode: 'exact', chosenBy: 'exact' });
    // Normalised as NetworkX: pairs through the school over all pairs of the other n − 1 nodes.
    const school = (TEACHERS * (TEACHERS - 1)) / 2 / (((N - 1) * (N - 2)) / 2);
    for (const n of e.nodes) expect(n.betweenness, n.id).toBeCloseTo(n.type === 'school' ? school : 0, 15);
  }, 180_000);
});
