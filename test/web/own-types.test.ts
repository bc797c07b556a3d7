/**
 * The user's own types on screen, in Chromium: Gephi Lite's own sample (nodes typed person,
 * software, paper, …; ties typed requires, created, …) is uploaded as is and the map's filters offer
 * those types with the kind each is read as; filtering changes the counts and a shared link
 * restores the filter. Screenshot: test/artifacts/own-types-map.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, ROOT, buildWeb, launchBrowser, startApiServer, type RunningServer } from './harness.ts';

const GEPHI_LITE = join(ROOT, 'test/fixtures/peers/gephi-lite/gephi-lite.gexf');

let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  await buildWeb();
  server = await startApiServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const status = () => page.locator('[data-testid=map-status]');
const counts = async () => [Number(await status().getAttribute('data-nodes')), (await status().textContent())?.match(/([\d,]+) of ([\d,]+) ties/)?.[1]];

describe('own types on the map', () => {
  it('filters Gephi Lite’s sample by its own node and tie types, and the link restores the filter', async () => {
    const fd = new FormData();
    fd.append('create', 'true');
    fd.append('files', new Blob([readFileSync(GEPHI_LITE)]), 'gephi-lite.gexf');
    const up = await fetch(`${server.baseUrl}/api/workspaces/gephilite/versions`, { method: 'POST', body: fd });
    expect(up.status).toBe(201);

    await page.goto(`${server.baseUrl}/#/map?workspace=gephilite`);
    await status().waitFor({ timeout: 120_000 });
    expect(await counts()).toEqual([61, '88']);
    const nodeTypes = page.locator('[data-testid=node-type-filter] label');
    expect(await nodeTypes.allTextContents()).toEqual([
      ' entreprise → other (3)',
      ' event → other (2)',
      ' paper → other (12)',
      ' person → other (18)',
      ' research group → other (7)',
      ' software → other (19)',
    ]);
    expect(await page.locator('[data-testid=tie-type-filter] label').allTextContents()).toContain(' requires → collaboration, directed (16)');

    await nodeTypes.filter({ hasText: 'person' }).locator('input').check();
    await expect.poll(counts, { timeout: 30_000 }).toEqual([18, expect.any(String)]);
    expect(page.url()).toContain('types=person');
    await nodeTypes.filter({ hasText: 'software' }).locator('input').check();
    await expect.poll(counts, { timeout: 30_000 }).toEqual([37, expect.any(String)]);

    // Tie types keep every node and narrow the ties.
    await page.goto(`${server.baseUrl}/#/map?workspace=gephilite&tieTypes=requires`);
    await page.reload();
    await status().waitFor({ timeout: 120_000 });
    await expect.poll(counts, { timeout: 30_000 }).toEqual([61, '16']);
    expect(await page.locator('[data-testid=tie-type-filter] label').filter({ hasText: 'requires' }).locator('input').isChecked()).toBe(true);

    // A shared link with an own node type restores the checkbox and the count.
    await page.goto(`${server.baseUrl}/#/map?workspace=gephilite&types=person%2Csoftware`);
    await page.reload();
    await status().waitFor({ timeout: 120_000 });
    await expect.poll(counts, { timeout: 30_000 }).toEqual([37, expect.any(String)]);
    expect(await nodeTypes.filter({ hasText: 'person' }).locator('input').isChecked()).toBe(true);
    await page.waitForSelector('.map-area[data-rendered=true]');
    await page.screenshot({ path: join(ARTIFACTS, 'own-types-map.png') });
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
