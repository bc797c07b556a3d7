/**
 * Issue 20: a version retention reduced to its aggregate opens in every view of the web app as that
 * aggregate — nodes by type, ties by type, nodes by region, the headline indicators and the rounds that
 * used it, under "version N was pruned on <date>; aggregate only" — with what the view cannot show, its
 * actions disabled with the reason, and a link to the nearest version that still has its network; a
 * whole version shows the view as before. Real Chromium over the real server; screenshots go to
 * test/artifacts/pruned-*.png.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ID, NAME, programme } from '../store/retention-fixture.ts';
import { ARTIFACTS, axeViolations, buildWeb, launchBrowser, startApiServer, type RunningServer } from './harness.ts';

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

const open = async (p: Page, hash: string) => {
  await p.goto('about:blank');
  await p.goto(`${server.baseUrl}/#/${hash}`);
  await p.getByTestId('pruned-version').waitFor({ timeout: 60_000 });
};
const rows = async (p: Page, testid: string) =>
  p
    .getByTestId(testid)
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
/** The page's pruned parts every view shares: the server's words, the way to v4, the disabled actions. */
const expectPrunedPage = async (p: Page, version: number, view: string, off: string[]) => {
  expect(await p.getByTestId('pruned-note').textContent()).toMatch(
    new RegExp(`^version ${version} was pruned on \\d{4}-\\d{2}-\\d{2}; aggregate only\\. Retention removed its nodes and ties`),
  );
  expect(await p.getByTestId('pruned-way').textContent()).toMatch(/^Version 4, made on \d{4}-\d{2}-\d{2}, still has its 4 nodes and 2 ties/);
  expect(await p.locator('#pruned-here-h').textContent()).toBe(`What the ${view} view cannot show`);
  const buttons = p.getByTestId('pruned-off').locator('button');
  expect(await buttons.allTextContents()).toEqual(off);
  for (const b of await buttons.all()) {
    expect(await b.isDisabled()).toBe(true);
    // Each says why, read out with the button.
    const why = await p.locator(`#${await b.getAttribute('aria-describedby')}`).textContent();
    expect(why?.length).toBeGreaterThan(10);
  }
  expect(await p.locator('.state.error').count()).toBe(0);
  const text = await p.getByTestId('pruned-version').textContent();
  for (const needle of [ID, NAME]) expect(text).not.toContain(needle);
};
/** Follows the page's link to the nearest whole version and waits for `ready` there. */
const openNearest = async (p: Page, view: string, ready: string) => {
  await p.getByTestId('pruned-open-nearest').click();
  await p.locator(ready).first().waitFor({ timeout: 120_000 });
  expect(p.url()).toMatch(new RegExp(`#/${view}\\?.*version=4`));
  expect(await p.locator('#version-select').inputValue()).toBe('4');
  expect(await p.getByTestId('pruned-version').count()).toBe(0);
};

it('map: a pruned version shows its aggregate, marks the version list, and leads to version 4, which maps as before', async () => {
  await open(page, 'map?workspace=w&version=2');
  await expectPrunedPage(page, 2, 'map', ['Export graph files', 'PNG / SVG figure']);
  expect(await page.getByTestId('pruned-note').textContent()).toContain('It had 5 nodes and 3 ties');
  expect(await rows(page, 'pruned-node-types')).toEqual([
    ['school', '2'],
    ['teacher', '2'],
    ['company', '1'],
  ]);
  expect(await rows(page, 'pruned-tie-types')).toEqual([
    ['affiliation', '2'],
    ['collaboration', '1'],
  ]);
  expect(await rows(page, 'pruned-regions')).toEqual([
    ['North', '3'],
    ['South', '2'],
  ]);
  const indicators = await rows(page, 'pruned-indicators');
  expect(indicators.map((r) => r[0])).toEqual(['Whole network', 'North', 'South']);
  // 5 nodes, 3 ties: density 3 / (5·4/2) = 0.3; two schools.
  expect(indicators[0].slice(0, 6)).toEqual(['Whole network', '5', '3', '0.3', '2', expect.stringMatching(/^\d+ \(\d/)]);
  expect(await page.getByTestId('pruned-rounds').textContent()).toMatch(/Round 1 \(mentoring, accepted; computed here\): 2 pairs — 1 accepted, 1 rejected/);
  // No map, no map tools: nothing to export or refine.
  expect(await page.locator('.sigma-container, .export-menu, [data-testid=refine]').count()).toBe(0);
  expect(await page.locator('#version-select option[value="2"]').textContent()).toMatch(/\(pruned\)/);
  expect(await page.locator('#version-select option[value="2"]').getAttribute('title')).toMatch(/pruned on .*; aggregate only/);
  expect(await page.locator('#version-select option[value="4"]').textContent()).not.toMatch(/pruned/);
  await page.screenshot({ path: join(ARTIFACTS, 'pruned-version.png') });

  await openNearest(page, 'map', '[data-rendered="true"]');
  expect(await page.getByTestId('map-status').textContent()).toMatch(/^4 of 4 nodes/);
  // Picking a pruned version in the header's select leads to the same page.
  await page.locator('#version-select').selectOption('3');
  await page.getByTestId('pruned-version').waitFor({ timeout: 60_000 });
  await expectPrunedPage(page, 3, 'map', ['Export graph files', 'PNG / SVG figure']);
}, 300_000);

it('coordinator: the report of what was kept still downloads, the rest is off with why, and a comparison with version 4 says what it cannot compare', async () => {
  await open(page, 'coordinator?workspace=w&version=2');
  await expectPrunedPage(page, 2, 'coordinator', ['Suggest mentors / partners for selected', 'Download list (CSV)', 'Compare two dates']);
  expect(await page.locator('#workbench, [data-testid=isolated-list]').count()).toBe(0);
  // The region picks the report's region; the report is the server's report of the aggregate.
  await page.getByTestId('coord-region').selectOption('North');
  const href = await page.getByTestId('report-link').getAttribute('href');
  expect(href).toBe('/api/workspaces/w/versions/2/report?region=North');
  const report = await fetch(`${server.baseUrl}${href}`);
  expect(report.status).toBe(200);
  expect(report.headers.get('content-type')).toMatch(/text\/html/);
  expect(await report.text()).toContain('aggregate only');

  const compare = page.getByTestId('pruned-compare');
  expect(await compare.getAttribute('open')).toBeNull();
  await compare.locator('summary').click();
  await page.getByTestId('pruned-compare-table').waitFor({ timeout: 120_000 });
  const byLabel = Object.fromEntries((await rows(page, 'pruned-compare-table')).map((r) => [r[0], r.slice(1)]));
  // v2 had Mari and her tie; v4 has neither.
  expect(byLabel.Nodes).toEqual(['5', '4', '−1']);
  expect(byLabel.Schools).toEqual(['2', '2', '±0']);
  expect(byLabel['Nodes typed teacher']).toEqual(['2', '1', '−1']);
  expect(byLabel['Nodes typed company']).toEqual(['1', '1', '±0']);
  expect(byLabel['Nodes in North']).toEqual(['3', '2', '−1']);
  expect(byLabel['Nodes in South']).toEqual(['2', '2', '±0']);
  // By region: the headline figures of that region on both sides.
  await page.getByTestId('pruned-compare-group').selectOption('North');
  const north = Object.fromEntries((await rows(page, 'pruned-compare-table')).map((r) => [r[0], r.slice(1)]));
  expect(north.Nodes).toEqual(['3', '2', '−1']);
  expect(north.Schools).toEqual(['1', '1', '±0']);
  expect(north['Nodes typed teacher']).toBeUndefined();
  await page.getByTestId('pruned-compare-group').selectOption('');
  expect(await page.getByTestId('pruned-compare-limits').textContent()).toMatch(
    /^What cannot be compared: which schools, teachers, organisations or ties came or went.*keeps no ids/,
  );
  // The page scrolls inside <main>: a tall window shows all of it, the comparison included.
  await page.setViewportSize({ width: 1280, height: 1500 });
  await page.getByTestId('pruned-version').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(ARTIFACTS, 'pruned-coordinator.png') });
  await page.setViewportSize({ width: 1280, height: 860 });

  expect(await axeViolations(page)).toEqual([]);

  // What was kept downloads as it is, one figure a row.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pruned-csv').click()]);
  expect(csv.suggestedFilename()).toBe('w-v2-aggregate.csv');
  const lines = readFileSync((await csv.path())!, 'utf8').split('\r\n');
  expect(lines[0]).toBe('table,group,name,value');
  expect(lines).toEqual(
    expect.arrayContaining([
      'version,,nodes,5',
      'nodes by type,,teacher,2',
      'nodes by region,,North,3',
      'indicators,whole network,density,0.3',
      'indicators,South,isolatedSchools,1',
    ]),
  );
  expect(lines.join('\n')).not.toContain(ID);

  // The region picked here carries over to version 4.
  await openNearest(page, 'coordinator', '#workbench h2');
  expect(page.url()).toContain('region=North');
  expect(await page.locator('#workbench h2').first().textContent()).toBe('Isolated and peripheral schools');
  await page.locator('[data-rendered="true"]').waitFor({ timeout: 60_000 });
}, 300_000);

it('matching: no round can run on a pruned version; its rounds are tallied; version 4 runs as before', async () => {
  await open(page, 'matching?workspace=w&version=3');
  await expectPrunedPage(page, 3, 'matching', ['Run matching']);
  expect(await page.getByTestId('run-match').count()).toBe(0);
  expect(await page.getByTestId('pruned-rounds').textContent()).toMatch(/Round 1 \(mentoring, accepted; accepted here\): 2 pairs/);
  await page.screenshot({ path: join(ARTIFACTS, 'pruned-matching.png') });

  await openNearest(page, 'matching', '[data-testid=run-match]');
  await expect.poll(() => page.getByTestId('run-match').isEnabled(), { timeout: 120_000 }).toBe(true);
  // Round 1, made on pruned version 2, still opens there, its pairs by id, saying why; the round list marks it as the version list does.
  await page.getByTestId('round-status').waitFor({ timeout: 60_000 });
  expect(await page.locator('#match-round option[value="1"]').textContent()).toMatch(/^#1 mentoring · accepted · on v2 \(pruned\) · /);
  expect(await page.getByTestId('round-version-pruned').textContent()).toMatch(
    /^Version 2 was pruned on \d{4}-\d{2}-\d{2}; aggregate only: the pairs read as ids/,
  );
  await page
    .locator('#workbench')
    .getByText(/^No impact figures: version 2 was pruned on/)
    .waitFor({ timeout: 60_000 });
  expect(await page.locator('#workbench .state.error').allTextContents()).toEqual([]);
  await page.locator('#workbench').screenshot({ path: join(ARTIFACTS, 'pruned-round.png') });
}, 300_000);

it('researcher: upload and maturity change stay, the version’s figures are off; version 4 has its figures', async () => {
  await open(page, 'researcher?workspace=w&version=2');
  await expectPrunedPage(page, 2, 'researcher', ['Download CSV', 'Test against the null model']);
  expect(await page.getByTestId('upload-files').count()).toBe(1);
  expect(await page.getByTestId('maturity-change').count()).toBe(1);
  expect(await page.locator('[data-testid=metrics-table], [data-testid=sig-run]').count()).toBe(0);
  await page.screenshot({ path: join(ARTIFACTS, 'pruned-researcher.png') });

  await openNearest(page, 'researcher', '[data-testid=graph-figures]');
}, 300_000);

it('a version pruned while the page was open: the 410 leads to its aggregate, not an error', async () => {
  // The first version list the page reads predates the pruning (prunedAt stripped), as a tab left open would.
  let stale = true;
  await page.route('**/api/workspaces/w/versions', async (route) => {
    if (!stale || route.request().method() !== 'GET') return route.continue();
    stale = false;
    const res = await route.fetch();
    const body = (await res.json()) as { versions: Record<string, unknown>[] };
    await route.fulfill({ response: res, json: { versions: body.versions.map((v) => ({ ...v, prunedAt: null })) } });
  });
  await page.goto('about:blank');
  await page.goto(`${server.baseUrl}/#/coordinator?workspace=w&version=2`);
  await page.getByTestId('pruned-version').waitFor({ timeout: 60_000 });
  expect(stale).toBe(false);
  await expectPrunedPage(page, 2, 'coordinator', ['Suggest mentors / partners for selected', 'Download list (CSV)', 'Compare two dates']);
  await page.unroute('**/api/workspaces/w/versions');
}, 300_000);

it('on a phone (390 px) the pruned page fits the width and the way back is on screen', async () => {
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  phone.on('pageerror', (e) => pageErrors.push(e.message));
  try {
    for (const [hash, file] of [
      ['coordinator?workspace=w&version=2', 'pruned-phone-coordinator.png'],
      ['matching?workspace=w&version=3', 'pruned-phone-matching.png'],
    ] as const) {
      await open(phone, hash);
      // The header's select is narrow here: the mark comes first, so it is the part that shows.
      expect(await phone.locator('#version-select option:checked').textContent()).toMatch(/^v\d \(pruned\)/);
      // Nothing wider than the screen but the tables' own scrolling boxes.
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const way = await phone.getByTestId('pruned-open-nearest').boundingBox();
      expect(way && way.x >= 0 && way.x + way.width <= 390 && way.y + way.height <= 844).toBe(true);
      await phone.screenshot({ path: join(ARTIFACTS, file) });
    }
    // The wide indicator table scrolls in its own box.
    await phone.getByTestId('pruned-indicators').scrollIntoViewIfNeeded();
    const box = await phone.getByTestId('pruned-indicators').evaluate((t) => ({ scroll: t.parentElement!.scrollWidth, client: t.parentElement!.clientWidth }));
    expect(box.scroll).toBeGreaterThan(box.client);
    // Scrolled to its last columns, the group names stay at the left.
    await phone.getByTestId('pruned-indicators').evaluate((t) => t.parentElement!.scrollTo({ left: 10_000 }));
    const group = await phone.getByTestId('pruned-indicators').locator('tbody th').first().boundingBox();
    expect(group!.x).toBeGreaterThanOrEqual(0);
    expect(group!.x).toBeLessThan(40);
    await phone.screenshot({ path: join(ARTIFACTS, 'pruned-phone-indicators.png') });
  } finally {
    await phone.close();
  }
  expect(pageErrors).toEqual([]);
}, 300_000);
