import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { openStore } from '../../src/store/open.ts';
import { openRespondentView, saveAnswers } from '../../src/store/surveys.ts';
import { hubgraph, ROOT } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'hubgraph-cli-survey-'));
const data = join(dir, 'store');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('survey create → links CSV → answers → status → close with a review, as a script would', async () => {
  const run = (...a: string[]) => hubgraph(...a, '--data', data);
  expect((await run('workspace', 'import', 'w', join(ROOT, 'data/sample'))).code).toBe(0);
  const created = await run('survey', 'create', 'w', '--title', 'Spring wave', '--region', 'Tartu County', '--json');
  expect(created.code).toBe(0);
  expect(JSON.parse(created.stdout).survey).toMatchObject({ number: 1, respondents: 15, status: 'open' });
  expect((await run('survey', 'create', 'w', '--title', 'x', '--respondents', 'spaceship')).code).toBe(2);

  const csvPath = join(dir, 'links.csv');
  const links = await run('survey', 'links', 'w', '1', '--csv', csvPath, '--base-url', 'https://hub.example.org/');
  expect(links.stdout).toMatch(/15 links written/);
  const rows = parse(readFileSync(csvPath, 'utf8'), { columns: true }) as Record<string, string>[];
  expect(rows[0].link).toMatch(/^https:\/\/hub\.example\.org\/survey\.html#hs_/);

  // Two respondents answer (through the store, as the form would), one adds an organisation.
  const store = await openStore({ dataDir: data });
  const tokens = rows.map((r) => r.link.split('#')[1]);
  const view = await openRespondentView(store, tokens[0]);
  const other = view.roster.find((e) => e.label === rows[1].name)!;
  await saveAnswers(store, tokens[0], { named: [{ key: other.key }], added: [{ name: 'Tartu Makerspace', type: 'community' }] }, { submit: true });
  const back = (await openRespondentView(store, tokens[1])).roster.find((e) => e.label === rows[0].name)!;
  await saveAnswers(store, tokens[1], { named: [{ key: back.key }] }, { submit: true });
  await store.close();

  const status = await run('survey', 'status', 'w', '1');
  expect(status.stdout).toMatch(/2\/15 answered \(13%\)/);
  expect(status.stdout).toMatch(/reciprocity: 1 of 1 ties/);
  expect(status.stdout).toContain(`${rows[0].respondent}#0  Tartu Makerspace (community)`);

  const refused = await run('survey', 'close', 'w', '1');
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/needs a decision.*#0 \(give --review FILE\)/);
  const review = join(dir, 'review.json');
  writeFileSync(review, JSON.stringify({ [`${rows[0].respondent}#0`]: { action: 'add', id: 'makerspace' } }));
  const closed = await run('survey', 'close', 'w', '1', '--review', review, '--date', '2026-11-30');
  expect(closed.code).toBe(0);
  expect(closed.stdout).toMatch(/closed into version 2: 2 ties \(1 confirmed, 1 one-sided\) from 2\/15 responses/);
  const diff = JSON.parse((await run('workspace', 'diff', 'w', '--json')).stdout);
  expect(diff.nodes.added).toEqual(['makerspace']);
  expect(diff.edges.added).toHaveLength(2);
}, 240_000);
