import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dyadMatrix, qap, QapInputError, QapResultSchema } from '../../src/analysis/qap.ts';
import { DatasetSchema, type Dataset } from '../../src/model/index.ts';
import { createRng } from '../../src/util/random.ts';
import { loadReferenceDataset, type ReferenceName } from './reference-helpers.ts';

const SCRIPT = fileURLToPath(new URL('../fixtures/scripts/qap_ref.R', import.meta.url));
// R's netlm refits with qr() in interpreted R: 400 permutations keep the test near a minute.
const REPS = 400;

/** A reference network with seeded regions, types, coordinates and half of its ties typed collaboration. */
function ecosystem(name: ReferenceName, seed: number): Dataset {
  const d = loadReferenceDataset(name);
  const rng = createRng(seed);
  const types = ['school', 'company', 'university'] as const;
  return DatasetSchema.parse({
    nodes: d.nodes.map((v) => ({
      id: v.id,
      type: types[Math.floor(rng() * 3)],
      region: `r${Math.floor(rng() * 3)}`,
      lat: 45 + rng() * 5,
      lon: 5 + rng() * 10,
    })),
    edges: d.edges.map((e) => ({ source: e.source, target: e.target, type: rng() < 0.6 ? 'collaboration' : 'partnership' })),
  });
}

function sna(d: Dataset, y: string, xs: string[]): Record<string, number[]> {
  const mats = [y, ...xs].map((m) => dyadMatrix(d, d.nodes, m));
  const n = d.nodes.length;
  const lines = [`${n} ${xs.length} ${REPS}`];
  for (const m of mats) for (let i = 0; i < n; i++) lines.push(Array.from(m.data.subarray(i * n, (i + 1) * n), (x) => x.toPrecision(17)).join(' '));
  const out = execFileSync('Rscript', [SCRIPT], { input: lines.join('\n') + '\n', stdio: ['pipe', 'pipe', 'ignore'], maxBuffer: 1 << 26 }).toString();
  return Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((l) => {
        const [k, ...v] = l.trim().split(/\s+/);
        return [k, v.map(Number)];
      }),
  );
}

/** |ours − sna| within 4 Monte-Carlo standard deviations of the difference of two independent estimates. */
const withinMc = (ours: number, theirs: number, what: string) => {
  const p = (ours + theirs) / 2;
  expect(Math.abs(ours - theirs), what).toBeLessThanOrEqual(4 * Math.sqrt((2 * p * (1 - p)) / REPS) + 1e-9);
};

describe('QAP and MRQAP equal R sna (gcor/qaptest, netlm with Dekker semi-partialling)', () => {
  const cases: [ReferenceName, number, string, string[]][] = [
    ['karate', 1, 'collaboration', ['same-region', 'same-type', 'distance']],
    ['florentine', 3, 'ties', ['same-type', 'distance', 'partnership']],
  ];
  for (const [name, seed, y, xs] of cases) {
    it(`${name}: y = ${y}, x = ${xs.join(' + ')}`, () => {
      const d = ecosystem(name, seed);
      const ours = QapResultSchema.parse(qap(d, { y, x: xs, permutations: REPS, seed: 9 }));
      const ref = sna(d, y, xs);
      expect(ours.dyads).toBe((d.nodes.length * (d.nodes.length - 1)) / 2);
      ours.regression.coefficients.forEach((c, i) => {
        expect(c.estimate, `coef ${c.term}`).toBeCloseTo(ref.coef[i], 9);
        expect(c.t!, `t ${c.term}`).toBeCloseTo(ref.t[i], 7);
        withinMc(c.pGreater, ref.pgreq[i], `pgreq ${c.term}`);
        withinMc(c.pLess, ref.pleeq[i], `pleeq ${c.term}`);
        withinMc(c.pAbs, ref.pgreqabs[i], `pgreqabs ${c.term}`);
      });
      ours.correlations.forEach((c, i) => {
        expect(c.r!, `gcor ${c.x}`).toBeCloseTo(ref.gcor[i], 10);
        withinMc(c.pGreater, ref.gcor_pgreq[i], `gcor pgreq ${c.x}`);
        withinMc(c.pLess, ref.gcor_pleeq[i], `gcor pleeq ${c.x}`);
        withinMc(c.pAbs, ref.gcor_pabs[i], `gcor pabs ${c.x}`);
      });
    }, 120_000);
  }
});

describe('qap', () => {
  it('finds a planted dyadic effect and none where there is none', () => {
    const rng = createRng(4);
    const n = 60;
    const nodes = Array.from({ length: n }, (_, i) => ({ id: `v${i}`, type: 'school', region: `r${i % 3}`, hub: `h${Math.floor(rng() * 4)}` }));
    const edges: { source: string; target: string; type: string }[] = [];
    for (let i = 0; i < n; i++)
      for (let j = 0; j < i; j++) if (rng() < (i % 3 === j % 3 ? 0.3 : 0.05)) edges.push({ source: `v${i}`, target: `v${j}`, type: 'collaboration' });
    const d = DatasetSchema.parse({ nodes, edges });
    const r = qap(d, { x: ['same-region', 'same-hub'], permutations: 200, seed: 2 });
    expect(r.regression.coefficients[1].pGreater).toBeLessThan(0.01);
    expect(r.regression.coefficients[2].pAbs).toBeGreaterThan(0.05);
    expect(r.correlations[0].r!).toBeGreaterThan(0.2);
    expect(qap(d, { x: ['same-region', 'same-hub'], permutations: 200, seed: 2 })).toEqual(r);
  });

  it('drops nodes a predictor is undefined for and rejects unknown variables', () => {
    const d = ecosystem('karate', 1);
    const partial = { ...d, nodes: d.nodes.map((v, i) => (i < 4 ? { ...v, lat: undefined, lon: undefined } : v)) };
    const r = qap(partial, { x: ['distance'], permutations: 10 });
    expect(r.dropped).toHaveLength(4);
    expect(r.nodes).toBe(30);
    expect(() => qap(d, { x: ['colour'] })).toThrow(QapInputError);
    expect(() => qap(d, { y: 'same-region' })).toThrow(/--y/);
  });
});
