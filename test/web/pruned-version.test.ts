/**
 * Issue 20: a version retention reduced to its aggregate opens in the web app as that aggregate — nodes
 * by type, ties by type, nodes by region, the headline indicators and the rounds that used it, under
 * "version N was pruned on <date>; aggregate only" — instead of a 410 error box. Real Chromium over the
 * real server; the screenshot goes to test/artifacts/pruned-version.png.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ID, NAME, programme } from '../store/retention-fixture.ts';
import { ARTIFACTS, buildWeb, launchBrowser, startApiServer, type RunningServer } from './harness.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  await buildWeb();
  // v1–v3 400 days old, a round on v2 accepted into v3, v4 current (test/store/retention-fixture.ts).
  server = await startApiServer({ prepare: programme });
  const r = await fetch(`${server.baseUrl}/api/workspaces/w/retention`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ days: 30 }),
  });
  expect(await r.json()).toMatchObject({ pruned: [1], aggregated: [2, 3] });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('shows a pruned version as its aggregate, says so in the version list, and maps a whole version as before', async () => {
  await page.goto(`${server.baseUrl}/#/map?workspace=w&version=2`);
  const view = page.getByTestId('pruned-version');
  await view.waitFor({ timeout: 60_000 });
  const note = await page.getByTestId('pruned-note').textContent();
  expect(note).toMatch(/^version 2 was pruned on \d{4}-\d{2}-\d{2}; aggregate only\. Retention removed its nodes and ties, so there is no map/);
  expect(note).toContain('It had 5 nodes and 3 ties');
  const rows = async (testid: string) =>
    page
      .getByTestId(testid)
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  expect(await rows('pruned-node-types')).toEqual([
    ['school', '2'],
    ['teacher', '2'],
    ['company', '1'],
  ]);
  expect(await rows('pruned-tie-types')).toEqual([
    ['affiliation', '2'],
    ['collaboration', '1'],
  ]);
  expect(await rows('pruned-regions')).toEqual([
    ['North', '3'],
    ['South', '2'],
  ]);
  const indicators = await rows('pruned-indicators');
  expect(indicators.map((r) => r[0])).toEqual(['Whole network', 'North', 'South']);
  // 5 nodes, 3 ties: density 3 / (5·4/2) = 0.3; two schools.
  expect(indicators[0].slice(0, 6)).toEqual(['Whole network', '5', '3', '0.3', '2', expect.stringMatching(/^\d+ \(\d/)]);
  expect(await page.getByTestId('pruned-rounds').textContent()).toMatch(/Round 1 \(mentoring, accepted; computed here\): 2 pairs — 1 accepted, 1 rejected/);
  // Counts and region names only: nothing of the teacher the round paired.
  const text = await view.textContent();
  for (const needle of [ID, NAME]) expect(text).not.toContain(needle);
  expect(await page.locator('.state.error').count()).toBe(0);
  expect(await page.locator('#version-select option[value="2"]').textContent()).toMatch(/\(pruned\)/);
  expect(await page.locator('#version-select option[value="2"]').getAttribute('title')).toMatch(/pruned on .*; aggregate only/);
  await page.screenshot({ path: join(ARTIFACTS, 'pruned-version.png') });

  // The current version is whole: the map draws.
  await page.goto('about:blank');
  await page.goto(`${server.baseUrl}/#/map?workspace=w&version=4`);
  await page.locator('[data-rendered="true"]').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('pruned-version').count()).toBe(0);
  expect(pageErrors).toEqual([]);
}, 300_000);
