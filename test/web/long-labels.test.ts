/**
 * Long labels on the map: a CORDIS organisation's name (real data, ../shared/datasets; source:
 * CORDIS, European Commission) is drawn shortened to 32 characters with an ellipsis, and its whole
 * name is in the node panel, the hover box and the map's tooltip. Screenshots:
 * test/artifacts/map-long-labels.png (the map) and map-long-labels-hover.png (hovering the node).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { serializeDataset } from '../../src/io/export.ts';
import { loadDataset } from '../../src/io/load.ts';
import type { Dataset } from '../../src/model/index.ts';
import { esc } from '../../web/src/map/figure.ts';
import { mapLabel } from '../../web/src/map/labels.ts';
import { ARTIFACTS, startAppSuite, type AppSuite } from './harness.ts';

const CORDIS = fileURLToPath(new URL('../../../shared/datasets/cordis-h2020-swafs/coorg', import.meta.url));

let suite: AppSuite;
let page: Page;
let org: { id: string; label: string };

/** The named organisation with the longest name among those with 4–12 partners, with its partners and their ties. */
function neighbourhood(d: Dataset): Dataset {
  const partners = new Map<string, Set<string>>();
  for (const e of d.edges) {
    for (const [a, b] of [
      [e.source, e.target],
      [e.target, e.source],
    ]) {
      if (!partners.has(a)) partners.set(a, new Set());
      partners.get(a)!.add(b);
    }
  }
  const named = d.nodes.filter(
    (n) => n.label && !n.label.startsWith('H2020 participant') && (partners.get(n.id)?.size ?? 0) >= 4 && partners.get(n.id)!.size <= 12,
  );
  const pick = named.sort((a, b) => b.label!.length - a.label!.length)[0];
  org = { id: pick.id, label: pick.label! };
  const keep = new Set([pick.id, ...partners.get(pick.id)!]);
  return { meta: {}, nodes: d.nodes.filter((n) => keep.has(n.id)), edges: d.edges.filter((e) => keep.has(e.source) && keep.has(e.target)) };
}

beforeAll(async () => {
  suite = await startAppSuite({ width: 1280, height: 800 });
  page = suite.page;
  const sub = neighbourhood((await loadDataset(CORDIS)).dataset);
  const fd = new FormData();
  fd.append('create', 'true');
  for (const f of serializeDataset(sub, 'csv')) fd.append('files', new Blob([f.content]), f.name);
  const up = await fetch(`${suite.server.baseUrl}/api/workspaces/cordis/versions`, { method: 'POST', body: fd });
  if (up.status !== 201) throw new Error(`upload: ${up.status} ${await up.text()}`);
}, 600_000);
afterAll(async () => {
  await suite?.close();
});

describe('long labels on the map', () => {
  it('a CORDIS organisation name is shortened on the map and whole in the panel, hover box and tooltip', async () => {
    expect(org.label.length).toBeGreaterThan(40);
    const short = mapLabel(org.label);
    expect(short).toHaveLength(32);
    expect(short.endsWith('…')).toBe(true);
    expect(org.label.startsWith(short.slice(0, -1).trimEnd())).toBe(true);

    await page.goto(`${suite.server.baseUrl}/#/map?workspace=cordis`);
    await page.locator('.map-area[data-rendered=true]').waitFor({ timeout: 180_000 });
    await page.fill('[data-testid=search]', org.label.slice(0, 30));
    await page.press('[data-testid=search]', 'Enter');
    await page.waitForSelector(`[data-testid=sigma][data-focused="${org.id}"]`, { timeout: 60_000 });
    const panel = page.locator('[data-testid=node-panel]');
    await expect.poll(() => panel.locator('h2').textContent(), { timeout: 60_000 }).toBe(org.label);
    await page.mouse.move(5, 5);
    await page.screenshot({ path: join(ARTIFACTS, 'map-long-labels.png') });

    // What the map draws, as its vector figure (the export menu's SVG) has it: the shortened label as
    // text, the whole one as the node's title.
    await page.locator('.export-menu summary').click();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export=svg]').click()]);
    const svg = readFileSync((await dl.path())!, 'utf8');
    expect(svg).toContain(`>${esc(short)}</text>`);
    expect(svg).not.toContain(`>${esc(org.label)}</text>`);
    expect(svg).toContain(`<title>${esc(org.label)}</title>`);
    await page.locator('.export-menu summary').click();
    await page.mouse.move(5, 5);

    // The camera is centred on the focused node: hovering the middle of the map shows its whole name.
    const box = (await page.locator('[data-testid=sigma]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2 + 1);
    await page.waitForSelector(`[data-testid=sigma][data-hovered="${org.id}"]`, { timeout: 30_000 });
    expect(await page.locator('[data-testid=sigma]').getAttribute('title')).toBe(org.label);
    await page.screenshot({ path: join(ARTIFACTS, 'map-long-labels-hover.png') });
    expect(suite.pageErrors).toEqual([]);
  }, 300_000);
});
