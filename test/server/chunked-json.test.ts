/**
 * Issue 20: a version's packed copy is parsed in slices, so the event loop keeps answering while a 100k-node
 * version is decoded. The slices must give exactly what one JSON.parse gives, whatever the strings hold.
 */
import { describe, expect, it } from 'vitest';
import { NotArraysObject, parseArraysObject, parseObjectInSlices, sliceArrays } from '../../src/server/chunked-json.ts';

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe('parseArraysObject', () => {
  it('equals JSON.parse on a packed version, for every slice size, with brackets, commas, quotes and escapes inside strings', async () => {
    const nodes = Array.from({ length: 257 }, (_, i) => ({
      id: `n${i}`,
      label: ['a, b', 'x]y', '{"q"}', 'back\\slash\\', 'café ✓ 𝄞', '\n\t"'][i % 6],
      attrs: { list: [i, [i + 1, { deep: ']' }]], empty: {} },
    }));
    const edges = Array.from({ length: 99 }, (_, i) => ({ source: `n${i}`, target: `n${i + 1}`, weight: i / 7 }));
    const bytes = enc({ nodes, edges });
    for (const chunk of [1, 2, 7, 256, 257, 10_000]) expect(await parseArraysObject(bytes, chunk)).toEqual({ nodes, edges });
  });

  it('cuts each array into runs of whole elements', async () => {
    const slices = await sliceArrays(enc({ nodes: [1, 2, 3, 4, 5], edges: [] }), 2);
    expect(slices.map((s) => [s.key, s.ranges.length])).toEqual([
      ['nodes', 3],
      ['edges', 0],
    ]);
  });

  it('keeps empty arrays and white space as JSON.parse does', async () => {
    const text = ' { "nodes" : [ ] ,\n "edges":[ {"a":1} ,\n{"a":2} ] } ';
    expect(await parseArraysObject(new TextEncoder().encode(text), 1)).toEqual(JSON.parse(text));
  });

  it('refuses other shapes, so the caller parses them whole', async () => {
    for (const v of [[1, 2], { nodes: [], meta: { a: 1 } }, { nodes: [], n: 3 }]) await expect(sliceArrays(enc(v))).rejects.toBeInstanceOf(NotArraysObject);
    await expect(sliceArrays(new TextEncoder().encode('{"nodes":[1,2'))).rejects.toBeInstanceOf(NotArraysObject);
  });
});

describe('parseObjectInSlices', () => {
  it('equals JSON.parse on a result-shaped object (arrays beside numbers, strings, objects, null), for every slice size', async () => {
    const nodes = Array.from({ length: 101 }, (_, i) => ({ id: `n${i}`, label: ['x]y, "z"', '{', 'é𝄞\\'][i % 3], pagerank: i / 3, community: i % 4 || null }));
    const result = {
      version: 3,
      summary: { nodes: 101, note: 'a, b: [c]', nested: { list: [1, [2, { q: '}' }]] } },
      nodes,
      empty: [],
      flag: true,
      nothing: null,
      label: 'a "quoted", {braced} label',
      communities: [{ community: 0, size: 5 }],
      last: -1.5e-7,
    };
    const bytes = enc(result);
    for (const chunk of [1, 3, 100, 101, 5000]) expect(await parseObjectInSlices(bytes, chunk)).toEqual(JSON.parse(JSON.stringify(result)));
    expect(await parseObjectInSlices(enc({}))).toEqual({});
    const spaced = ' {\n "a" : 1 , "b" : [ 1 , 2 ] ,"c":{ } } ';
    expect(await parseObjectInSlices(new TextEncoder().encode(spaced), 1)).toEqual(JSON.parse(spaced));
  });

  it('refuses what is not one whole object, so the caller parses it whole', async () => {
    for (const text of ['[1,2]', '3', '"s"', '{"a":1', '{"a":[1,2}', '{"a":1}{"b":2}', '{1:2}'])
      await expect(parseObjectInSlices(new TextEncoder().encode(text))).rejects.toThrow();
  });
});
