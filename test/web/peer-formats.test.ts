/**
 * A Pajek file (igraph's write_pajek of Zachary's karate club, laid out on a circle) uploaded in the
 * researcher view, in Chromium: the check reads it as 34 nodes and 78 ties, the upload creates the
 * workspace and the map shows the file's own layout. A two-mode UCINET DL file (Davis's Southern
 * Women): the check shows the two-mode summary, the user names the row and column kinds, and the
 * own-types step and the stored version use those names. A two-mode Pajek file (igraph's bipartite.net):
 * the check shows its two-mode summary, and the map's Export menu offers its Pajek both ways, each
 * download starting as its readers need. Screenshots: test/artifacts/upload-pajek.png,
 * test/artifacts/map-pajek-layout.png, test/artifacts/upload-two-mode.png, test/artifacts/map-export-pajek-modes.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, axeViolations, buildWeb, launchBrowser, ROOT, type RunningServer, startApiServer, waitForMap } from './harness.ts';

const ZACHARY = join(ROOT, 'test/fixtures/peers/igraph/zachary.net');
/** Davis's Southern Women, two-mode (18 women × 14 events). */
const DAVIS = join(ROOT, 'test/fixtures/peers/ucinet/davis.dl');
/** igraph's write_pajek of a bipartite graph: *Vertices 13 8. */
const BIPARTITE = join(ROOT, 'test/fixtures/peers/igraph/bipartite.net');
/** A Pajek download's lines up to its *Vertices line (a two-mode file names its sides in a % comment first). */
async function pajekHead(page: Page, button: string): Promise<string[]> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-export=${button}]`).click()]);
  const lines = readFileSync((await dl.path())!, 'utf8').split(/\r?\n/);
  return lines.slice(0, lines.findIndex((l) => l.startsWith('*Vertices')) + 1);
}

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
    // The confirmation first, as a user sees it: the view then reloads into the new workspace, and a
    // route change made before the upload's answer arrived would race that reload.
    await page.locator('#toast').getByText('Imported as version 1 of zachary.').waitFor({ timeout: 60_000 });
    const workspaces = async () =>
      ((await (await fetch(`${server.baseUrl}/api/workspaces`)).json()) as { workspaces: { name: string }[] }).workspaces.map((w) => w.name);
    await expect.poll(workspaces, { timeout: 60_000 }).toContain('zachary');
    const version = (await (await fetch(`${server.baseUrl}/api/workspaces/zachary/versions/latest`)).json()) as { report: { format: string } };
    expect(version.report.format).toBe('pajek');

    await page.goto(`${server.baseUrl}/#/map?workspace=zachary`);
    await waitForMap(page, pageErrors);
    expect(Number(await page.locator('[data-testid=map-status]').getAttribute('data-nodes'))).toBe(34);
    // The file's coordinates (igraph's circle layout) are there to draw with.
    const d = (await (await fetch(`${server.baseUrl}/api/workspaces/zachary/versions/latest/dataset`)).json()) as { nodes: { attrs: { viz_x?: number } }[] };
    expect(d.nodes.every((n) => typeof n.attrs.viz_x === 'number')).toBe(true);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(ARTIFACTS, 'map-pajek-layout.png') });
    // One-mode data: the Export menu's Pajek is the one button it always was.
    await page.locator('.export-menu summary').click();
    await page.locator('[data-export=pajek]').waitFor();
    expect(await page.locator('[data-testid=pajek-modes]').isHidden()).toBe(true);
    expect(await pajekHead(page, 'pajek')).toEqual(['*Vertices 34']);
    await page.locator('.export-menu summary').click();
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('a two-mode UCINET DL file: the check says so, the user names rows and columns, the own-types step and the version use those names', async () => {
    await page.goto(`${server.baseUrl}/#/researcher?workspace=sample`);
    await page.getByText('GEXF, GraphML, GML, Pajek .net or GDF').waitFor({ timeout: 60_000 });
    await page.fill('input[aria-label="Workspace name for the upload"]', 'davis');
    await page.locator('[data-testid=upload-files]').setInputFiles([{ name: 'davis.dl', mimeType: 'text/plain', buffer: readFileSync(DAVIS) }]);
    await page.click('[data-testid=upload-check]');
    const summary = page.locator('[data-testid=upload-two-mode-summary]');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toBe(
      'davis.dl: two-mode data (NR=18, NC=14): 18 rows read as "actor" nodes and 14 columns as "event" nodes (their own types), 89 nonzero cells as participation ties row → column',
    );
    expect(await page.inputValue('[data-testid=upload-two-mode-rows]')).toBe('actor');
    expect(await page.inputValue('[data-testid=upload-two-mode-columns]')).toBe('event');
    await page.locator('[data-own-type="node:actor"]').waitFor();
    // The same name twice is refused where it is typed, and nothing is checked with it.
    await page.fill('[data-testid=upload-two-mode-rows]', 'event');
    await page.press('[data-testid=upload-two-mode-rows]', 'Tab');
    expect(await page.locator('[data-testid=upload-two-mode-problem]').textContent()).toBe('The rows and the columns need two different kinds.');
    // Named kinds: each change checks again, and the own-types step lists the new names with their counts.
    await page.fill('[data-testid=upload-two-mode-rows]', 'woman');
    await page.press('[data-testid=upload-two-mode-rows]', 'Tab');
    await summary.getByText('read as "woman" nodes').waitFor({ timeout: 60_000 });
    await page.fill('[data-testid=upload-two-mode-columns]', 'meeting');
    await page.press('[data-testid=upload-two-mode-columns]', 'Tab');
    await summary.getByText('14 columns as "meeting" nodes').waitFor({ timeout: 60_000 });
    const ownRows = await page
      .locator('[data-testid=upload-own-types] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].slice(0, 3).map((c) => c.textContent)));
    expect(ownRows).toEqual(
      expect.arrayContaining([
        ['woman', 'node', '18'],
        ['meeting', 'node', '14'],
      ]),
    );
    // The new step (a fieldset with labelled fields) adds no serious or critical accessibility problem.
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('[data-testid=upload-two-mode]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'upload-two-mode.png'), fullPage: true });
    await page.click('[data-testid=upload-send]');
    // The view reloads into the new workspace once the upload is stored; the confirmation outlives it as a toast.
    await page.locator('#toast').getByText('Imported as version 1 of davis.').waitFor({ timeout: 60_000 });
    const d = (await (await fetch(`${server.baseUrl}/api/workspaces/davis/versions/latest/dataset`)).json()) as { nodes: { type: string; ownType?: string }[] };
    const byType = new Map<string, number>();
    for (const n of d.nodes) byType.set(n.ownType ?? n.type, (byType.get(n.ownType ?? n.type) ?? 0) + 1);
    expect(Object.fromEntries(byType)).toEqual({ woman: 18, meeting: 14 });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('a two-mode Pajek file: the check shows its two-mode box; the map exports it as Pajek two-mode (Pajek, igraph) or one-mode (NetworkX)', async () => {
    await page.goto(`${server.baseUrl}/#/researcher?workspace=sample`);
    await page.getByText('GEXF, GraphML, GML, Pajek .net or GDF').waitFor({ timeout: 60_000 });
    await page.fill('input[aria-label="Workspace name for the upload"]', 'bipartite');
    await page.locator('[data-testid=upload-files]').setInputFiles([{ name: 'bipartite.net', mimeType: 'text/plain', buffer: readFileSync(BIPARTITE) }]);
    await page.click('[data-testid=upload-check]');
    const summary = page.locator('[data-testid=upload-two-mode-summary]');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toBe(
      'bipartite.net: two-mode data (*Vertices 13 8): 8 rows read as "actor" nodes and 5 columns as "event" nodes (their own types), 11 ties read as participation ties row → column',
    );
    await page.click('[data-testid=upload-send]');
    await page.locator('#toast').getByText('Imported as version 1 of bipartite.').waitFor({ timeout: 60_000 });

    await page.goto(`${server.baseUrl}/#/map?workspace=bipartite`);
    await waitForMap(page, pageErrors);
    await page.locator('.export-menu summary').click();
    const modes = page.locator('[data-testid=pajek-modes]');
    await modes.waitFor();
    expect(await page.locator('[data-export=pajek]').isHidden()).toBe(true);
    expect(await modes.locator('[data-testid=pajek-modes-intro]').textContent()).toBe(
      'Pajek: this view is two-mode, 8 “actor” nodes × 5 “event” nodes with every tie between them. Write it',
    );
    await modes.getByText('*Vertices 13 8: Pajek and igraph read the two modes').waitFor();
    await modes.getByText('*Vertices 13: NetworkX, igraph and Pajek read one set of nodes').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'map-export-pajek-modes.png') });
    expect(await pajekHead(page, 'pajek-two')).toEqual(['% two-mode (hubgraph): rows "actor", columns "event"', '*Vertices 13 8']);
    expect(await pajekHead(page, 'pajek-one')).toEqual(['*Vertices 13']);
    expect(await axeViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
