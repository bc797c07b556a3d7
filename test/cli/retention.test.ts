/**
 * Retention from the CLI (issue 20): a prune that keeps rounds' versions as aggregates, and the
 * report and round views of a pruned version saying "pruned on <date>; aggregate only" instead of failing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.ts';
import { freshPgliteDir } from '../store/engines.ts';
import { ID, programme } from '../store/retention-fixture.ts';
import { hubgraph } from './run-cli.ts';

let dir = '';
let out = '';
beforeAll(async () => {
  dir = await freshPgliteDir();
  out = mkdtempSync(join(tmpdir(), 'hubgraph-retention-cli-'));
  const store = await openStore({ dataDir: dir, env: {} });
  await programme(store);
  await store.close();
}, 120_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

it('prunes, keeping the versions rounds used as aggregates; reports and rounds of them say so', async () => {
  const set = await hubgraph('workspace', 'retention', 'w', '--days', '30', '--data', dir);
  expect(set.stderr).toBe('');
  expect(set.stdout.trim()).toBe('w: versions kept 30 days; pruned v1; kept as aggregates (rounds used them) v2, v3; 3 left');

  // The pruned version's own report: counts, figures and the rounds' tallies.
  const old = join(out, 'v2.html');
  const r2 = await hubgraph('report', '--workspace', 'w', '--dataset-version', '2', '--out', old, '--data', dir, '--json');
  expect(r2.code).toBe(0);
  expect(JSON.parse(r2.stdout)).toMatchObject({ out: old, pruned: expect.stringMatching(/^version 2 was pruned on \d{4}-\d\d-\d\d; aggregate only$/) });
  const html = readFileSync(old, 'utf8');
  expect(html).toMatch(/Version 2 was pruned on [0-9-]+; aggregate only/);
  expect(html).toContain('<tr data-round="1">');
  expect(html).not.toContain(ID);

  // The current version's report names the round; its impact cannot be simulated on the pruned version.
  const now = join(out, 'now.html');
  const r4 = await hubgraph('report', '--workspace', 'w', '--out', now, '--data', dir);
  expect(r4.code).toBe(0);
  expect(readFileSync(now, 'utf8')).toMatch(/data-pruned>version 2 was pruned on [0-9-]+; aggregate only: its expected impact is not simulated again/);

  const round = await hubgraph('workspace', 'round', 'w', '1', '--data', dir);
  expect(round.code).toBe(0);
  expect(round.stdout).toContain(ID);
  expect(round.stdout).toMatch(/version 2 was pruned on [0-9-]+; aggregate only: names, schools and regions are not kept, pairs are by id/);
  expect(round.stdout).not.toMatch(/NOT IN A PAIR/);

  // Reading its nodes is refused with the same words.
  const analyze = await hubgraph('analyze', '--workspace', 'w', '--dataset-version', '2', '--data', dir);
  expect(analyze.code).not.toBe(0);
  expect(analyze.stderr).toMatch(/version 2 was pruned on [0-9-]+; aggregate only/);

  const again = await hubgraph('workspace', 'prune', 'w', '--data', dir, '--json');
  expect(JSON.parse(again.stdout)).toEqual({ workspace: 'w', retentionDays: 30, pruned: [], aggregated: [], kept: 3 });
}, 120_000);
