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
    // The map's export of what is on screen keeps the tie-type filter: the server cuts the same 16 ties.
    await page.locator('.export-menu summary').click();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export=csv-edges]').click()]);
    const tieRows = readFileSync((await dl.path())!, 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    expect(tieRows).toHaveLength(16);
    await page.locator('.export-menu summary').click();

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

describe('own types in the upload', () => {
  it('lists the file’s own types with counts; one mapped to school imports as school with its own type kept', async () => {
    await page.goto(`${server.baseUrl}/#/researcher?workspace=sample`);
    await page.fill('input[aria-label="Workspace name for the upload"]', 'owntypes');
    await page.locator('[data-testid=upload-files]').setInputFiles([
      {
        name: 'nodes.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('Id,Label,Sorte\nann,Ann,person\nbob,Bob,person\nnord,Lycée Nord,lycée\nsud,Lycée Sud,lycée\n'),
      },
      {
        name: 'edges.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('From,To,Relation\nann,bob,advice\nbob,ann,advice\nann,nord,works at\nnord,sud,twinning\n'),
      },
    ]);
    await page.click('[data-testid=upload-check]');
    const preview = page.locator('[data-testid=upload-preview]');
    // advice both ways reads as one undirected collaboration until it is mapped to a directed kind.
    await preview.getByText('Reads as 4 nodes and 3 ties.').waitFor({ timeout: 60_000 });
    // "Sorte" is no name hubgraph knows for the type column: the column step maps it first (ties' Relation is known).
    expect(await preview.locator('select[data-own-type="node:person"]').count()).toBe(0);
    await page.selectOption('select[data-field="nodes.type"]', 'Sorte');
    await page.click('[data-testid=upload-check]');
    const step = preview.locator('[data-testid=upload-own-types]');
    await step.waitFor({ timeout: 60_000 });
    expect(
      await step.locator('tbody tr').evaluateAll((rows) =>
        rows.map((r) =>
          [...r.children].map((c) => {
            const input = c.querySelector('select, input') as HTMLSelectElement | HTMLInputElement | null;
            if (!input) return c.textContent;
            return input instanceof HTMLInputElement ? (input.checked ? 'directed' : 'undirected') : input.value;
          }),
        ),
      ),
    ).toEqual([
      ['person', 'node', '2', 'other', '—'],
      ['lycée', 'node', '2', 'other', '—'],
      ['advice', 'tie', '1', 'collaboration', 'undirected'],
      ['works at', 'tie', '1', 'collaboration', 'undirected'],
      ['twinning', 'tie', '1', 'collaboration', 'undirected'],
    ]);
    await page.selectOption('select[data-own-type="node:lycée"]', 'school');
    await page.selectOption('select[data-own-type="tie:advice"]', 'mentoring');
    // Mentoring is directed by default: the toggle follows the kind until the user sets it.
    expect(await page.isChecked('input[data-own-directed="advice"]')).toBe(true);
    await page.selectOption('select[data-own-type="tie:works at"]', 'affiliation');
    await page.check('input[data-own-directed="twinning"]');
    expect(await step.locator('[data-testid=upload-type-map]').textContent()).toBe(
      'Sent with the upload: lycée → school; advice → mentoring; works at → affiliation; twinning → collaboration, directed.',
    );
    // Checking again reads the files with that map: the summary line names it.
    await page.click('[data-testid=upload-check]');
    await preview.getByText('Reads as 4 nodes and 4 ties.').waitFor({ timeout: 60_000 });
    expect(await preview.locator('[role=status] p').first().textContent()).toMatch(
      /person → other \(2, default\), lycée → school \(2\), advice → mentoring \(2, directed\)/,
    );
    expect(await page.inputValue('select[data-own-type="node:lycée"]')).toBe('school');
    await page.screenshot({ path: join(ARTIFACTS, 'upload-own-types.png'), fullPage: true });

    await page.click('[data-testid=upload-send]');
    const workspaces = async () =>
      ((await (await fetch(`${server.baseUrl}/api/workspaces`)).json()) as { workspaces: { name: string }[] }).workspaces.map((w) => w.name);
    await expect.poll(workspaces, { timeout: 60_000 }).toContain('owntypes');
    const d = (await (await fetch(`${server.baseUrl}/api/workspaces/owntypes/versions/latest/dataset`)).json()) as {
      nodes: { id: string; type: string; ownType?: string }[];
      edges: { source: string; type: string; ownType?: string; directed?: boolean }[];
    };
    expect(d.nodes.map((n) => [n.id, n.type, n.ownType])).toEqual([
      ['ann', 'other', 'person'],
      ['bob', 'other', 'person'],
      ['nord', 'school', 'lycée'],
      ['sud', 'school', 'lycée'],
    ]);
    expect(d.edges.map((e) => [e.source, e.type, e.ownType, e.directed])).toEqual([
      ['ann', 'mentoring', 'advice', undefined],
      ['bob', 'mentoring', 'advice', undefined],
      ['ann', 'affiliation', 'works at', undefined],
      ['nord', 'collaboration', 'twinning', true],
    ]);
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
