/**
 * The upload's column-mapping step in Chromium: a Kumu-style export whose columns hubgraph does not
 * know by name is previewed, mapped in the page and uploaded into a new workspace; a refused upload
 * into a new workspace leaves no workspace behind. Screenshot: test/artifacts/upload-mapping.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, buildWeb, launchBrowser, startApiServer, type RunningServer } from './harness.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await buildWeb();
  server = await startApiServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const workspaces = async () =>
  ((await (await fetch(`${server.baseUrl}/api/workspaces`)).json()) as { workspaces: { name: string }[] }).workspaces.map((w) => w.name);

describe('upload with a column-mapping step', () => {
  it('a refused upload into a new workspace creates nothing', async () => {
    await page.goto(`${server.baseUrl}/#/researcher?workspace=sample`);
    await page.fill('input[aria-label="Workspace name for the upload"]', 'never');
    await page.locator('[data-testid=upload-files]').setInputFiles([
      { name: 'nodes.csv', mimeType: 'text/csv', buffer: Buffer.from('id,type\na,school\n') },
      { name: 'edges.csv', mimeType: 'text/csv', buffer: Buffer.from('source,target\na,ghost\n') },
    ]);
    await page.click('[data-testid=upload-send]');
    await page.locator('[data-testid=upload-result] .upload-errors li').first().waitFor({ timeout: 60_000 });
    expect(await workspaces()).not.toContain('never');
  }, 120_000);

  it('previews the first rows, maps Von/Nach/Gewicht and uploads into a new workspace', async () => {
    await page.goto(`${server.baseUrl}/#/researcher?workspace=sample`);
    await page.fill('input[aria-label="Workspace name for the upload"]', 'mapped');
    await page.locator('[data-testid=upload-files]').setInputFiles([
      { name: 'nodes.csv', mimeType: 'text/csv', buffer: Buffer.from('Name;Art;Schüler\nNord;school;420\nSüd;school;1,5\nHub;hub;\n') },
      { name: 'edges.csv', mimeType: 'text/csv', buffer: Buffer.from('Von;Nach;Gewicht\nNord;Süd;0,5\nSüd;Hub;2\n') },
    ]);
    await page.click('[data-testid=upload-check]');
    const preview = page.locator('[data-testid=upload-preview]');
    await preview.locator('.upload-errors li').first().waitFor({ timeout: 60_000 });
    expect(await preview.locator('table.preview-rows').nth(1).locator('td').allTextContents()).toEqual(['Nord', 'Süd', '0,5', 'Süd', 'Hub', '2']);
    await page.selectOption('select[data-field="edges.source"]', 'Von');
    await page.selectOption('select[data-field="edges.target"]', 'Nach');
    await page.selectOption('select[data-field="edges.weight"]', 'Gewicht');
    await page.selectOption('select[data-field="nodes.type"]', 'Art');
    await page.check('[data-testid=upload-decimal-comma]');
    await page.click('[data-testid=upload-check]');
    await preview.getByText('Reads as 3 nodes and 2 ties.').waitFor({ timeout: 60_000 });
    // Type inference: with the decimal comma, Schüler (420, 1,5) is read as numbers, and the preview says so.
    expect(await preview.locator('[data-testid=upload-column-summary]').allTextContents()).toEqual(['nodes.csv: read as numbers: Schüler']);
    // Switched off, the column stays text; back on for the upload.
    await page.uncheck('[data-testid=upload-infer-types]');
    await page.click('[data-testid=upload-check]');
    await preview.getByText('nodes.csv: read as text: Schüler (not inferred)').waitFor({ timeout: 60_000 });
    await page.check('[data-testid=upload-infer-types]');
    await page.click('[data-testid=upload-check]');
    await preview.getByText('nodes.csv: read as numbers: Schüler').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'upload-mapping.png'), fullPage: true });
    await page.click('[data-testid=upload-send]');
    // On success the app switches to the new workspace (and re-renders the view).
    await expect.poll(workspaces, { timeout: 60_000 }).toContain('mapped');
    const d = (await (await fetch(`${server.baseUrl}/api/workspaces/mapped/versions/latest/dataset`)).json()) as {
      nodes: { id: string; type: string; attrs: Record<string, unknown> }[];
      edges: { weight: number }[];
    };
    expect(d.nodes.map((n) => [n.id, n.type])).toEqual([
      ['Nord', 'school'],
      ['Süd', 'school'],
      ['Hub', 'hub'],
    ]);
    expect(d.nodes.map((n) => n.attrs.Schüler)).toEqual([420, 1.5, undefined]);
    expect(d.edges.map((e) => e.weight)).toEqual([0.5, 2]);
  }, 180_000);
});
