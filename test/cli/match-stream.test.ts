import { describe, expect, it } from 'vitest';
import { streamJson } from '../../src/cli/commands/match-partners-text.ts';
import { toJson } from '../../src/cli/output.ts';
import { matchPartners } from '../../src/match/partners.ts';
import { loadDataset } from '../../src/io/load.ts';
import { hubgraph, ROOT } from './run-cli.ts';

/** A sink that keeps every write, as stdout would receive them. */
function sink() {
  const writes: string[] = [];
  return { writes, write: async (text: string) => void writes.push(text) };
}

describe('streamed JSON output (match partners --json)', () => {
  it('writes the same bytes as the whole document, one element at a time', async () => {
    // ~24 MB of suggestions: no single write is larger than one element
    const item = (i: number) => ({ id: `org-${i}`, top: Array.from({ length: 20 }, (_, k) => ({ id: `p-${k}`, score: k / 3, explanation: 'x'.repeat(40) })) });
    const items = Array.from({ length: 8000 }, (_, i) => item(i));
    const doc = { source: 'in', suggestions: items, pairing: { pairs: [], total: 0, count: 0 }, summary: { candidates: NaN } };
    const out = sink();
    let told = 0;
    await streamJson({ ...doc, suggestions: [] }, 'suggestions', items, out, (n) => (told = n));
    const whole = toJson(doc) + '\n';
    expect(out.writes.join('')).toBe(whole);
    expect(told).toBe(items.length);
    const largestItem = Math.max(...items.map((x) => toJson(x).length));
    expect(Math.max(...out.writes.map((w) => w.length))).toBeLessThan(largestItem * 1.5);
    expect(out.writes.length).toBeGreaterThan(items.length);
  });

  it('writes an empty array as toJson does', async () => {
    const out = sink();
    await streamJson({ a: 1, s: [], b: { c: 2 } }, 's', [], out);
    expect(out.writes.join('')).toBe(toJson({ a: 1, s: [], b: { c: 2 } }) + '\n');
  });

  it('match partners --json streams the document matchPartners returns', async () => {
    const r = await hubgraph('match', 'partners', 'data/sample', '--top', '2', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const { dataset } = await loadDataset(`${ROOT}data/sample`);
    const direct = JSON.parse(toJson(matchPartners(dataset, { top: 2 })));
    expect(Object.keys(doc)).toEqual(['source', 'suggestions', 'pairing', 'summary', 'scoring', 'config']);
    expect(doc.suggestions).toEqual(direct.suggestions);
    expect(doc.pairing).toEqual(direct.pairing);
  }, 60_000);
});
