/**
 * A shared map link with a tie-type filter (`tieTypes=`) asks the graph API for only those ties
 * (`edgeTypes=`), in Chromium against the real server: the map shows those ties, the filter still
 * offers every tie type of the version with its count, widening the filter loads the rest once, and
 * a link naming a tie type the version lacks still opens the map. Screenshot:
 * test/artifacts/shared-tie-types.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, startAppSuite, type AppSuite } from './harness.ts';

type Graph = { nodes: unknown[]; edges: { type: string; ownType: string | null }[]; tieTypes: { key: string; count: number }[] };

let suite: AppSuite;
let page: Page;
let whole: Graph;
const graphRequests: string[] = [];

beforeAll(async () => {
  suite = await startAppSuite({ width: 1366, height: 768 });
  page = suite.page;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.endsWith('/graph')) graphRequests.push(decodeURIComponent(new URL(r.url()).search));
  });
  whole = (await (await fetch(`${suite.server.baseUrl}/api/workspaces/sample/versions/latest/graph`)).json()) as Graph;
}, 600_000);
afterAll(async () => {
  await suite?.close();
});

const status = () => page.locator('[data-testid=map-status]');
const tieCount = async () => (await status().textContent())?.match(/([\d,]+) of ([\d,]+) ties/)?.slice(1, 3);
const typeCount = (key: string) => whole.edges.filter((e) => (e.ownType ?? e.type) === key).length;
const fmt = (n: number) => n.toLocaleString('en');

describe('a shared link with tie types', () => {
  it('loads only the linked tie types from the server and shows just those ties, the filter offering all', async () => {
    const mentoring = typeCount('mentoring');
    expect(mentoring).toBeGreaterThan(0);
    expect(mentoring).toBeLessThan(whole.edges.length);
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/graph'));
    await page.goto(`${suite.server.baseUrl}/#/map?workspace=sample&tieTypes=mentoring`);
    const body = (await (await answer).json()) as Graph;
    await status().waitFor({ timeout: 120_000 });
    await page.waitForSelector('.map-area[data-rendered=true]');

    expect(graphRequests).toEqual(['?edgeTypes=mentoring']);
    // What the browser holds: the mentoring ties only, and every node.
    expect(body.edges.length).toBe(mentoring);
    expect(new Set(body.edges.map((e) => e.type))).toEqual(new Set(['mentoring']));
    expect(body.nodes.length).toBe(whole.nodes.length);
    expect(await status().getAttribute('data-nodes')).toBe(String(whole.nodes.length));
    // The status counts the shown ties against the version's, not the loaded ones.
    expect(await tieCount()).toEqual([fmt(mentoring), fmt(whole.edges.length)]);

    // The filter lists every tie type of the version with its full count; the linked one is checked.
    const boxes = page.locator('[data-testid=tie-type-filter] label');
    const labels = await boxes.allTextContents();
    expect(labels).toHaveLength(whole.tieTypes.length);
    for (const t of whole.tieTypes) expect(labels.some((l) => l.includes(`${t.key}`) && l.includes(`(${fmt(t.count)})`))).toBe(true);
    const checked = await boxes.locator('input:checked').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(checked).toEqual(['mentoring']);
    await page.locator('[data-testid=tie-type-filter]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'shared-tie-types.png') });

    // Widening the filter loads the ties the map did not hold, once; narrowing again stays in the browser.
    await boxes.filter({ hasText: 'partnership' }).locator('input').check();
    const both = mentoring + typeCount('partnership');
    await expect.poll(tieCount, { timeout: 60_000 }).toEqual([fmt(both), fmt(whole.edges.length)]);
    expect(graphRequests).toEqual(['?edgeTypes=mentoring', '']);
    expect(page.url()).toContain('tieTypes=mentoring%2Cpartnership');
    await page.locator('[data-testid=tie-type-filter] label').filter({ hasText: 'mentoring' }).locator('input').uncheck();
    await expect.poll(tieCount, { timeout: 30_000 }).toEqual([fmt(typeCount('partnership')), fmt(whole.edges.length)]);
    expect(graphRequests).toHaveLength(2);
    expect(suite.pageErrors).toEqual([]);
  }, 300_000);

  it('a link naming a tie type the version does not have still opens the map, with none of its ties', async () => {
    const fresh = await suite.browser.newPage({ viewport: { width: 1366, height: 768 } });
    const asked: string[] = [];
    fresh.on('request', (r) => {
      if (new URL(r.url()).pathname.endsWith('/graph')) asked.push(decodeURIComponent(new URL(r.url()).search));
    });
    try {
      await fresh.goto(`${suite.server.baseUrl}/#/map?workspace=sample&tieTypes=advice`);
      const st = fresh.locator('[data-testid=map-status]');
      await st.waitFor({ timeout: 120_000 });
      // The server refuses the unknown name (400); the map then loads whole and shows no tie.
      expect(asked).toEqual(['?edgeTypes=advice', '']);
      expect((await st.textContent())?.match(/([\d,]+) of ([\d,]+) ties/)?.slice(1, 3)).toEqual(['0', fmt(whole.edges.length)]);
      expect(await fresh.locator('.error, [role=alert]').count()).toBe(0);
    } finally {
      await fresh.close();
    }
  }, 180_000);
});
