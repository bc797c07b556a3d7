/**
 * A Pajek file (igraph's write_pajek of Zachary's karate club, laid out on a circle) uploaded in the
 * researcher view, in Chromium: the check reads it as 34 nodes and 78 ties, the upload creates the
 * workspace and the map shows the file's own layout. Screenshots: test/artifacts/upload-pajek.png,
 * test/artifacts/map-pajek-layout.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, ROOT, buildWeb, launchBrowser, startApiServer, type RunningServer } from './harness.ts';

const ZACHARY = join(ROOT, 'test/fixtures/peers/igraph/zachary.net');

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

describe('a Pajek file in the web upload', () => {
  it('is checked, uploaded and drawn with its own layout', async () => {
    await page.goto(`${server.baseUrl}/#/researcher?workspace=sample`);
    await page.getByText('GEXF, GraphML, GML, Pajek .net or GDF').waitFor({ timeout: 60_000 });
    await page.fill('input[aria-label="Workspace name for the upload"]', 'zachary');
    await page.locator('[data-testid=upload-files]').setInputFiles([{ name: 'zachary.net', mimeType: 'text/plain', buffer: readFileSync(ZACHARY) }]);
    await page.click('[data-testid=upload-check]');
    const preview = page.locator('[data-testid=upload-preview]');
    await preview.getByText('Reads as 34 nodes and 78 ties.').waitFor({ timeout: 60_000 });
    // How the file was read: ids from the vertex labels.
    await preview.getByText('node ids are the Pajek vertex labels').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'upload-pajek.png'), fullPage: true });
    await page.click('[data-testid=upload-send]');
    const workspaces = async () =>
      ((await (await fetch(`${server.baseUrl}/api/workspaces`)).json()) as { workspaces: { name: string }[] }).workspaces.map((w) => w.name);
    await expect.poll(workspaces, { timeout: 60_000 }).toContain('zachary');
    const version = (await (await fetch(`${server.baseUrl}/api/workspaces/zachary/versions/latest`)).json()) as { report: { format: string } };
    expect(version.report.format).toBe('pajek');

    await page.goto(`${server.baseUrl}/#/map?workspace=zachary`);
    const status = page.locator('[data-testid=map-status]');
    await status.waitFor({ timeout: 120_000 });
    expect(Number(await status.getAttribute('data-nodes'))).toBe(34);
    // The file's coordinates (igraph's circle layout) are there to draw with.
    const d = (await (await fetch(`${server.baseUrl}/api/workspaces/zachary/versions/latest/dataset`)).json()) as { nodes: { attrs: { viz_x?: number } }[] };
    expect(d.nodes.every((n) => typeof n.attrs.viz_x === 'number')).toBe(true);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(ARTIFACTS, 'map-pajek-layout.png') });
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
