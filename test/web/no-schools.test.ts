/**
 * A fresh user's CORDIS-like upload (universities, companies and projects, no school) in Chromium:
 * the coordinator's list and a mentoring round say there is no school to rank or pair, rather than
 * "no isolated schools here" / "every school is in a pair"; a round's impact names its figures in
 * words. Screenshot: test/artifacts/no-schools-matching.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, startAppSuite, type AppSuite } from './harness.ts';

let suite: AppSuite;
let page: Page;
const api = (path: string, init?: RequestInit) => fetch(`${suite.server.baseUrl}/api/workspaces${path}`, init);

beforeAll(async () => {
  suite = await startAppSuite({ width: 1366, height: 900 });
  page = suite.page;
  const fd = new FormData();
  fd.append('create', 'true');
  fd.append(
    'files',
    new Blob(['id,type,label\nu1,university,Uni One\nu2,university,Uni Two\nc1,company,Firm\np1,project,Project A\np2,project,Project B\n']),
    'nodes.csv',
  );
  fd.append('files', new Blob(['source,target,type\nu1,p1,participation\nu2,p1,participation\nc1,p2,participation\nu1,p2,participation\n']), 'edges.csv');
  const up = await api('/projects/versions', { method: 'POST', body: fd });
  if (up.status !== 201) throw new Error(`upload: ${up.status} ${await up.text()}`);
}, 600_000);
afterAll(async () => {
  await suite?.close();
});

const round = async (ws: string) => {
  const r = await api(`/${ws}/versions/latest/rounds?wait=true`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'mentoring' }),
  });
  expect(r.status).toBe(201);
  return ((await r.json()) as { number: number }).number;
};

describe('a network without schools in the web app', () => {
  it('the coordinator says there is no school to rank, not that none is isolated', async () => {
    await page.goto(`${suite.server.baseUrl}/#/coordinator?workspace=projects`);
    const list = page.locator('#workbench .state.empty').first();
    await list.waitFor({ timeout: 120_000 });
    expect(await list.textContent()).toBe(
      'No schools here: the list ranks nodes typed school, and there are none in this selection. A file that names its schools another way can map that type to school on upload.',
    );
  }, 240_000);

  it('a mentoring round with no school says so, and its impact is in words', async () => {
    await round('projects');
    await page.goto(`${suite.server.baseUrl}/#/matching?workspace=projects`);
    await page.reload();
    const leftOut = page.locator('[data-testid=left-out]');
    await leftOut.waitFor({ timeout: 120_000 });
    expect(await leftOut.locator('p').textContent()).toBe(
      'No school to pair: the rules found no node typed school they take in (this version may have none; teacher-level mentoring pairs teachers).',
    );
    const impact = page.locator('[data-testid=impact] li');
    await impact.first().waitFor({ timeout: 120_000 });
    expect(await impact.allTextContents()).toEqual([
      'Isolated schools: 0 → 0',
      'Components: 1 → 1',
      'Schools with no path to a hub: 0 → 0',
      'Ties across communities: 1 → 1',
      'Cross-sector ties: 4 → 4',
    ]);
    await page.screenshot({ path: join(ARTIFACTS, 'no-schools-matching.png') });
    expect(suite.pageErrors).toEqual([]);
  }, 240_000);
});
