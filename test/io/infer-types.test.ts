import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeDataset } from '../../src/io/export.ts';
import { identifierLike } from '../../src/io/infer-columns.ts';
import { loadDataset, parseDatasetFiles, type LoadOptions } from '../../src/io/load.ts';
import { folder } from './helpers.ts';

const CORDIS = '../shared/datasets/cordis-h2020-swafs/dataset';

/** Nodes with one extra column `x` holding `values` (empty string = empty cell). */
function nodesWith(header: string, values: string[], options: LoadOptions = {}) {
  const rows = values.map((v, i) => `n${i},school,${v.includes(',') ? `"${v}"` : v}`);
  return parseDatasetFiles(folder([`id,type,${header}`, ...rows].join('\n'), 'source,target\nn0,n1\n'), options);
}
const valuesOf = (r: ReturnType<typeof nodesWith>, name: string) => r.dataset.nodes.map((n) => n.attrs[name]);

describe('CSV attribute column type inference', () => {
  it('reads plain decimals, negatives, fractions and exponents as numbers; empty cells stay absent', () => {
    const r = nodesWith('score', ['12', '-0.5', '', '1e3', '0', '2.5E-2']);
    expect(valuesOf(r, 'score')).toEqual([12, -0.5, undefined, 1000, 0, 0.025]);
    expect(r.report.columns).toEqual([{ file: 'nodes.csv', column: 'score', read: 'number' }]);
    expect(r.report.columnSummary).toEqual(['nodes.csv: read as numbers: score']);
  });

  it('keeps a column with a leading zero anywhere as text, and says why', () => {
    const r = nodesWith('zone', ['12', '007', '3']);
    expect(valuesOf(r, 'zone')).toEqual(['12', '007', '3']);
    expect(r.report.columns[0]).toMatchObject({ read: 'text', why: 'leading zeros', example: '007' });
    expect(r.report.columnSummary[0]).toBe('nodes.csv: read as text: zone (leading zeros, e.g. 007)');
    // Not when the column is text for other reasons too.
    expect(nodesWith('zone', ['007', 'north']).report.columns[0]).toEqual({ file: 'nodes.csv', column: 'zone', read: 'text' });
  });

  it('keeps mixed columns, "+1", "1.", ".5", "1e", NaN and Infinity as text', () => {
    for (const odd of ['abc', '+1', '1.', '.5', '1e', 'NaN', 'Infinity', '1 000', '0x1F']) {
      const r = nodesWith('v', ['1', odd]);
      expect(valuesOf(r, 'v'), odd).toEqual(['1', odd]);
      expect(r.report.columns[0].read).toBe('text');
    }
  });

  it('keeps numbers with more than 15 digits (that a double would round) as text', () => {
    const r = nodesWith('serial', ['12345678901234567', '1']);
    expect(valuesOf(r, 'serial')).toEqual(['12345678901234567', '1']);
    expect(r.report.columns[0]).toMatchObject({ read: 'text', why: 'long digits' });
  });

  it('reads true/false in any case as booleans', () => {
    const r = nodesWith('active', ['TRUE', 'false', '', 'True']);
    expect(valuesOf(r, 'active')).toEqual([true, false, undefined, true]);
    expect(r.report.columns[0].read).toBe('boolean');
    expect(nodesWith('active', ['true', 'yes']).report.columns[0].read).toBe('text');
  });

  it('keeps identifier-like columns as text whatever their values', () => {
    for (const h of ['cordis_id', 'schoolId', 'Org ID', 'pic', 'zip', 'Postcode', 'phone_number', 'nuts_code', 'project number']) {
      const r = nodesWith(h, ['123', '456']);
      expect(valuesOf(r, h), h).toEqual(['123', '456']);
      expect(r.report.columns[0], h).toMatchObject({ read: 'text', why: 'identifier-like' });
    }
    // Counts and amounts are not identifiers.
    for (const h of ['n_projects', 'ec_contribution_eur', 'number', 'valid', 'Android']) expect(identifierLike(h), h).toBe(false);
  });

  it('reads the decimal comma form with --decimal-comma, and leaves it text without', () => {
    expect(valuesOf(nodesWith('share', ['0,5', '12', '-1,25'], { decimalComma: true }), 'share')).toEqual([0.5, 12, -1.25]);
    const off = nodesWith('share', ['0,5', '12']);
    expect(valuesOf(off, 'share')).toEqual(['0,5', '12']);
    expect(off.report.columns[0].read).toBe('text');
  });

  it('lets an explicit :number / :boolean / :string header win', () => {
    const r = parseDatasetFiles(folder('id,type,code:number,n:string,flag:boolean\na,school,7,12,true\nb,school,8,13,false\n', 'source,target\na,b\n'));
    expect(r.dataset.nodes.map((n) => n.attrs)).toEqual([
      { code: 7, n: '12', flag: true },
      { code: 8, n: '13', flag: false },
    ]);
    expect(r.report.columns.map((c) => [c.column, c.read, c.why])).toEqual([
      ['code', 'number', 'declared'],
      ['n', 'text', 'declared'],
      ['flag', 'boolean', 'declared'],
    ]);
  });

  it('infers edge attribute columns too (the general reader; the fast path takes no attribute columns)', () => {
    const r = parseDatasetFiles(folder('id,type\na,school\nb,school\nc,school\n', 'source,target,amount,role\na,b,100,lead\nb,c,2.5,partner\n'));
    expect(r.dataset.edges.map((e) => e.attrs)).toEqual([
      { amount: 100, role: 'lead' },
      { amount: 2.5, role: 'partner' },
    ]);
    expect(r.report.columnSummary).toEqual(['edges.csv: read as numbers: amount; as text: role']);
  });

  it('reads everything as text with inferTypes: false', () => {
    const r = nodesWith('score', ['12', '3'], { inferTypes: false });
    expect(valuesOf(r, 'score')).toEqual(['12', '3']);
    expect(r.report.columns[0]).toMatchObject({ read: 'text', why: 'not inferred' });
  });
});

describe('CORDIS nodes: types survive export', () => {
  it('reads n_projects / ec_contribution_eur as numbers and cordis_id as text', async () => {
    const { dataset, report } = await loadDataset(CORDIS);
    const org = dataset.nodes.find((n) => n.id.startsWith('org:'))!;
    expect(typeof org.attrs.n_projects).toBe('number');
    expect(typeof org.attrs.ec_contribution_eur).toBe('number');
    expect(typeof org.attrs.cordis_id).toBe('string');
    const nodesLine = report.columnSummary.find((l) => l.startsWith('nodes.csv'))!;
    expect(nodesLine).toMatch(/^nodes\.csv: read as numbers: .*n_projects.*ec_contribution_eur.*; as text: .*cordis_id \(identifier-like\)/);
  });

  it('a CSV export re-imports identically (typed headers), also for numeric-looking text columns', async () => {
    const { dataset } = await loadDataset(CORDIS);
    // A text column whose values look like numbers must come back as text.
    dataset.nodes[0].attrs.note = '42';
    const files = serializeDataset(dataset, 'csv');
    const nodesCsv = files.find((f) => f.name.endsWith('nodes.csv'))!.content;
    const header = nodesCsv.slice(0, nodesCsv.indexOf('\n')).split(',');
    expect(header).toContain('n_projects:number');
    expect(header).toContain('note:string');
    expect(header).toContain('cordis_id');
    const back = parseDatasetFiles(files.map((f) => ({ name: f.name.split('/').pop()!, content: f.content })));
    expect(back.dataset.nodes).toEqual(dataset.nodes);
    expect(back.dataset.edges).toEqual(dataset.edges);
  });

  it('NetworkX reads our GraphML export with n_projects numeric and cordis_id a string', async () => {
    const { dataset } = await loadDataset(CORDIS);
    const [graphml] = serializeDataset(dataset, 'graphml');
    const dir = mkdtempSync(join(tmpdir(), 'hubgraph-infer-'));
    try {
      const path = join(dir, 'cordis.graphml');
      writeFileSync(path, graphml.content);
      const script = [
        'import json, sys, networkx as nx',
        'g = nx.read_graphml(sys.argv[1])',
        'out = {}',
        'for key in ["n_projects", "ec_contribution_eur", "cordis_id"]:',
        '    vals = [d[key] for _, d in g.nodes(data=True) if key in d]',
        '    out[key] = {"types": sorted({type(v).__name__ for v in vals}), "count": len(vals), "sum": sum(vals) if key != "cordis_id" else None}',
        'print(json.dumps(out))',
      ].join('\n');
      const got = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' })) as Record<
        string,
        { types: string[]; count: number; sum: number | null }
      >;
      const ours = (key: string) => dataset.nodes.filter((n) => n.attrs[key] !== undefined);
      expect(got.n_projects.types.every((t) => t === 'int' || t === 'float')).toBe(true);
      expect(got.ec_contribution_eur.types.every((t) => t === 'int' || t === 'float')).toBe(true);
      expect(got.cordis_id.types).toEqual(['str']);
      expect(got.n_projects.count).toBe(ours('n_projects').length);
      expect(got.n_projects.sum).toBeCloseTo(
        ours('n_projects').reduce((s, n) => s + (n.attrs.n_projects as number), 0),
        6,
      );
      expect(got.cordis_id.count).toBe(ours('cordis_id').length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
