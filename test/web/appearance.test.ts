/**
 * The web app's appearance and wording logic, without a browser: figures rounded as the API's,
 * categorical colours for categories with community colours carried across versions, size by
 * value or rank within a range, the link codec for all of it, plain-language indicator names,
 * and the server's cut of a dataset to what the map shows.
 */
import { describe, expect, it } from 'vitest';
import { fmt } from '../../web/src/ui/dom.ts';
import { buildMapData, type DisplayNode } from '../../web/src/map/map-data.ts';
import { CATEGORICAL, colorBy, sizeBy } from '../../web/src/map/palette.ts';
import { communitySlots } from '../../web/src/map/community-colors.ts';
import { decodeState, encodeState, DEFAULT_STATE } from '../../web/src/state/view-state.ts';
import { indicatorTerm, metricTerm } from '../../web/src/ui/vocabulary.ts';
import { sceneSvg } from '../../web/src/map/figure.ts';
import { viewDataset } from '../../src/server/routes/view-export.ts';

describe('fmt: figures as the API has them, rounded correctly', () => {
  it('keeps the integer part and rounds the rest (150.4 is not "15")', () => {
    expect(fmt(150.4)).toBe('150.4');
    expect(fmt(150.45)).toBe('150.5');
    expect(fmt(1234.56)).toBe('1,234.6');
    expect(fmt(12.345)).toBe('12.3');
    expect(fmt(0.012345)).toBe('0.0123');
    expect(fmt(0.5)).toBe('0.5');
    expect(fmt(100)).toBe('100');
    expect(fmt(-150.4)).toBe('-150.4');
    expect(fmt(0.1 + 0.2)).toBe('0.3');
    expect(fmt(2.5, 2)).toBe('2.5');
    expect(fmt(NaN)).toBe('—');
  });
});

const nodes = (n: number, f: (i: number) => Partial<DisplayNode>): DisplayNode[] =>
  Array.from({ length: n }, (_, i) => ({ id: `n${i}`, type: 'school', ...f(i) }));

describe('colour by', () => {
  it('gives 16 communities 16 distinct palette colours, not a ramp', () => {
    const d = buildMapData(
      nodes(64, (i) => ({ community: i % 16 })),
      [],
    );
    const c = colorBy(d, 'community', { categorical: true });
    expect(c.kind).toBe('categorical');
    expect(new Set(c.colors).size).toBe(16);
    expect(c.colors.every((x) => CATEGORICAL.includes(x))).toBe(true);
  });

  it('uses a ramp for a numeric metric, and the given slots for categories', () => {
    const d = buildMapData(
      nodes(40, (i) => ({ metrics: { pagerank: i / 40 }, community: i % 2 })),
      [],
    );
    expect(colorBy(d, 'pagerank').kind).toBe('sequential');
    const c = colorBy(d, 'community', {
      categorical: true,
      slots: new Map([
        ['0', 5],
        ['1', 2],
      ]),
    });
    expect(c.colors[0]).toBe(CATEGORICAL[5]);
    expect(c.colors[1]).toBe(CATEGORICAL[2]);
  });
});

describe('community colours across versions', () => {
  it('a community keeps its slot when it persists under another number; a new one takes a free slot', () => {
    // v1: A = a1..a5 (community 0), B = b1..b4 (1). v2 renumbers them (B → 0, A → 2) and adds C (1).
    const v1 = new Map<string, number>([
      ...['a1', 'a2', 'a3', 'a4', 'a5'].map((id) => [id, 0] as const),
      ...['b1', 'b2', 'b3', 'b4'].map((id) => [id, 1] as const),
    ]);
    const v2 = new Map<string, number>([
      ...['a1', 'a2', 'a3', 'a4', 'a6'].map((id) => [id, 2] as const),
      ...['b1', 'b2', 'b3', 'b4', 'b5'].map((id) => [id, 0] as const),
      ...['c1', 'c2', 'c3'].map((id) => [id, 1] as const),
    ]);
    const s1 = communitySlots([v1]);
    const s2 = communitySlots([v1, v2]);
    expect(s2.get('2')).toBe(s1.get('0'));
    expect(s2.get('0')).toBe(s1.get('1'));
    expect(s2.get('1')).toBe(2);
    // Without the history the numbering alone would have swapped A's and B's colours.
    expect(communitySlots([v2]).get('2')).not.toBe(s1.get('0'));
  });
});

describe('size by', () => {
  const d = buildMapData(
    nodes(5, (i) => ({ metrics: { pagerank: [0.1, 0.4, 0.4, 0.9, 1.6][i] } })),
    [],
  );
  it('by value: area tracks the value, within min and max', () => {
    const s = sizeBy(d, 'pagerank', { min: 2, max: 20 });
    expect(s[4]).toBeCloseTo(20);
    expect(s[3]).toBeCloseTo(2 + 18 * Math.sqrt(0.9 / 1.6), 5);
    expect(Math.min(...s)).toBeGreaterThanOrEqual(2);
  });
  it('by rank: evenly spaced, ties share a size', () => {
    const s = [...sizeBy(d, 'pagerank', { mode: 'rank', min: 2, max: 8 })];
    expect(s).toEqual([2, 4, 4, 6, 8]);
  });
});

describe('link state', () => {
  it('round-trips size mode, range and label threshold, and leaves defaults out of the URL', () => {
    const s = { ...DEFAULT_STATE, sizeBy: 'pagerank', sizeMode: 'rank' as const, sizeMin: 2, sizeMax: 18, labelSize: 9 };
    const hash = encodeState(s);
    expect(hash).toContain('sizeBy=pagerank');
    expect(decodeState(hash)).toMatchObject({ sizeBy: 'pagerank', sizeMode: 'rank', sizeMin: 2, sizeMax: 18, labelSize: 9 });
    expect(encodeState(DEFAULT_STATE)).toBe('#/map');
  });

  it('keeps the core–periphery opt-in (coreness on the map) in the link, and only when set', () => {
    const hash = encodeState({ ...DEFAULT_STATE, sizeBy: 'coreness', coreperiphery: true });
    expect(decodeState(hash)).toMatchObject({ sizeBy: 'coreness', coreperiphery: true });
    expect(decodeState('#/map?coreperiphery=no').coreperiphery).toBeUndefined();
  });
});

describe('vocabulary', () => {
  it('names every indicator key in plain language', () => {
    expect(indicatorTerm('crossSector.share').label).toBe('Cross-sector share');
    expect(indicatorTerm('ei.external').label).toBe('Ties leaving the group');
    expect(indicatorTerm('counts.hub').label).toBe('Number of hubs');
    expect(indicatorTerm('counts.vet').label).toBe('Number of VET providers');
    expect(indicatorTerm('isolatedShare').higherIsBetter).toBe(false);
    expect(metricTerm('pagerank').label).toBe('PageRank');
    expect(metricTerm('brokerageCoordinator').label).toBe('Brokerage coordinator');
  });
});

describe('figure SVG', () => {
  it('has escaped <text> labels for labelled nodes and a legend', () => {
    const svg = sceneSvg(
      {
        width: 200,
        height: 100,
        edgeColor: '#ccc',
        edges: [{ x1: 10, y1: 10, x2: 50, y2: 50, w: 1 }],
        nodes: [
          { id: 'a', x: 10, y: 10, r: 8, fill: '#f00', ring: '#000', label: 'A & <B>', labelled: true },
          { id: 'b', x: 50, y: 50, r: 2, fill: '#0f0', ring: '#000', label: 'small', labelled: false },
        ],
      },
      { title: 'Tartu', legend: [{ title: 'Community', entries: [{ label: 'Community 1', color: '#f00', count: 3 }] }] },
    );
    expect(svg).toContain('>A &#38; &#60;B&#62;</text>');
    expect(svg).not.toContain('>small</text>');
    expect(svg).toContain('>Tartu</text>');
    expect(svg).toContain('>Community 1 (3)</text>');
    expect(svg.match(/<circle /g)?.length).toBe(2);
  });
});

describe('view export cut', () => {
  it('keeps the given nodes and their ties active on the date', () => {
    const ds = {
      meta: {},
      nodes: [
        { id: 'a', type: 'school' },
        { id: 'b', type: 'hub' },
        { id: 'c', type: 'company' },
      ],
      edges: [
        { source: 'a', target: 'b', type: 'collaboration', weight: 1, start: '2020-01-01', end: '2021-01-01' },
        { source: 'a', target: 'b', type: 'mentoring', weight: 1, start: '2022-01-01' },
        { source: 'b', target: 'c', type: 'partnership', weight: 1 },
      ],
    } as unknown as Parameters<typeof viewDataset>[0];
    const cut = viewDataset(ds, new Set(['a', 'b']), '2022-06-01');
    expect(cut.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(cut.edges.map((e) => e.type)).toEqual(['mentoring']);
    expect(viewDataset(ds, new Set(['a', 'b'])).edges).toHaveLength(2);
  });
});
