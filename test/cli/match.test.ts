import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubgraph } from './run-cli.ts';
import { RoundSchema, VersionEvaluationSchema } from '../../src/server/contract/index.ts';
import { chooseSplit } from '../../src/model/index.ts';

/** A --json answer without the CLI's own `source` key. */
const omitSource = (stdout: string) => {
  const { source: _, ...rest } = JSON.parse(stdout);
  return rest;
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubgraph-match-'));
  await writeFile(join(dir, 'config.json'), JSON.stringify({ rules: { country: 'same' }, weights: { isolation: 2 } }));
  await writeFile(join(dir, 'bad-config.json'), JSON.stringify({ mentorMinMaturity: 7, rules: { hub: 'near' } }));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('hubgraph match', () => {
  it('mentors: explained pairs on the sample region, impact, and a CSV for programme leads', async () => {
    const csv = join(dir, 'pairs.csv');
    const out = join(dir, 'with-mentoring');
    const r = await hubgraph(
      'match',
      'mentors',
      'data/sample',
      '--config',
      join(dir, 'config.json'),
      '--impact',
      '--csv',
      csv,
      '--export-dataset',
      out,
      '--json',
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.pairs.length).toBeGreaterThan(5);
    for (const p of doc.pairs) {
      expect(p.explanation).toMatch(/maturity [\d.]+ → [\d.]+/);
      expect(p.criteria).toHaveLength(6);
    }
    expect(doc.config.rules.country).toBe('same');
    expect(doc.summary.matched + doc.summary.unmatched).toBe(doc.summary.mentees);
    expect(doc.impact.before.isolatedSchools).toBeGreaterThanOrEqual(doc.impact.after.isolatedSchools);
    const text = await readFile(csv, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^status,mentor_id,mentor,mentee_id,mentee,score/);
    expect(text.split('\n').filter((l) => l.startsWith('matched,')).length).toBe(doc.pairs.length);
    const edges = await readFile(join(out, 'edges.csv'), 'utf8');
    expect(edges.split('\n').filter((l) => l.includes(`${doc.pairs[0].mentor},${doc.pairs[0].mentee},mentoring`)).length).toBe(1);
  });

  it('mentors --impact names each figure in words, in the order the report shows them', async () => {
    const r = await hubgraph('match', 'mentors', 'data/sample', '--impact');
    expect(r.code).toBe(0);
    const rows = r.stdout
      .split('\n')
      .filter((l) => /^(indicator|Isolated schools|Schools with no path|Steps to a hub|Ties across|Cross-sector|Components)/.test(l));
    expect(rows.map((l) => l.split(/\s{2,}/)[0])).toEqual([
      'indicator',
      'Isolated schools',
      'Schools with no path to a hub',
      'Steps to a hub',
      'Ties across communities',
      'Cross-sector ties',
      'Components',
    ]);
    expect(r.stdout).not.toMatch(/crossCommunityTies|isolatedSchools/);
  });

  it('mentors --mode stable reports no blocking pair and that stable is not the maximum score', async () => {
    const prefs = join(dir, 'prefs.csv');
    await writeFile(prefs, 'from,to,rank\nsch-ee-003,sch-ee-006,1\nsch-ee-006,sch-ee-003,1\n');
    const r = await hubgraph('match', 'mentors', 'data/sample', '--mode', 'stable', '--preferences', prefs);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no blocking pair');
    expect(r.stdout).toContain('not the same as the maximum total score');
    expect(r.stdout).toMatch(/Rõngu Kool\s+Elva Kool/);
  });

  it('partners and evaluate print suggestions with introducers and precision/AUC per score', async () => {
    const p = await hubgraph('match', 'partners', 'data/sample', '--top', '2', '--json');
    expect(p.code).toBe(0);
    const doc = JSON.parse(p.stdout);
    expect(doc.suggestions.every((s: { top: unknown[] }) => s.top.length <= 2)).toBe(true);
    expect(doc.pairing.count).toBeGreaterThan(0);
    // The text ends with how the pairs were scored, as the round and the web say it.
    const text = await hubgraph('match', 'partners', 'data/sample', '--top', '1', '--scoring', 'weights', '--link-score', 'jaccard');
    expect(text.stdout).toMatch(/\ncombined = hand-set weights: themes 1, jaccard 1, complementarity 0\.5, proximity 0\.5\.\n$/);
    const e = await hubgraph('match', 'evaluate', 'data/sample', '--split', '2024-09-01', '--k', '20', '--json');
    expect(e.code).toBe(0);
    // --json is the contract the API and the web share: besides the source it parses against the schema, nothing left over.
    const { source, ...rest } = JSON.parse(e.stdout);
    expect(source).toBe('data/sample');
    const ev = VersionEvaluationSchema.strict().parse(rest);
    expect(ev.newTies).toBeGreaterThan(0);
    expect(ev.scores.find((s) => s.score === 'combined')!.auc).toBeGreaterThan(0.5);
    expect(ev.bootstrap?.scores.map((s) => s.score)).toEqual(ev.scores.map((s) => s.score));
  });

  it('evaluate chooses the split as the API does, warns when a split leaves few companies, and names what is wrong when nothing can be evaluated', async () => {
    const run = async (...args: string[]) => hubgraph('match', 'evaluate', 'data/sample', '--bootstrap', '0', '--scoring', 'weights', ...args);
    const d = await run('--json');
    expect(d.code, d.stderr).toBe(0);
    const doc = VersionEvaluationSchema.parse(omitSource(d.stdout));
    expect(doc.splitChosen).toMatchObject({ by: 'default', companies: doc.populations[0].companies, minCompanies: 30 });
    expect(doc.split).toBe(chooseSplit(doc.splitChosen.years)!.split);
    expect(d.stderr).toBe('');
    const text = await run();
    expect(text.stdout).toContain('\ncombined = hand-set weights: themes 1, adamicAdar 1, complementarity 0.5, proximity 0.5.\n');
    expect(text.stdout.split('\n')[0]).toBe(
      `split ${doc.split} (default: ${doc.splitChosen.reason}; the ties run ${doc.datedRange.first} to ${doc.datedRange.last})`,
    );
    // A split leaving fewer than 30 companies: the figure and a better split, in the text and on stderr beside --json.
    const late = await run('--split', '2025-01-01');
    expect(late.code).toBe(0);
    expect(late.stdout).toMatch(
      new RegExp(
        `warning: split 2025-01-01 leaves only \\d+ companies forming a new tie after it \\(fewer than 30: the intervals will be wide\\); split ${doc.split} leaves ${doc.splitChosen.companies}`,
      ),
    );
    const lateJson = await run('--split', '2025-01-01', '--json');
    expect(lateJson.stderr).toBe(`warning: ${VersionEvaluationSchema.parse(omitSource(lateJson.stdout)).splitChosen.warning}\n`);
    const outside = await run('--split', '2030-01-01');
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(
      /--split: nothing to evaluate: split 2030-01-01 leaves no ties on or after it to judge on; expected a date after \d{4}-\d\d-\d\d and on or before/,
    );
  });

  it('rejects a bad config naming the file and the JSON path', async () => {
    const r = await hubgraph('match', 'mentors', 'data/sample', '--config', join(dir, 'bad-config.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad-config\.json field "mentorMinMaturity"/);
    expect(r.stderr).toMatch(/bad-config\.json field "rules\.hub"/);
  });
});

describe('hubgraph match --workspace', () => {
  it('reads the current version of a stored workspace and stores the proposals as a round to decide on', async () => {
    const data = join(dir, 'store');
    expect((await hubgraph('workspace', 'import', 'region', 'data/sample', '--data', data, '--json')).code).toBe(0);
    const r = await hubgraph('match', 'mentors', '--workspace', 'region', '--data', data, '--name', 'spring round', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.round).toMatchObject({ workspace: 'region', number: 1, kind: 'mentoring', name: 'spring round', version: 1, status: 'open' });
    expect(doc.round.counts.proposed + doc.round.counts.locked).toBe(doc.pairs.length);
    const rounds = JSON.parse((await hubgraph('workspace', 'rounds', 'region', '--data', data, '--json')).stdout);
    expect(JSON.stringify(rounds)).toContain('spring round');
    // A partner round says how it was scored in the API's shape: the stored round's `scoring` is the result's.
    const p = await hubgraph('match', 'partners', '--workspace', 'region', '--data', data, '--scoring', 'weights', '--top', '1', '--json');
    expect(p.code).toBe(0);
    const partners = JSON.parse(p.stdout);
    expect(partners.scoring).toEqual({ kind: 'weights', weights: { themes: 1, complementarity: 0.5, proximity: 0.5, adamicAdar: 1 } });
    expect(RoundSchema.parse(partners.round).scoring).toEqual(partners.scoring);
  }, 240_000);
});
