/**
 * The coordinator's indicators show nodes by the file's own types (NGO, makerspace, …), for the
 * whole network and per region, country or hub, in Chromium over the real server.
 * Screenshot: test/artifacts/own-counts-coordinator.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ARTIFACTS, type AppSuite, startAppSuite } from './harness.ts';

let suite: AppSuite;
beforeAll(async () => {
  suite = await startAppSuite({ width: 1366, height: 900 });
  const { baseUrl } = suite.server;
  const files = [
    {
      name: 'nodes.csv',
      content:
        'id,type,label,region,country\nn1,NGO,Alpha,North,EE\nn2,NGO,Beta,South,EE\nn3,makerspace,Gamma,North,FI\nn4,school,Delta School,North,FI\nn5,NGO,Epsilon,South,FI\n',
    },
    { name: 'edges.csv', content: 'source,target,type\nn1,n2,collaboration\nn3,n4,collaboration\nn4,n5,collaboration\n' },
  ];
  const ws = await fetch(`${baseUrl}/api/workspaces`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'owncounts' }),
  });
  expect(ws.status).toBe(201);
  const up = await fetch(`${baseUrl}/api/workspaces/owncounts/versions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ message: 'own types', files }),
  });
  expect(up.status).toBe(201);
}, 600_000);
afterAll(async () => {
  await suite?.close();
});

const rows = () =>
  suite.page
    .locator('[data-testid=own-counts] tr')
    .evaluateAll((trs) => trs.map((tr) => [tr.className === 'sel' ? '*' : '', ...[...tr.children].map((c) => c.textContent)]));

describe('own types in the indicators view', () => {
  it('lists nodes by own type overall and per region, marks the selected region, and switches to countries', async () => {
    const { page, server } = suite;
    await page.goto(`${server.baseUrl}/#/coordinator?workspace=owncounts&region=North`);
    await page.locator('[data-testid=own-counts]').waitFor({ timeout: 120_000 });
    expect(await rows()).toEqual([
      ['', 'Region', 'NGO', 'makerspace'],
      ['', 'Whole network', '3', '1'],
      ['*', 'North', '1', '1'],
      ['', 'South', '2', '0'],
    ]);
    await page.selectOption('[data-testid=own-counts-by]', 'country');
    await expect.poll(rows, { timeout: 60_000 }).toEqual([
      ['', 'Country', 'NGO', 'makerspace'],
      ['', 'Whole network', '3', '1'],
      ['', 'EE', '2', '0'],
      ['', 'FI', '1', '1'],
    ]);
    await page.locator('[data-testid=own-counts]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'own-counts-coordinator.png') });
    expect(suite.pageErrors).toEqual([]);
  }, 300_000);

  it('shows no own-type table for a file without own types', async () => {
    const { page, server } = suite;
    await page.goto(`${server.baseUrl}/#/coordinator?workspace=sample&region=${encodeURIComponent('Tartu County')}`);
    await page.locator('[data-testid=indicators]').waitFor({ timeout: 120_000 });
    expect(await page.locator('[data-testid=own-counts]').count()).toBe(0);
  }, 300_000);
});
