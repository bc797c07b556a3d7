import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.ts';
import { gouldFernandez, type BrokerageResult } from '../../src/analysis/brokerage/gould-fernandez.ts';
import { leidenCommunities } from '../../src/analysis/communities/leiden.ts';
import { BROKERAGE_ROLES } from '../../src/analysis/registry.ts';
import { buildSnapshot, type Snapshot } from '../../src/graph/snapshot.ts';
import { DatasetSchema } from '../../src/model/index.ts';
import { createRng } from '../../src/util/random.ts';
import { loadReference, REFERENCE_NETWORKS } from './reference-helpers.ts';

const SCRIPT = fileURLToPath(new URL('../fixtures/scripts/brokerage_ref.R', import.meta.url));
// sna's column order.
const SNA_ORDER = ['coordinator', 'itinerant', 'representative', 'gatekeeper', 'liaison', 'total'] as const;

interface SnaRow {
  raw: number[];
  exp: number[];
  sd: number[];
  z: number[];
}

/** sna::brokerage on the same graph (symmetric adjacency matrix) through Rscript. */
function sna(s: Snapshot, labels: (string | undefined)[]): { nodes: SnaRow[]; graph: SnaRow } {
  const ids = new Map<string, number>();
  const cl = labels.map((l) => {
    const k = l ?? '\u0000none';
    if (!ids.has(k)) ids.set(k, ids.size + 1);
    return ids.get(k)!;
  });
  const lines = [String(s.n), cl.join(' ')];
  for (let u = 0; u < s.n; u++) for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) if (u < s.targets[i]) lines.push(`${u} ${s.targets[i]}`);
  const out = execFileSync('Rscript', [SCRIPT], { input: lines.join('\n') + '\n', stdio: ['pipe', 'pipe', 'ignore'] }).toString();
  const rows = out
    .trim()
    .split('\n')
    .map((l): SnaRow => {
      const x = l.trim().split(/\s+/).map(Number);
      return { raw: x.slice(0, 6), exp: x.slice(6, 12), sd: x.slice(12, 18), z: x.slice(18, 24) };
    });
  return { nodes: rows.slice(0, s.n), graph: rows[s.n] };
}

const close = (ours: number | null, theirs: number, what: string) => {
  if (!Number.isFinite(theirs)) expect(ours, what).toBeNull();
  else expect(ours, what).toBeCloseTo(theirs, 8);
};

function compare(r: BrokerageResult, ref: { nodes: SnaRow[]; graph: SnaRow }): void {
  r.counts.forEach((c, v) => {
    SNA_ORDER.forEach((role, j) => {
      expect(c[role], `node ${v} ${role}`).toBe(ref.nodes[v].raw[j]);
      close(r.expected[v][role], ref.nodes[v].exp[j], `node ${v} exp ${role}`);
      close(r.sd[v][role], ref.nodes[v].sd[j], `node ${v} sd ${role}`);
      close(r.z[v][role], ref.nodes[v].z[j], `node ${v} z ${role}`);
    });
  });
  SNA_ORDER.forEach((role, j) => {
    expect(r.graph.observed[role]).toBe(ref.graph.raw[j]);
    close(r.graph.expected[role], ref.graph.exp[j], `graph exp ${role}`);
    close(r.graph.sd[role], ref.graph.sd[j], `graph sd ${role}`);
    close(r.graph.z[role], ref.graph.z[j], `graph z ${role}`);
  });
}

function random(n: number, p: number, groups: number, seed: number, missing = 0): { s: Snapshot; labels: (string | undefined)[] } {
  const rng = createRng(seed);
  const edges: { source: string; target: string }[] = [];
  for (let u = 0; u < n; u++) for (let v = u + 1; v < n; v++) if (rng() < p) edges.push({ source: `v${u}`, target: `v${v}` });
  const s = buildSnapshot(DatasetSchema.parse({ nodes: Array.from({ length: n }, (_, v) => ({ id: `v${v}`, type: 'other' })), edges }));
  const labels = Array.from({ length: n }, () => (rng() < missing ? undefined : `g${Math.floor(rng() * groups)}`));
  return { s, labels };
}

describe('Gould–Fernandez brokerage equals R sna::brokerage', () => {
  for (const name of REFERENCE_NETWORKS) {
    it(`${name}, grouped by Leiden community and by a seeded random 3-way split`, () => {
      const { snapshot: s } = loadReference(name);
      const comm = leidenCommunities(s, { seed: 1 }).membership;
      const byCommunity = Array.from(comm, (c) => `c${c}`);
      compare(gouldFernandez(s, byCommunity), sna(s, byCommunity));
      const rng = createRng(42);
      const split = s.ids.map(() => `r${Math.floor(rng() * 3)}`);
      compare(gouldFernandez(s, split), sna(s, split));
    });
  }

  it('davis grouped by node type (women vs events: a bipartite graph brokers only across)', () => {
    const { snapshot: s } = loadReference('davis');
    const labels = s.nodes.map((n) => n.type);
    const r = gouldFernandez(s, labels);
    compare(r, sna(s, labels));
    expect(r.graph.observed.itinerant).toBe(r.graph.observed.total);
  });

  it('unseen random graphs: G(n, p) with 2–6 groups, some nodes without a value', () => {
    for (const [n, p, groups, seed, missing] of [
      [60, 0.08, 4, 1, 0],
      [45, 0.15, 2, 2, 0.1],
      [80, 0.05, 6, 3, 0.2],
    ] as const) {
      const { s, labels } = random(n, p, groups, seed, missing);
      compare(gouldFernandez(s, labels), sna(s, labels));
    }
  });
});

describe('brokerage in analyze', () => {
  it('gives per node brokerage and brokerageZ by --group, for region, type, community or an attribute', async () => {
    const { dataset } = loadReference('karate');
    const rng = createRng(5);
    const ds = { ...dataset, nodes: dataset.nodes.map((n) => ({ ...n, region: rng() < 0.5 ? 'north' : 'south', attrs: { club: rng() < 0.5 ? 'a' : 'b' } })) };
    const r = await analyze(ds, { metrics: ['brokerage'], group: 'region' });
    expect(r.graph.brokerageGroup).toBe('region');
    const s = buildSnapshot(ds);
    const direct = gouldFernandez(
      s,
      s.nodes.map((n) => n.region),
    );
    r.nodes.forEach((node, v) => {
      expect(Object.keys(node.brokerage!)).toEqual([...BROKERAGE_ROLES]);
      expect(node.brokerage).toEqual(direct.counts[v]);
      expect(node.brokerageZ).toEqual(direct.z[v]);
    });
    const byAttr = await analyze(ds, { metrics: ['brokerage'], group: 'club' });
    expect(byAttr.nodes.map((x) => x.brokerage)).toEqual(
      gouldFernandez(
        s,
        s.nodes.map((n) => String(n.attrs.club)),
      ).counts,
    );
    const byComm = await analyze(ds, { metrics: ['communities', 'brokerage'], group: 'community' });
    expect(byComm.nodes.map((x) => x.brokerage)).toEqual(
      gouldFernandez(
        s,
        byComm.nodes.map((x) => String(x.community)),
      ).counts,
    );
  });
});
