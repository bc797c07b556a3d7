/**
 * A new version starts from the workspace's saved layout: nodes whose id persists keep their
 * position, new nodes go next to their neighbours (or beside the map when they have no path to an
 * old node), on PGlite and on a PostgreSQL server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/model/index.ts';
import { getLayout, inheritPositions, saveLayout } from '../../src/store/layouts.ts';
import { saveVersion } from '../../src/store/versions.ts';
import { acceptRound, createRound, decidePairs } from '../../src/store/index.ts';
import { forEachEngine, type TestStore } from './engines.ts';

const xyBytes = (xy: number[]) => new Uint8Array(new Float32Array(xy).buffer);
const xyOf = (b: Uint8Array) => Array.from(new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
const point = (b: Uint8Array, i: number) => xyOf(b).slice(2 * i, 2 * i + 2);

function ds(ids: string[], ties: [string, string][]): Dataset {
  return {
    meta: {},
    nodes: ids.map((id) => ({ id, type: 'school' as const, attrs: {} })),
    edges: ties.map(([source, target]) => ({ source, target, type: 'collaboration' as const, weight: 1, attrs: {} })),
  };
}

describe('inheritPositions', () => {
  // The old layout: a square of side 100.
  const oldIds = ['a', 'b', 'c', 'd'];
  const oldXy = xyBytes([0, 0, 100, 0, 100, 100, 0, 100]);

  it('keeps persisting ids exactly, puts a new node near the mean of its neighbours, and a chain of new nodes layer by layer', () => {
    // b is gone; e is tied to a and d; f only to e; g to nothing old.
    const next = ds(
      ['a', 'c', 'd', 'e', 'f', 'g'],
      [
        ['a', 'e'],
        ['e', 'd'],
        ['f', 'e'],
        ['a', 'c'],
      ],
    );
    const got = inheritPositions(oldIds, oldXy, next, { minKeptShare: 0.5 })!;
    expect({ kept: got.kept, nearNeighbours: got.nearNeighbours, elsewhere: got.elsewhere }).toEqual({ kept: 3, nearNeighbours: 2, elsewhere: 1 });
    expect(point(got.positions, 0)).toEqual([0, 0]);
    expect(point(got.positions, 1)).toEqual([100, 100]);
    expect(point(got.positions, 2)).toEqual([0, 100]);
    const [ex, ey] = point(got.positions, 3);
    // Mean of a (0,0) and d (0,100) is (0,50); the offset is half the old spacing (≈ 141/√3/2 ≈ 41).
    expect(Math.hypot(ex - 0, ey - 50)).toBeLessThan(45);
    const [fx, fy] = point(got.positions, 4);
    expect(Math.hypot(fx - ex, fy - ey)).toBeLessThan(45);
    // g has no path to an old node: beside the old layout, right of it.
    expect(point(got.positions, 5)[0]).toBeGreaterThan(100);
    expect(
      new Set(
        xyOf(got.positions)
          .map((v, i) => (i % 2 ? '' : `${v},${xyOf(got.positions)[i + 1]}`))
          .filter(Boolean),
      ).size,
    ).toBe(6);
  });

  it('gives nothing when too few ids persist: the normal layout is better then', () => {
    const next = ds(['a', 'x', 'y', 'z'], []);
    expect(inheritPositions(oldIds, oldXy, next)).toBeNull();
    expect(inheritPositions(oldIds, oldXy, next, { minKeptShare: 0.25 })?.kept).toBe(1);
  });
});

forEachEngine('layout inheritance', (engine) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await engine.fresh();
  }, 120_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('a new version carries the saved layout over, and a version with mostly new ids does not', async () => {
    const { store } = t;
    await saveVersion(store, 'inherit', ds(['a', 'b', 'c', 'd'], [['a', 'b']]), { createWorkspace: true });
    expect(await getLayout(store, 'inherit', 1)).toBeNull();
    await saveLayout(store, 'inherit', 1, xyBytes([0, 0, 100, 0, 100, 100, 0, 100]), { actor: 'lead' });

    await saveVersion(store, 'inherit', ds(['d', 'c', 'a', 'e'], [['e', 'c']]), { author: 'coordinator' });
    const v2 = (await getLayout(store, 'inherit', 2))!;
    expect(v2).toMatchObject({ version: 2, nodes: 4, inheritedFrom: 1, savedBy: 'coordinator' });
    expect(xyOf(v2.positions).slice(0, 6)).toEqual([0, 100, 100, 100, 0, 0]);
    const [ex, ey] = point(v2.positions, 3);
    expect(Math.hypot(ex - 100, ey - 100)).toBeLessThan(50);

    // v3 inherits from v2's (inherited) layout; v4 keeps one id of five: no layout, the map computes one.
    await saveVersion(store, 'inherit', ds(['a', 'c', 'd', 'e'], []));
    expect((await getLayout(store, 'inherit', 3))!.inheritedFrom).toBe(2);
    expect(xyOf((await getLayout(store, 'inherit', 3))!.positions)).toEqual([0, 0, 100, 100, 0, 100, ex, ey]);
    await saveVersion(store, 'inherit', ds(['a', 'p', 'q', 'r', 's'], []));
    expect(await getLayout(store, 'inherit', 4)).toBeNull();

    // Someone saving over an inherited layout makes it theirs.
    await saveLayout(store, 'inherit', 3, xyBytes([1, 1, 2, 2, 3, 3, 4, 4]), { actor: 'lead' });
    expect((await getLayout(store, 'inherit', 3))!).toMatchObject({ inheritedFrom: null, savedBy: 'lead' });
  });

  it('the version an accepted round writes inherits too: same nodes, same places', async () => {
    const { store } = t;
    await saveVersion(store, 'round ws', ds(['a', 'b', 'c'], [['a', 'b']]), { createWorkspace: true });
    const xy = [5, 5, 10, 5, 10, 10];
    await saveLayout(store, 'round ws', 1, xyBytes(xy), { actor: 'lead' });
    await createRound(store, 'round ws', { kind: 'partnership', pairs: [{ left: 'b', right: 'c', score: 1 }] }, 'lead');
    await decidePairs(store, 'round ws', 1, [{ left: 'b', right: 'c', status: 'accepted' }], 'lead');
    const accepted = await acceptRound(store, 'round ws', 1, { actor: 'lead', date: '2026-01-01' });
    const v = (await getLayout(store, 'round ws', accepted.version.number))!;
    expect(v).toMatchObject({ inheritedFrom: 1, savedBy: 'lead' });
    expect(xyOf(v.positions)).toEqual(xy);
  });
});
