/**
 * Issue 15 in real Chromium against the real server: figures equal to the API's, size and colour
 * by any metric, community colours that survive a new version, exports that are figures and data
 * of what is on screen (read back with the project's own reader), the coordinator's view in
 * words, and the app at 390, 1024 and 1440 px checked with axe-core.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, axeViolations, ROOT, startAppSuite, type AppSuite, type RunningServer } from './harness.ts';
import { parseDatasetFiles } from '../../src/io/load.ts';
import { matchCommunities } from '../../src/analysis/temporal/match-communities.ts';

let suite: AppSuite;
let server: RunningServer;
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];
const api = async <T>(path: string): Promise<T> => {
  const r = await fetch(`${server.baseUrl}${path}`);
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
};
const V = '/api/workspaces/sample/versions';

beforeAll(async () => {
  suite = await startAppSuite({ width: 1440, height: 900 });
  ({ server, browser, page, pageErrors } = suite);
}, 600_000);

afterAll(async () => {
  await suite?.close();
});

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
const hashParam = (k: string) => new URL(page.url().replace('#/', 'hash/').replace(/#/, '')).searchParams.get(k);
const openMap = async (hash: string) => {
  await page.goto('about:blank');
  await page.goto(`${server.baseUrl}/#/map?workspace=sample${hash}`);
  await page.locator('.map-area[data-rendered=true]').waitFor({ timeout: 180_000 });
  await page.locator('.map-area[data-framed=true]').waitFor({ timeout: 60_000 }); // a filtered link is framed first
};
async function download(testid: string, on: Page = page): Promise<string> {
  if (
    !(await on
      .locator('.export-menu')
      .getAttribute('open')
      .then((v) => v !== null))
  )
    await on.locator('.export-menu summary').click();
  const [dl] = await Promise.all([on.waitForEvent('download'), on.locator(`[data-export=${testid}]`).click()]);
  return readFileSync((await dl.path())!, 'utf8');
}
/** Circles of an exported SVG figure: node id → radius and fill. */
function circles(svg: string): Map<string, { x: number; y: number; r: number; fill: string }> {
  const out = new Map<string, { x: number; y: number; r: number; fill: string }>();
  for (const m of svg.matchAll(/<circle data-id="([^"]*)" cx="([^"]*)" cy="([^"]*)" r="([^"]*)" fill="([^"]*)"/g)) {
    out.set(
      m[1].replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c))),
      { x: Number(m[2]), y: Number(m[3]), r: Number(m[4]), fill: m[5] },
    );
  }
  return out;
}

describe('issue 15: the web app for researchers and coordinators', () => {
  it('shows a figure that needs more than three significant digits exactly as the API has it', async () => {
    const top = await api<{ rows: { id: string; harmonic: number }[] }>(`${V}/latest/analysis/metrics?sort=harmonic&limit=1`);
    const { id, harmonic } = top.rows[0];
    expect(harmonic).toBeGreaterThan(100); // 4+ significant digits: the case the old fmt() cut to "15"
    await openMap(`&selected=${encodeURIComponent(id)}`);
    const dd = page.locator('[data-testid=node-panel] dd[data-metric=harmonic]');
    await dd.waitFor({ timeout: 120_000 });
    const shown = (await dd.textContent())!;
    expect(shown).toBe(harmonic.toLocaleString('en', { maximumFractionDigits: 1 }));
    expect(Math.abs(Number(shown.replace(/,/g, '')) - harmonic)).toBeLessThanOrEqual(0.05);
    expect(await page.locator('[data-testid=node-panel] dt', { hasText: 'Harmonic centrality' }).count()).toBe(1);
  }, 300_000);

  it('sizes nodes by PageRank: the largest circle is the node the API ranks first, and a link restores it', async () => {
    await openMap('');
    await page.locator('.map-area[data-metrics=true]').waitFor({ timeout: 120_000 });
    const byDegree = circles(await download('svg'));
    await page.selectOption('[data-testid=size-by]', 'pagerank');
    await page.locator('.map-area[data-size-by=pagerank]').waitFor();
    expect(hashParam('sizeBy')).toBe('pagerank');
    const svg = await download('svg');
    writeFileSync(join(ARTIFACTS, 'figure-pagerank.svg'), svg);
    const byPagerank = circles(svg);
    const top = await api<{ rows: { id: string; pagerank: number }[] }>(`${V}/latest/analysis/metrics?sort=pagerank&limit=1`);
    const largest = [...byPagerank].sort((a, b) => b[1].r - a[1].r)[0][0];
    expect(largest).toBe(top.rows[0].id);
    const changed = [...byPagerank].filter(([k, c]) => Math.abs(c.r - byDegree.get(k)!.r) > 0.05).length;
    expect(changed).toBeGreaterThan(byPagerank.size / 4);
    // The figure has a title, a legend and labels as text.
    expect(svg).toMatch(/<text[^>]*font-size="18"[^>]*>sample<\/text>/);
    expect(svg).toContain('size: PageRank');
    expect(svg).toContain('>Border: kind of organisation</text>');
    expect(svg.match(/<text [^>]*paint-order="stroke">/g)?.length ?? 0).toBeGreaterThan(3);

    await openMap('&sizeBy=pagerank&sizeMode=rank&sizeMin=2&sizeMax=20&labelSize=8&colorBy=betweenness');
    await page.locator('.map-area[data-metrics=true]').waitFor({ timeout: 120_000 });
    expect(await page.locator('[data-testid=size-by]').inputValue()).toBe('pagerank');
    expect(await page.locator('[data-testid=size-mode]').inputValue()).toBe('rank');
    expect(await page.locator('[data-testid=size-min]').inputValue()).toBe('2');
    expect(await page.locator('[data-testid=size-max]').inputValue()).toBe('20');
    expect(await page.locator('[data-testid=label-size]').inputValue()).toBe('8');
    expect(await page.locator('[data-testid=color-by]').inputValue()).toBe('betweenness');
    expect(await page.locator('[data-testid=legend]').textContent()).not.toContain('other');
    await shot('map-size-pagerank-1440');
  }, 400_000);

  it('colours communities from a categorical palette, and a community keeps its colour in the next version', async () => {
    await openMap('');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=legend] li').length > 2, null, { timeout: 120_000 });
    const legend = await page.locator('[data-testid=legend] li').allTextContents();
    expect(legend[0]).toMatch(/^Community \d+/);
    const v1 = circles(await download('svg'));
    expect(new Set([...v1.values()].map((c) => c.fill)).size).toBeGreaterThan(5);

    // Version 2: the same region with its files in reverse order and a few ties fewer, so Louvain numbers communities afresh.
    const lines = (f: string) =>
      readFileSync(join(ROOT, 'data/sample', f), 'utf8')
        .trimEnd()
        .split('\n');
    const [nh, ...nr] = lines('nodes.csv');
    const [eh, ...er] = lines('edges.csv');
    const files = [
      { name: 'nodes.csv', content: [nh, ...nr.reverse()].join('\n') + '\n' },
      { name: 'edges.csv', content: [eh, ...er.reverse().filter((_, i) => i % 40 !== 0)].join('\n') + '\n' },
    ];
    const up = await fetch(`${server.baseUrl}${V}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: 'reordered', files }),
    });
    expect(up.status).toBe(201);
    const version = ((await up.json()) as { version: { number: number } }).version.number;

    await openMap(`&version=${version}`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=legend] li').length > 2, null, { timeout: 180_000 });
    await page.waitForTimeout(500);
    const v2 = circles(await download('svg'));

    type C = { communities: { community: number; members: string[] }[] };
    const [c1, c2] = await Promise.all([api<C>(`${V}/1/analysis/communities`), api<C>(`${V}/${version}/analysis/communities`)]);
    const ids = [...new Set([...c1.communities.flatMap((c) => c.members)])].filter((id) => c2.communities.some((c) => c.members.includes(id)));
    const part = (c: C) => {
      const m = new Map<string, number>();
      for (const x of c.communities) for (const id of x.members) m.set(id, x.community);
      return m;
    };
    const p1 = part(c1),
      p2 = part(c2);
    const sizes = (c: C) => {
      const s: number[] = [];
      for (const x of c.communities) s[x.community] = x.members.length;
      return Array.from(s, (v) => v ?? 0);
    };
    const { matches } = matchCommunities(
      ids.map((id) => p1.get(id)!),
      ids.map((id) => p2.get(id)!),
      sizes(c1),
      sizes(c2),
    );
    const big = matches.filter((m) => m.overlap >= 5);
    expect(big.length).toBeGreaterThan(3);
    expect(big.some((m) => m.from !== m.to)).toBe(true); // the numbering did change
    const fillOf = (circ: Map<string, { fill: string }>, members: string[]) => {
      const n = new Map<string, number>();
      for (const id of members) {
        const f = circ.get(id)?.fill;
        if (f) n.set(f, (n.get(f) ?? 0) + 1);
      }
      return [...n].sort((a, b) => b[1] - a[1])[0]?.[0];
    };
    for (const m of big) {
      const a = fillOf(v1, c1.communities.find((c) => c.community === m.from)!.members);
      const b = fillOf(v2, c2.communities.find((c) => c.community === m.to)!.members);
      expect({ community: m.to, fill: b }).toEqual({ community: m.to, fill: a });
    }
  }, 600_000);

  it("exports what is on screen as GEXF, GraphML, GML, Pajek and CSV, read back by the project's readers", async () => {
    await openMap('&types=school,hub');
    const status = page.locator('[data-testid=map-status]');
    const shown = Number(await status.getAttribute('data-nodes'));
    expect(shown).toBeGreaterThan(10);
    const gexf = await download('gexf');
    const ds = parseDatasetFiles([{ name: 'view.gexf', content: gexf }]).dataset;
    expect(ds.nodes.length).toBe(shown);
    expect(new Set(ds.nodes.map((n) => n.type))).toEqual(new Set(['school', 'hub']));
    const graphml = parseDatasetFiles([{ name: 'view.graphml', content: await download('graphml') }]).dataset;
    expect(graphml.nodes.length).toBe(shown);
    expect(graphml.edges.length).toBe(ds.edges.length);
    const gml = parseDatasetFiles([{ name: 'view.gml', content: await download('gml') }]).dataset;
    expect(gml.nodes.map((n) => n.id).sort()).toEqual(ds.nodes.map((n) => n.id).sort());
    expect(gml.edges.length).toBe(ds.edges.length);
    // Pajek holds no tie types, so ties of two types between one pair come back as one.
    const pajek = parseDatasetFiles([{ name: 'view.net', content: await download('pajek') }]).dataset;
    expect(pajek.nodes.map((n) => n.id).sort()).toEqual(ds.nodes.map((n) => n.id).sort());
    expect(pajek.edges.reduce((s, e) => s + e.weight, 0)).toBeCloseTo(
      ds.edges.reduce((s, e) => s + e.weight, 0),
      9,
    );
    const nodesCsv = await download('csv-nodes');
    const edgesCsv = await download('csv-edges');
    const csv = parseDatasetFiles([
      { name: 'nodes.csv', content: nodesCsv },
      { name: 'edges.csv', content: edgesCsv },
    ]).dataset;
    expect(csv.nodes.length).toBe(shown);
    expect(csv.edges.length).toBe(ds.edges.length);
    // The map's tie count for this view: records (the GEXF has merged none away) and distinct pairs.
    expect(Number(await status.getAttribute('data-pairs'))).toBeLessThanOrEqual(ds.edges.length);

    // Fit to selection frames the filtered nodes.
    await page.click('[data-testid=fit]');
    await expect.poll(() => page.locator('[data-testid=sigma]').getAttribute('data-fitted'), { timeout: 10_000 }).toBe(String(shown));
  }, 300_000);

  it('coordinator: indicators in plain words, a labelled score, the list as CSV, selectors restored by a link, changes coloured by good or bad', async () => {
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/#/coordinator?workspace=sample&version=1&region=${encodeURIComponent('Tartu County')}`);
    const list = page.locator('[data-testid=isolated-list]');
    await list.waitFor({ timeout: 180_000 });
    await expect.poll(() => page.locator('[data-testid=coord-region]').inputValue(), { timeout: 60_000 }).toBe('Tartu County');
    expect(await page.locator('.list-head').textContent()).toContain('Isolation score');
    const cards = page.locator('[data-testid=indicators] .card');
    await cards.first().waitFor({ timeout: 180_000 });
    const labels = await page.locator('[data-testid=indicators] .card .label').allTextContents();
    expect(labels.length).toBeGreaterThan(3);
    for (const l of labels) expect(l).not.toMatch(/^[a-z]+([.][a-zA-Z]+)+$|^[a-z]+[A-Z]/);
    expect(await page.locator('[data-testid=indicators] .explain-line').count()).toBeGreaterThan(3);

    const res = await api<{ schools: { id: string; status: string }[] }>(`${V}/1/analysis/isolation?region=${encodeURIComponent('Tartu County')}&limit=100000`);
    const flagged = res.schools.filter((s) => s.status !== 'connected');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-flagged]')]);
    const csv = readFileSync((await dl.path())!, 'utf8')
      .trimEnd()
      .split(/\r\n/);
    expect(csv[0]).toBe('rank,id,label,status,isolation_score,region,hub,reasons');
    expect(csv.slice(1).map((l) => l.split(',')[1])).toEqual(flagged.map((s) => s.id));
    // A peripheral school's panel says peripheral, not isolated.
    const peripheral = flagged.find((s) => s.status === 'peripheral');
    if (peripheral) {
      await list.locator(`li[data-id="${peripheral.id}"] button.name`).click();
      await page.locator('[data-testid=node-panel] >> text=Why flagged as peripheral').waitFor({ timeout: 120_000 });
    }

    await page.getByRole('button', { name: 'Compare' }).click();
    const changes = page.locator('[data-testid=flagged-changes]');
    await changes.waitFor({ timeout: 300_000 });
    const iso = page.locator('[data-testid=indicator-changes] li[data-key=isolatedSchools]');
    if (await iso.count()) {
      const text = (await iso.textContent())!;
      const m = /\(([+-]?[\d.,]+)/.exec(text)!;
      const d = Number(m[1].replace(/,/g, ''));
      if (d !== 0) expect(await iso.getAttribute('data-verdict')).toBe(d < 0 ? 'good' : 'bad');
    }
    for (const li of await changes.locator('li[data-verdict]').all()) expect(['good', 'bad']).toContain(await li.getAttribute('data-verdict'));
    await shot('coordinator-1440');
  }, 600_000);

  it('one click on the coordinator view downloads the regional report with the flagged schools', async () => {
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/#/coordinator?workspace=sample&version=1&region=${encodeURIComponent('Tartu County')}`);
    await page.locator('[data-testid=isolated-list]').waitFor({ timeout: 180_000 });
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), page.click('[data-testid=report-link]')]);
    const path = (await dl.path())!;
    const html = readFileSync(path, 'utf8');
    const res = await api<{ schools: { id: string; label: string; status: string }[] }>(
      `${V}/1/analysis/isolation?region=${encodeURIComponent('Tartu County')}&limit=100000`,
    );
    const flagged = res.schools.filter((s) => s.status !== 'connected');
    expect(flagged.length).toBeGreaterThan(0);
    for (const f of flagged) expect(html).toContain(`data-id="${f.id}"`);
    expect(html).toContain('Regional report: Tartu County');
    writeFileSync(join(ARTIFACTS, 'report-tartu.html'), html);
    const view = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    await view.goto(`file://${join(ARTIFACTS, 'report-tartu.html')}`);
    expect(await view.locator('table.flagged tbody tr').count()).toBe(flagged.length);
    expect(await view.locator('svg.spark').count()).toBe(7);
    await view.screenshot({ path: join(ARTIFACTS, 'report-tartu.png'), fullPage: true });
    await view.emulateMedia({ media: 'print' });
    await view.screenshot({ path: join(ARTIFACTS, 'report-tartu-print.png'), fullPage: true });
    await view.close();
  }, 600_000);

  it('layout refinement stops by itself, keeps communities apart on request, and undo restores the positions', async () => {
    await openMap('&version=1&types=school,hub');
    const before = circles(await download('svg'));
    await page.locator('.export-menu summary').click(); // close the menu
    await page.selectOption('[data-testid=layout-mode]', 'communities');
    await page.click('[data-testid=refine]');
    expect(await page.locator('[data-testid=refine]').getAttribute('aria-pressed')).toBe('true');
    // Converged or out of its 10 s budget, without anyone pressing stop.
    await page.locator('[data-testid=map-status][data-layout]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid=refine]').getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('[data-testid=layout-note]').textContent()).toMatch(/Layout stopped: (converged|time budget) after [\d.]+ s/);
    const far = (a: Map<string, { x: number; y: number }>) => [...a].filter(([k, c]) => Math.hypot(c.x - before.get(k)!.x, c.y - before.get(k)!.y) > 2).length;
    const moved = circles(await download('svg'));
    expect(far(moved)).toBeGreaterThan(before.size / 2);
    await page.locator('.export-menu summary').click();
    await page.click('[data-testid=undo-layout]');
    await page.waitForTimeout(500);
    const restored = circles(await download('svg'));
    expect(restored.size).toBe(before.size);
    expect(far(restored)).toBe(0);
    // A refined layout is saved with the version: after a reload the map opens with it.
    await page.locator('.export-menu summary').click();
    await page.click('[data-testid=refine]');
    await page.waitForFunction(() => document.querySelector('[data-testid=refine]')?.getAttribute('aria-pressed') === 'false', null, { timeout: 60_000 });
    // Framed as a reload frames this filtered link, so the figures compare position for position.
    await page.click('[data-testid=fit]');
    await page.waitForTimeout(700);
    const refined = circles(await download('svg'));
    expect(far(refined)).toBeGreaterThan(before.size / 2);
    // The refined layout is saved with the version on the server: after a reload the map opens with it…
    await page.locator('[data-testid=map-status][data-layout-saved=server]').waitFor({ timeout: 60_000 });
    const stored = await api<{ saved: { positions: string } | null }>(`${V}/1/layout`);
    expect(stored.saved).not.toBeNull();
    const mapUrl = page.url();
    await page.reload();
    await page.locator('[data-testid=map-status][data-layout-source=saved]').waitFor({ timeout: 180_000 });
    await page.locator('.map-area[data-rendered=true]').waitFor({ timeout: 180_000 });
    await page.locator('.map-area[data-framed=true]').waitFor({ timeout: 60_000 });
    const same = (a: Map<string, { x: number; y: number }>) =>
      [...a].filter(([k, c]) => Math.hypot(c.x - refined.get(k)!.x, c.y - refined.get(k)!.y) > 2).length;
    const reopened = circles(await download('svg'));
    expect(reopened.size).toBe(refined.size);
    expect(same(reopened)).toBe(0);
    // …and so does another browser, with none of this one's storage (another user on another machine).
    const other = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const otherPage = await other.newPage();
    await otherPage.goto(mapUrl);
    await otherPage.locator('[data-testid=map-status][data-layout-source=saved]').waitFor({ timeout: 180_000 });
    await otherPage.locator('.map-area[data-rendered=true]').waitFor({ timeout: 180_000 });
    await otherPage.locator('.map-area[data-framed=true]').waitFor({ timeout: 60_000 });
    const elsewhere = circles(await download('svg', otherPage));
    expect(elsewhere.size).toBe(refined.size);
    expect(same(elsewhere)).toBe(0);
    await other.close();
    await page.locator('.export-menu summary').click();
    // Leave version 1 with its computed layout for the other tests.
    expect((await fetch(`${server.baseUrl}${V}/1/layout`, { method: 'DELETE' })).status).toBe(204);
    await page.evaluate(() => localStorage.clear());
    // The slider announces a date, and the skip link keeps the route and its filters.
    const valuetext = await page.locator('input[type=range][aria-label="Network as of date"]').getAttribute('aria-valuetext');
    expect(valuetext).toMatch(/^\d{4}-\d{2}-\d{2}/);
    const url = page.url();
    await page.keyboard.press('Tab');
    await page.locator('a.skip').focus();
    await page.keyboard.press('Enter');
    expect(page.url()).toBe(url);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  }, 300_000);

  it('a Gephi file opens with the positions Gephi gave it, and "Use positions from file" puts them back over a layout a colleague saved', async () => {
    const file = 'les-miserables.gexf';
    const content = readFileSync(join(ROOT, 'test/fixtures/peers/gephi', file), 'utf8');
    const post = async (path: string, body: unknown) => {
      const r = await fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    };
    await post('/api/workspaces', { name: 'gephi-les-mis' });
    await post('/api/workspaces/gephi-les-mis/versions', { message: 'Gephi welcome sample', files: [{ name: file, content }] });
    const viz = new Map(
      parseDatasetFiles([{ name: file, content }]).dataset.nodes.map((n) => [n.id, { x: Number(n.attrs?.viz_x), y: Number(n.attrs?.viz_y) }]),
    );
    expect([...viz.values()].every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
    /** Pearson correlation of drawn and file coordinates over the nodes drawn. */
    const corr = (drawn: Map<string, { x: number; y: number }>, axis: 'x' | 'y') => {
      const pairs = [...drawn].map(([id, c]) => [c[axis], viz.get(id)![axis]] as const);
      const mean = (k: 0 | 1) => pairs.reduce((s, p) => s + p[k], 0) / pairs.length;
      const [ma, mb] = [mean(0), mean(1)];
      let sab = 0,
        saa = 0,
        sbb = 0;
      for (const [a, b] of pairs) {
        sab += (a - ma) * (b - mb);
        saa += (a - ma) ** 2;
        sbb += (b - mb) ** 2;
      }
      return sab / Math.sqrt(saa * sbb);
    };
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/#/map?workspace=gephi-les-mis`);
    await page.locator('[data-testid=map-status][data-layout-source=file]').waitFor({ timeout: 180_000 });
    await page.locator('.map-area[data-rendered=true]').waitFor({ timeout: 180_000 });
    const drawn = circles(await download('svg'));
    expect(drawn.size).toBe(viz.size);
    // The figure is the file's layout up to scale: x as in Gephi, y mirrored (screen y grows downwards).
    expect(corr(drawn, 'x')).toBeGreaterThan(0.999);
    expect(corr(drawn, 'y')).toBeLessThan(-0.999);
    await page.locator('.export-menu summary').click();
    await shot('map-gephi-file-positions');
    // A colleague saved other positions (nodes on a circle): those win over the file's on open…
    const G = '/api/workspaces/gephi-les-mis/versions/1';
    const ids = (await api<{ nodes: { id: string }[] }>(`${G}/graph`)).nodes.map((n) => n.id);
    const ring = new Float32Array(ids.flatMap((_, i) => [Math.cos((i * 2 * Math.PI) / ids.length) * 100, Math.sin((i * 2 * Math.PI) / ids.length) * 100]));
    const put = await fetch(`${server.baseUrl}${G}/layout`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ nodes: ids.length, positions: Buffer.from(ring.buffer).toString('base64') }),
    });
    expect(put.status).toBe(200);
    await page.reload();
    await page.locator('[data-testid=map-status][data-layout-source=saved]').waitFor({ timeout: 180_000 });
    await page.locator('.map-area[data-rendered=true]').waitFor({ timeout: 180_000 });
    await page.locator('.map-area[data-framed=true]').waitFor({ timeout: 60_000 });
    expect(Math.abs(corr(circles(await download('svg')), 'x'))).toBeLessThan(0.5);
    await page.locator('.export-menu summary').click();
    // …and "Use positions from file" puts the nodes back where Gephi had them, saved for everyone.
    await page.click('[data-testid=file-layout]');
    await page.locator('[data-testid=map-status][data-layout-saved=server]').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(600); // the camera's re-framing animation
    const back = circles(await download('svg'));
    expect(corr(back, 'x')).toBeGreaterThan(0.999);
    expect(corr(back, 'y')).toBeLessThan(-0.999);
    await page.locator('.export-menu summary').click();
    const saved = await api<{ saved: { positions: string } }>(`${G}/layout`);
    const xy = new Float32Array(new Uint8Array(Buffer.from(saved.saved.positions, 'base64')).buffer);
    ids.forEach((id, i) => {
      expect(xy[2 * i]).toBeCloseTo(viz.get(id)!.x, 3);
      expect(xy[2 * i + 1]).toBeCloseTo(viz.get(id)!.y, 3);
    });
    // Undo goes back to the colleague's ring.
    await page.click('[data-testid=undo-layout]');
    await page.waitForTimeout(300);
    expect(Math.abs(corr(circles(await download('svg')), 'x'))).toBeLessThan(0.5);
    await page.locator('.export-menu summary').click();
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('at 390 px the controls and the workbench open as drawers from the map', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/#/coordinator?workspace=sample&version=1`);
    await page.locator('.map-area[data-rendered=true]').waitFor({ timeout: 180_000 });
    const controls = page.locator('#map-controls');
    expect(await controls.isVisible()).toBe(false);
    await page.click('button.drawer-toggle[data-drawer=controls]');
    await expect.poll(() => controls.isVisible()).toBe(true);
    await page.waitForTimeout(300);
    await shot('coordinator-390-controls-drawer');
    await page.keyboard.press('Escape');
    await expect.poll(() => controls.isVisible()).toBe(false);
    // Touch users close a drawer on the strip of map beside it.
    await page.click('button.drawer-toggle[data-drawer=controls]');
    await expect.poll(() => controls.isVisible()).toBe(true);
    await page.mouse.click(375, 500);
    await expect.poll(() => controls.isVisible()).toBe(false);
    await page.click('button.drawer-toggle[data-drawer=side]');
    await page.locator('[data-testid=isolated-list]').waitFor({ timeout: 180_000 });
    await page.waitForTimeout(300);
    await shot('coordinator-390-workbench-drawer');
    const box = (await page.locator('#workbench').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(391);
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 300_000);

  it('at 390, 1024 and 1440 px the map and coordinator have no serious axe-core violations', async () => {
    const found: string[] = [];
    for (const width of [390, 1024, 1440]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : width === 1024 ? 768 : 900 });
      for (const view of ['map', 'coordinator']) {
        await page.goto('about:blank');
        await page.goto(`${server.baseUrl}/#/${view}?workspace=sample&version=1`);
        await page.locator('.map-area[data-rendered=true]').waitFor({ timeout: 180_000 });
        if (view === 'coordinator') {
          await page.locator('[data-testid=isolated-list]').waitFor({ state: 'attached', timeout: 180_000 });
          // On a phone the list lives in the workbench drawer: check it open.
          if (width === 390) await page.click('button.drawer-toggle[data-drawer=side]');
        }
        await page.waitForTimeout(500);
        await shot(`${view}-${width}`);
        const violations = await axeViolations(page);
        found.push(...violations.map((v) => `${width} ${view} ${v}`));
      }
    }
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 900_000);
});
