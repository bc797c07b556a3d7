/**
 * Issue 18's researcher panels in real Chromium against the real server: the significance panel
 * runs a small null-model job with progress and shows the z and p the API computes, beside the
 * graph-level figures; brokerage roles fill the metric table and size the map; core–periphery
 * shows coreness beside k-core with the fit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, axeViolations, startAppSuite, type AppSuite, type RunningServer } from './harness.ts';

let suite: AppSuite;
let server: RunningServer;
let page: Page;
const V = '/api/workspaces/sample/versions/latest';
const api = async <T>(path: string): Promise<T> => {
  const r = await fetch(`${server.baseUrl}${path}`);
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
};
const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  suite = await startAppSuite({ width: 1440, height: 900 });
  ({ server, page } = suite);
}, 600_000);

afterAll(async () => {
  expect(suite?.pageErrors ?? []).toEqual([]);
  await suite?.close();
});

/** Circles of the map's exported SVG figure: node id → radius. */
async function mapRadii(): Promise<Map<string, number>> {
  if ((await page.locator('.export-menu').getAttribute('open')) === null) await page.locator('.export-menu summary').click();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export=svg]').click()]);
  const svg = readFileSync((await dl.path())!, 'utf8');
  const out = new Map<string, number>();
  for (const m of svg.matchAll(/<circle data-id="([^"]*)" cx="[^"]*" cy="[^"]*" r="([^"]*)"/g))
    out.set(
      m[1].replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c))),
      Number(m[2]),
    );
  return out;
}

describe('issue 18: research panels', () => {
  it('the significance panel runs a 30-sample degree-null job with progress and shows the API’s z and p, also on the figure cards', async () => {
    await page.goto(`${server.baseUrl}/#/researcher?workspace=sample`);
    await page.locator('[data-testid=graph-figures] .card[data-key=modularity]').waitFor({ timeout: 180_000 });
    await page.fill('[data-testid=sig-samples]', '30');
    // The panel asks for a job and follows it (progress), rather than holding one request open.
    const answers: { url: string; status: number }[] = [];
    page.on('response', (r) => answers.push({ url: r.url(), status: r.status() }));
    await page.click('[data-testid=sig-run]');
    const row = page.locator('[data-testid=sig-table] tr[data-stat=modularity]');
    await row.waitFor({ timeout: 300_000 });
    // The same query straight from the API is now a cache hit: the numbers the panel must show.
    const ref = await api<{ tests: { stat: string; z: number | null; p: number | null }[] }>(`${V}/significance?null=degree&samples=30&seed=1`);
    const mod = ref.tests.find((t) => t.stat === 'modularity')!;
    expect(mod.z).not.toBeNull();
    const z = Number((await row.locator('td[data-z]').textContent())!.replace(/,/g, ''));
    expect(Math.abs(z - mod.z!)).toBeLessThan(0.01 * Math.max(1, Math.abs(mod.z!)));
    const pText = (await row.locator('td[data-p]').textContent())!;
    expect(Number(pText)).toBeCloseTo(mod.p!, 3);
    expect(await page.locator('[data-testid=sig-table] tbody tr').count()).toBe(ref.tests.length);
    // Beside the figure: the modularity card carries its z and p.
    expect(await page.locator('[data-testid=sig-modularity]').textContent()).toMatch(/^z .+ · p .+ vs null$/);
    expect(answers.some((a) => a.url.includes('/significance?') && a.status === 202)).toBe(true);
    expect(answers.some((a) => a.url.includes('/api/jobs/'))).toBe(true);
    await shot('research-significance-1440');
  }, 600_000);

  it('brokerage roles by region fill the metric table, and sizing the map by brokerage changes node sizes', async () => {
    await page.goto(`${server.baseUrl}/#/map?workspace=sample`);
    await page.locator('.map-area[data-metrics=true]').waitFor({ timeout: 180_000 });
    const byDegree = await mapRadii();
    await page.goto(`${server.baseUrl}/#/researcher?workspace=sample`);
    await page.selectOption('[data-testid=brokerage-group]', 'region');
    await page.click('[data-testid=brokerage-run]');
    await page.locator('[data-testid=brokerage-table] tbody tr').first().waitFor({ timeout: 180_000 });
    const top = await api<{ rows: { id: string; label: string | null; brokerage: { total: number } }[] }>(
      `${V}/analysis/metrics?group=region&sort=brokerage.total&limit=1`,
    );
    expect(top.rows[0].brokerage.total).toBeGreaterThan(0);
    // The main metric table now has the role columns.
    await page.locator('[data-testid=metrics-table] th', { hasText: 'brokerage.total' }).first().waitFor({ timeout: 120_000 });
    await shot('research-brokerage-1440');
    await page.click('[data-testid=brokerage-sizeBy-total]');
    await page.locator('.map-area[data-size-by="brokerage.total"]').waitFor({ timeout: 180_000 });
    await page.locator('.map-area[data-metrics=true]').waitFor({ timeout: 180_000 });
    const byBrokerage = await mapRadii();
    const largest = [...byBrokerage].sort((a, b) => b[1] - a[1])[0][0];
    expect(largest).toBe(top.rows[0].id);
    const changed = [...byBrokerage].filter(([k, r]) => Math.abs(r - (byDegree.get(k) ?? r)) > 0.05).length;
    expect(changed).toBeGreaterThan(byBrokerage.size / 4);
    await page.screenshot({ path: join(ARTIFACTS, 'map-size-brokerage-1440.png') });
  }, 600_000);

  it('core–periphery shows coreness beside k-core and the fit the API reports', async () => {
    await page.goto(`${server.baseUrl}/#/researcher?workspace=sample`);
    await page.click('[data-testid=coreperiphery-run]');
    const fit = page.locator('[data-testid=coreperiphery-fit]');
    await fit.waitFor({ timeout: 180_000 });
    const doc = await api<{ graph: { corePeripheryFit: number } }>(`${V}/analysis?coreperiphery=true`);
    expect(Number(await fit.textContent())).toBeCloseTo(doc.graph.corePeripheryFit, 3);
    const head = await page.locator('[data-testid=coreperiphery-table] th').allTextContents();
    expect(head.join('|')).toMatch(/coreness.*k-core/);
    await page.locator('[data-testid=coreperiphery-result]').scrollIntoViewIfNeeded();
    await shot('research-coreperiphery-1440');
  }, 600_000);

  it('sizing the map by coreness (from the core–periphery panel) makes the API’s top-coreness node the largest circle', async () => {
    await page.goto(`${server.baseUrl}/#/researcher?workspace=sample`);
    await page.click('[data-testid=coreperiphery-run]');
    await page.locator('[data-testid=coreperiphery-sizeBy]').waitFor({ timeout: 180_000 });
    const top = await api<{ rows: { id: string; coreness: number }[] }>(`${V}/analysis/metrics?coreperiphery=true&sort=coreness&limit=2`);
    expect(top.rows[0].coreness).toBeGreaterThan(top.rows[1].coreness); // one node is the largest
    await page.click('[data-testid=coreperiphery-sizeBy]');
    await page.locator('.map-area[data-size-by="coreness"]').waitFor({ timeout: 180_000 });
    await page.locator('.map-area[data-metrics=true]').waitFor({ timeout: 180_000 });
    // The size menu offers it under its vocabulary name, and the link keeps it for a reload.
    expect(await page.locator('[data-testid=size-by] option[value=coreness]').textContent()).toBe('Coreness (core–periphery)');
    expect(page.url()).toContain('coreperiphery=true');
    const radii = await mapRadii();
    const largest = [...radii].sort((a, b) => b[1] - a[1])[0][0];
    expect(largest).toBe(top.rows[0].id);
    await page.screenshot({ path: join(ARTIFACTS, 'map-size-coreness-1440.png') });
  }, 600_000);

  it('the researcher view with all three panels filled has no serious axe-core violations', async () => {
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/#/researcher?workspace=sample&group=region`);
    await page.fill('[data-testid=sig-samples]', '30');
    await page.click('[data-testid=sig-run]');
    await page.click('[data-testid=coreperiphery-run]');
    await page.locator('[data-testid=sig-table]').waitFor({ timeout: 300_000 });
    await page.locator('[data-testid=brokerage-table] tbody tr').first().waitFor({ timeout: 180_000 });
    await page.locator('[data-testid=coreperiphery-fit]').waitFor({ timeout: 180_000 });
    const violations = await axeViolations(page);
    expect(violations).toEqual([]);
  }, 600_000);
});
