import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../src/io/load.ts';
import { buildSnapshot, degreeOf } from '../../src/graph/snapshot.ts';
import { DatasetSchema } from '../../src/model/index.ts';

const { dataset, report } = await loadDataset('data/sample');
const byId = new Map(dataset.nodes.map((n) => [n.id, n]));

// Rough bounding boxes, enough to catch a school placed in the wrong country.
const BOXES: Record<string, [number, number, number, number]> = {
  EE: [57.5, 59.7, 21.7, 28.3],
  FI: [59.7, 70.1, 20.5, 31.6],
  GE: [41.0, 43.6, 40.0, 46.8],
  LT: [53.8, 56.5, 20.9, 26.9],
};

describe('sample region (synthetic)', () => {
  it('is valid, labelled synthetic, and has no parallel edges to merge', () => {
    expect(() => DatasetSchema.parse(JSON.parse(JSON.stringify(dataset)))).not.toThrow();
    expect(dataset.meta.synthetic).toBe(true);
    expect(dataset.meta.description).toMatch(/SYNTHETIC/);
    expect(report.mergedEdges).toBe(0);
    expect(report.warnings).toEqual([]);
  });

  it('has the pilot shape: 5 hubs in 4 countries, ~75 schools, ~600 teachers, 16 companies', () => {
    expect(report.nodeTypes).toMatchObject({ hub: 5, school: 75, company: 16 });
    expect(report.nodeTypes.teacher).toBeGreaterThan(550);
    expect(report.nodeTypes.teacher).toBeLessThan(650);
    for (const t of ['university', 'vet', 'public', 'community', 'project'] as const) expect(report.nodeTypes[t]).toBeGreaterThan(2);
    expect(new Set(dataset.nodes.filter((n) => n.type === 'hub').map((n) => n.country))).toEqual(new Set(['EE', 'FI', 'GE', 'LT']));
    for (const t of ['affiliation', 'mentoring', 'partnership', 'participation', 'collaboration', 'cocreation'] as const)
      expect(report.edgeTypes[t]).toBeGreaterThan(5);
  });

  it('places every located node inside its country and gives schools the attributes analyses use', () => {
    for (const n of dataset.nodes) {
      if (n.lat === undefined) continue;
      const [la, lb, oa, ob] = BOXES[n.country!];
      expect(n.lat >= la && n.lat <= lb && n.lon! >= oa && n.lon! <= ob, n.id).toBe(true);
    }
    for (const s of dataset.nodes.filter((n) => n.type === 'school')) {
      expect(s.hub && byId.get(s.hub)?.type).toBe('hub');
      expect(s.maturity).toBeGreaterThanOrEqual(1);
      expect(s.levels!.length).toBeGreaterThan(0);
      expect(s.capacity).toBeGreaterThanOrEqual(0);
    }
  });

  it('keeps ties mostly inside a hub, with some cross-hub bridges', () => {
    const hubOf = (id: string) => {
      const n = byId.get(id)!;
      return n.type === 'hub' ? n.id : n.hub;
    };
    let inside = 0,
      across = 0;
    for (const e of dataset.edges) {
      const a = hubOf(e.source),
        b = hubOf(e.target);
      if (!a || !b) continue;
      if (a === b) inside++;
      else across++;
    }
    expect(across).toBeGreaterThan(5);
    expect(inside / (inside + across)).toBeGreaterThan(0.9);
  });

  it('has isolated schools (only their own teachers, or nothing) and peripheral ones (one tie)', () => {
    const s = buildSnapshot(dataset);
    const schools = dataset.nodes.filter((n) => n.type === 'school');
    const onlyTeachers = schools.filter((n) => {
      const v = s.index.get(n.id)!;
      const nbrs = Array.from(s.targets.subarray(s.offsets[v], s.offsets[v + 1]), (u) => s.nodes[u]);
      return nbrs.length > 0 && nbrs.every((m) => m.type === 'teacher' && dataset.edges.filter((e) => e.source === m.id || e.target === m.id).length === 1);
    });
    expect(onlyTeachers.length).toBeGreaterThanOrEqual(3);
    expect(schools.some((n) => degreeOf(s, s.index.get(n.id)!) === 0)).toBe(true);
    const oneSchoolTie = schools.filter((n) => dataset.edges.filter((e) => (e.source === n.id || e.target === n.id) && e.type !== 'affiliation').length === 1);
    expect(oneSchoolTie.length).toBeGreaterThanOrEqual(2);
  });

  it('dates projects over school years 2021–2026', () => {
    const dates = dataset.edges.filter((e) => e.type === 'participation').flatMap((e) => [e.start!, e.end!]);
    expect(dates.every(Boolean)).toBe(true);
    expect(dates.reduce((a, b) => (a < b ? a : b))).toBe('2021-09-01');
    expect(dates.reduce((a, b) => (a > b ? a : b)) <= '2026-06-30').toBe(true);
  });

  it('the committed files are exactly what the seeded generator writes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hubgraph-sample-'));
    try {
      await new Promise<void>((resolve, reject) =>
        execFile(process.execPath, ['--import', 'tsx', 'data/generate.ts', '2024', dir], (err, _o, stderr) => (err ? reject(new Error(stderr)) : resolve())),
      );
      for (const f of ['nodes.csv', 'edges.csv', 'meta.json']) {
        expect(await readFile(join(dir, f), 'utf8'), f).toBe(await readFile(join('data/sample', f), 'utf8'));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
