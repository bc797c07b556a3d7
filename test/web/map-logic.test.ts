/** The map's pure logic: filters a user applies, the shareable-link codec, CSV downloads. */
import { describe, expect, it } from 'vitest';
import { computeVisibility, type FilterSpec } from '../../web/src/map/filters.ts';
import { buildMapData, type DisplayNode } from '../../web/src/map/map-data.ts';
import { decodeState, encodeState, DEFAULT_STATE } from '../../web/src/state/view-state.ts';
import { toCsv } from '../../web/src/ui/csv.ts';
import { pairStroke } from '../../web/src/map/palette.ts';
import { displayNode } from '../../web/src/api/graph.ts';
import { PAIR_STATUSES } from '../../src/model/vocabulary.ts';

const none: FilterSpec = { types: [], minDegree: 0, kcore: 0, egoDepth: 1 };
const node = (id: string, type = 'school', extra: Partial<DisplayNode> = {}): DisplayNode => ({ id, type, ...extra });
const shown = (ids: string[], mask: Uint8Array) => ids.filter((_, i) => mask[i]);

// A triangle a-b-c with a tail c-d-e, plus an isolate f; ids include awkward ones.
const nodes = [node('a'), node('__proto__', 'company'), node('c', 'hub'), node('d'), node('e', 'school', { region: 'North' }), node('f')];
const ids = nodes.map((n) => n.id);
const edges = [
  { source: 'a', target: '__proto__', start: '2020-01-01' },
  { source: '__proto__', target: 'c', start: '2021-06-01' },
  { source: 'a', target: 'c' },
  { source: 'c', target: 'd', start: '2022-01-01', end: '2022-12-31' },
  { source: 'd', target: 'e', start: '2023-01-01' },
  { source: 'a', target: 'ghost' },
];
const data = buildMapData(nodes, edges);

describe('map filters', () => {
  it('keeps everything when no filter is set, and drops ties to unknown nodes', () => {
    const v = computeVisibility(data, none);
    expect(v.nodeCount).toBe(6);
    expect(v.edgeCount).toBe(5);
    expect(data.droppedEdges).toBe(1);
  });

  it('filters by type and keeps only ties between shown nodes', () => {
    const v = computeVisibility(data, { ...none, types: ['school', 'hub'] });
    expect(shown(ids, v.node)).toEqual(['a', 'c', 'd', 'e', 'f']);
    expect(v.edgeCount).toBe(3); // a-c, c-d, d-e
  });

  it('minimum degree and k-core act on the filtered graph', () => {
    expect(shown(ids, computeVisibility(data, { ...none, minDegree: 2 }).node)).toEqual(['a', '__proto__', 'c', 'd']);
    expect(shown(ids, computeVisibility(data, { ...none, kcore: 2 }).node)).toEqual(['a', '__proto__', 'c']);
    const v = computeVisibility(data, none);
    expect(Array.from(v.core)).toEqual([2, 2, 2, 1, 1, 0]);
  });

  it('replays growth: on a date, only ties active then and nodes that exist by then', () => {
    const v = computeVisibility(data, { ...none, date: '2021-12-31' });
    // e's only tie starts in 2023; d's first tie in 2022; f and the undated a-c always exist.
    expect(shown(ids, v.node)).toEqual(['a', '__proto__', 'c', 'f']);
    const later = computeVisibility(data, { ...none, date: '2023-06-01' });
    expect(shown(ids, later.node)).toContain('e');
    expect(later.edge[3]).toBe(0); // c-d ended in 2022
  });

  it('ego network of a node with an awkward id, 1 and 2 steps', () => {
    expect(shown(ids, computeVisibility(data, { ...none, ego: '__proto__', egoDepth: 1 }).node)).toEqual(['a', '__proto__', 'c']);
    expect(shown(ids, computeVisibility(data, { ...none, ego: '__proto__', egoDepth: 2 }).node)).toEqual(['a', '__proto__', 'c', 'd']);
  });

  it('filters by region', () => {
    expect(shown(ids, computeVisibility(data, { ...none, region: 'North' }).node)).toEqual(['e']);
  });
});

describe('shareable link', () => {
  it('round-trips view, colouring, filters and a selection with any characters', () => {
    const s = {
      ...DEFAULT_STATE,
      view: 'coordinator' as const,
      workspace: 'my region',
      colorBy: 'type',
      types: ['school', 'hub'],
      region: 'Tartu County',
      minDegree: 2,
      kcore: 1,
      ego: '__proto__',
      egoDepth: 2,
      selected: 'École #1 & co',
      date: '2024-01-31',
    };
    const back = decodeState(encodeState(s));
    expect(back).toMatchObject({
      view: 'coordinator',
      workspace: 'my region',
      colorBy: 'type',
      types: ['school', 'hub'],
      region: 'Tartu County',
      minDegree: 2,
      kcore: 1,
      ego: '__proto__',
      egoDepth: 2,
      selected: 'École #1 & co',
      date: '2024-01-31',
    });
  });

  it('falls back to defaults on garbage', () => {
    const s = decodeState('#/nowhere?minDegree=-3&egoDepth=99&types=');
    expect(s.view).toBe('map');
    expect(s.minDegree).toBe(0);
    expect(s.egoDepth).toBe(3);
    expect(s.types).toEqual([]);
  });
});

describe('CSV download', () => {
  it('quotes separators and neutralises spreadsheet formulas', () => {
    const csv = toCsv(
      ['id', 'label', 'score'],
      [
        ['a', 'Smith, J', 0.5],
        ['b', '=HYPERLINK("x")', -1],
        ['c', ['x', 'y'], null],
      ],
    );
    expect(csv.split('\r\n')).toEqual(['id,label,score', 'a,"Smith, J",0.5', `b,"'=HYPERLINK(""x"")",-1`, 'c,"x;y",', '']);
  });
});

describe('proposed pairs on the map', () => {
  it('draws the pairs that become ties (accepted, locked) in green, rejected in red, proposed in orange', () => {
    const stroke = Object.fromEntries(PAIR_STATUSES.map((st) => [st, pairStroke(st)]));
    expect(stroke).toEqual({ proposed: '#d55e00', accepted: '#1b7f3b', locked: '#1b7f3b', rejected: 'rgba(180,30,30,0.5)' });
    expect(pairStroke(undefined)).toBe(stroke.proposed);
  });
});

describe('graph payload to display node', () => {
  it('keeps attrs (even `__proto__`) as plain attrs and turns nulls into absent fields', () => {
    const attrs = JSON.parse('{"__proto__": "x", "country": "EE"}') as Record<string, unknown>;
    const d = displayNode({
      id: 'a',
      type: 'school',
      ownType: null,
      label: null,
      region: null,
      hub: 'h',
      x: 1,
      y: 2,
      degree: 0,
      community: null,
      isolation: null,
      attrs,
    });
    expect(d).toMatchObject({ id: 'a', label: undefined, region: undefined, hub: 'h', x: 1 });
    expect(Object.keys(d.attrs!)).toEqual(['__proto__', 'country']);
    expect(d.attrs!.country).toBe('EE');
  });
});
