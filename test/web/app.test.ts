/**
 * The web app in real Chromium against the real API server and store: the map, search, the
 * coordinator's isolated list, a matching round accepted and still accepted after a reload, an
 * upload with a bad row, and a node whose label is HTML. Screenshots go to test/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, ROOT, startAppSuite, type AppSuite, type RunningServer } from './harness.ts';
import { randomEcosystem } from '../server/fixtures.ts';

let suite: AppSuite;
let server: RunningServer;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  suite = await startAppSuite({ width: 1366, height: 768 });
  ({ server, page, pageErrors } = suite);
  page.on('dialog', (d) => void d.dismiss());
}, 600_000);

afterAll(async () => {
  await suite?.close();
});

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
const hashParam = (k: string) => new URL(page.url().replace('#/', 'hash/').replace(/#/, '')).searchParams.get(k);

describe('web app in Chromium', () => {
  it('loads the sample and renders the map with the node count the API reports', async () => {
    const graph = (await (await fetch(`${server.baseUrl}/api/workspaces/sample/versions/latest/graph`)).json()) as { nodes: unknown[]; edges: unknown[] };
    await page.goto(`${server.baseUrl}/#/map`);
    const status = page.locator('[data-testid=map-status]');
    await status.waitFor({ timeout: 120_000 });
    expect(await page.locator('[data-testid=sigma] canvas').count()).toBeGreaterThan(0);
    expect(await status.getAttribute('data-total')).toBe(String(graph.nodes.length));
    expect(await status.textContent()).toContain(`${graph.nodes.length.toLocaleString('en')} of ${graph.nodes.length.toLocaleString('en')} nodes`);
    await page.waitForSelector('.map-area[data-rendered=true]');
    // Communities arrive from the analysis: the legend lists more than one colour.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=legend] li').length > 2, null, { timeout: 120_000 });
    await shot('map');
  }, 240_000);

  it('exports the current view as a print-resolution PNG figure and an SVG with one circle per visible node', async () => {
    await page.locator('.export-menu summary').click();
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG figure' }).click()]);
    expect(png.suggestedFilename()).toBe('sample-map.png');
    const buf = readFileSync((await png.path())!);
    writeFileSync(join(ARTIFACTS, 'export-view.png'), buf);
    expect(buf.subarray(1, 4).toString()).toBe('PNG');
    // Three times the map's width plus the legend column: print resolution, not a screen grab.
    const box = (await page.locator('[data-testid=sigma]').boundingBox())!;
    expect(buf.readUInt32BE(16)).toBeGreaterThanOrEqual(3 * Math.round(box.width));
    expect(buf.readUInt32BE(20)).toBeGreaterThanOrEqual(3 * Math.round(box.height));
    // Decoded in the page: a drawn map, not a blank white sheet.
    const inked = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i] < 200 || px[i + 1] < 200 || px[i + 2] < 200) n++;
      return n / (px.length / 4);
    }, buf.toString('base64'));
    expect(inked).toBeGreaterThan(0.02);

    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG figure' }).click()]);
    const text = readFileSync((await svg.path())!, 'utf8');
    expect(text.startsWith('<svg')).toBe(true);
    const shown = Number(await page.locator('[data-testid=map-status]').getAttribute('data-nodes'));
    expect(text.match(/<circle /g)?.length).toBe(shown);
  }, 120_000);

  it('search focuses a node and opens its panel', async () => {
    await page.fill('[data-testid=search]', 'Tartu Regional Innovation');
    await page.press('[data-testid=search]', 'Enter');
    await page.waitForSelector('[data-testid=sigma][data-focused="hub-ee-tartu"]', { timeout: 30_000 });
    const panel = page.locator('[data-testid=node-panel]');
    await expect.poll(() => panel.locator('h2').textContent(), { timeout: 60_000 }).toBe('Tartu Regional Innovation Hub');
    await panel.locator('text=Metrics').waitFor({ timeout: 120_000 });
    expect(hashParam('selected')).toBe('hub-ee-tartu');
    await shot('map-search-focus');
  }, 180_000);

  it('hovering a node highlights its neighbourhood, and leaving clears it', async () => {
    // The camera is centred on the focused hub, so it sits under the middle of the map.
    const box = (await page.locator('[data-testid=sigma]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2 + 1);
    await page.waitForSelector('[data-testid=sigma][data-hovered="hub-ee-tartu"]', { timeout: 30_000 });
    await shot('map-hover');
    await page.mouse.move(box.x + box.width - 5, box.y + box.height - 5);
    await page.waitForFunction(() => !document.querySelector('[data-testid=sigma]')?.hasAttribute('data-hovered'), null, { timeout: 30_000 });
  }, 120_000);

  it('dragging the map pans it without dropping the selection', async () => {
    const box = (await page.locator('[data-testid=sigma]').boundingBox())!;
    const from = { x: box.x + box.width - 12, y: box.y + box.height / 2 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(from.x - 20 * i, from.y - 8 * i);
    await page.mouse.up();
    await page.waitForTimeout(300);
    expect(hashParam('selected')).toBe('hub-ee-tartu');
    expect(await page.locator('[data-testid=node-panel]').isVisible()).toBe(true);
  }, 120_000);

  it('a shared link restores colouring, filters and selection', async () => {
    const url = `${server.baseUrl}/#/map?workspace=sample&colorBy=type&types=school,hub&selected=hub-ee-tartu`;
    await page.goto('about:blank');
    await page.goto(url);
    const status = page.locator('[data-testid=map-status]');
    await status.waitFor({ timeout: 120_000 });
    const sample = readFileSync(join(ROOT, 'data/sample/nodes.csv'), 'utf8')
      .split('\n')
      .slice(1)
      .filter((l) => /^[^,]+,(school|hub),/.test(l)).length;
    expect(await status.getAttribute('data-nodes')).toBe(String(sample));
    expect(await page.locator('[data-testid=color-by]').inputValue()).toBe('type');
    await expect.poll(() => page.locator('[data-testid=node-panel] h2').textContent(), { timeout: 60_000 }).toBe('Tartu Regional Innovation Hub');
  }, 180_000);

  it('the isolated-schools list links to the map and back', async () => {
    await page.goto(`${server.baseUrl}/#/coordinator?workspace=sample`);
    const list = page.locator('[data-testid=isolated-list]');
    await list.waitFor({ timeout: 180_000 });
    const first = list.locator('li[data-id]').first();
    const id = await first.getAttribute('data-id');
    await first.locator('button.name').click();
    await page.waitForSelector(`[data-testid=sigma][data-focused="${id}"]`, { timeout: 30_000 });
    expect(hashParam('selected')).toBe(id);
    await page.locator('[data-testid=node-panel] >> text=Why flagged as isolated').waitFor({ timeout: 120_000 });
    expect(await first.getAttribute('class')).toContain('sel');
    await page
      .locator('[data-testid=indicators]')
      .waitFor({ timeout: 180_000 })
      .catch(() => undefined);
    await shot('coordinator');
  }, 400_000);

  it('a matching run shows pairs; accepting the round survives a reload', async () => {
    await page.goto(`${server.baseUrl}/#/matching?workspace=sample`);
    await page.locator('[data-testid=run-match]').waitFor();
    await page.locator('.schema-form input, .schema-form select').first().waitFor({ timeout: 60_000 });
    await page.click('[data-testid=run-match]');
    const rows = page.locator('[data-testid=pairs-table] tbody tr:not([aria-hidden])');
    await rows.first().waitFor({ timeout: 240_000 });
    expect(await rows.count()).toBeGreaterThan(0);
    await rows.first().click();
    await shot('matching');
    await page.click('[data-testid=accept-round]');
    await page.click('[data-testid=confirm-accept]'); // accepting goes through a preview (issue 14)
    await page.waitForFunction(
      () => !document.querySelector('[data-testid=accept-round]') || document.querySelector('[data-testid=round-status]')?.textContent?.includes('accepted'),
      null,
      { timeout: 120_000 },
    );
    await page.reload();
    const status = page.locator('[data-testid=round-status]');
    await status.waitFor({ timeout: 120_000 });
    expect(await status.textContent()).toContain('accepted');
    expect(await page.locator('[data-testid=accept-round]').count()).toBe(0);
  }, 600_000);

  it("an upload with a bad row shows that row's error", async () => {
    await page.goto(`${server.baseUrl}/#/researcher?workspace=sample`);
    await page.locator('[data-testid=upload-files]').setInputFiles([
      { name: 'nodes.csv', mimeType: 'text/csv', buffer: Buffer.from('id,type,label\na,school,A\nb,company,B\nc,university,C\n') },
      { name: 'edges.csv', mimeType: 'text/csv', buffer: Buffer.from('source,target,weight\na,b,1\nb,c,heavy\n') },
    ]);
    await page.click('[data-testid=upload-send]');
    const result = page.locator('[data-testid=upload-result] .upload-errors li');
    await result.first().waitFor({ timeout: 60_000 });
    const text = (await result.allTextContents()).join('\n');
    expect(text).toMatch(/edges\.csv:3/);
    expect(text).toMatch(/weight/);
    await shot('upload-error');
  }, 120_000);

  it('renders a node labelled with HTML as text, never as markup', async () => {
    const evil = '<img src=x onerror="window.__xss=1">';
    await page.goto(`${server.baseUrl}/#/researcher?workspace=sample`);
    await page.fill('input[aria-label="Workspace name for the upload"]', 'xss');
    await page.locator('[data-testid=upload-files]').setInputFiles([
      {
        name: 'nodes.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`id,type,label\nevil,school,"${evil.replace(/"/g, '""')}"\n__proto__,company,Proto Ltd\nc,hub,Hub\n`),
      },
      { name: 'edges.csv', mimeType: 'text/csv', buffer: Buffer.from('source,target\nevil,__proto__\n__proto__,c\n') },
    ]);
    // Open the map on a fresh page once the upload is stored: on success the app switches its own URL to the
    // new workspace (still on this view), which overrode a hash change made while it took in the answer.
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/workspaces\/xss\/versions/.test(r.url()), { timeout: 120_000 }),
      page.click('[data-testid=upload-send]'),
    ]);
    expect(answer.status()).toBe(201);
    // A new query string makes this a full navigation: the old page, and its pending URL update, are gone.
    await page.goto(`${server.baseUrl}/?after=upload#/map?workspace=xss`);
    await page.locator('[data-testid=map-status]').waitFor({ timeout: 120_000 });
    expect(await page.locator('[data-testid=map-status]').getAttribute('data-total')).toBe('3');
    await page.fill('[data-testid=search]', 'img');
    await page.press('[data-testid=search]', 'Enter');
    const title = page.locator('[data-testid=node-panel] h2');
    await expect.poll(() => title.textContent(), { timeout: 60_000 }).toBe(evil);
    expect(await page.locator('[data-testid=node-panel] img').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    // The node keyed __proto__ is an ordinary node too.
    await page.fill('[data-testid=search]', 'Proto Ltd');
    await page.press('[data-testid=search]', 'Enter');
    await expect.poll(() => title.textContent(), { timeout: 60_000 }).toBe('Proto Ltd');
    await shot('xss-label');
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('a version whose layout takes long shows its map at once with the quick layout, says it is refining, then moves to the refined one', async () => {
    // 1,500 nodes and 4,500 ties: ForceAtlas2 (200 iterations) is over the server's wait (layoutWaitWork), so the
    // graph answers with the seed layout and the refined positions follow from the background job.
    const post = (path: string, body: unknown) =>
      fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/api/workspaces', { name: 'large' })).status).toBe(201);
    expect((await post('/api/workspaces/large/versions', { dataset: randomEcosystem(1500, 4500, 3), message: 'large' })).status).toBe(201);
    await page.goto(`${server.baseUrl}/?large#/map?workspace=large`);
    const note = page.locator('[data-testid=layout-refining]');
    await note.waitFor({ timeout: 120_000 });
    const status = page.locator('[data-testid=map-status]');
    expect(await status.getAttribute('data-total')).toBe('1500');
    expect(await status.getAttribute('data-layout-source')).toBe('seed');
    expect(await note.textContent()).toMatch(/Quick first layout\. Refining it on the server \(ForceAtlas2\)… \d+ %/);
    await page.waitForSelector('.map-area[data-rendered=true]');
    await shot('map-seed-layout');
    await page.waitForSelector('[data-testid=layout-refining][data-state=applied]', { timeout: 120_000 });
    expect(await status.getAttribute('data-layout-source')).toBe('computed');
    expect(await note.textContent()).toContain('Refined layout in place');
    expect(await page.locator('[data-testid=undo-layout]').isEnabled()).toBe(true);
    await page.waitForTimeout(500); // the camera's reset to the new extent
    await shot('map-refined-layout');
    // Opened again, the map gets the refined layout with the graph itself (cached now): no quick layout, no note.
    const g = (await (await fetch(`${server.baseUrl}/api/workspaces/large/versions/latest/graph`)).json()) as { layout: { algorithm: string } };
    expect(g.layout.algorithm).toBe('forceatlas2');
    await page.goto(`${server.baseUrl}/?large-again#/map?workspace=large`);
    await page.waitForSelector('.map-area[data-rendered=true]', { timeout: 120_000 });
    expect(await status.getAttribute('data-layout-source')).toBe('computed');
    expect(await note.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
