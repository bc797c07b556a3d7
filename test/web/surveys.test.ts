/**
 * Relationship surveys in real Chromium: a coordinator creates a wave in the app, downloads the links,
 * three respondents answer on a 390 px phone (typeahead, follow-ups, an added organisation, save and
 * resume), the coordinator sees 3/N and reciprocity, closes the wave into a version whose edges equal the
 * answers, and a second wave's diff shows the change. Screenshots go to test/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { parseDatasetFiles } from '../../src/io/load.ts';
import { ARTIFACTS, buildWeb, launchBrowser, startApiServer, type RunningServer } from './harness.ts';

let server: RunningServer;
let browser: Browser;
let coordinator: Page;
const pageErrors: string[] = [];
const HTML_NAME = 'Robotics <b>Club</b> <img src=x onerror=alert(1)>';

beforeAll(async () => {
  await buildWeb();
  server = await startApiServer();
  browser = await launchBrowser();
  coordinator = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  coordinator.on('pageerror', (e) => pageErrors.push(e.message));
  coordinator.on('dialog', (d) => void d.accept());
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const api = async <T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> => {
  const r = await fetch(`${server.baseUrl}${path}`, {
    ...init,
    headers: { 'Content-Type': 'application/json', ...(init.headers ?? {}) },
    body: init.json === undefined ? init.body : JSON.stringify(init.json),
  });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
};

/** A respondent on a phone: finds a name by typing part of it, picks the suggestion, sets "how important". */
async function nameSomeone(page: Page, typed: string, label: string, strength: string): Promise<void> {
  await page.fill('#roster-search', typed);
  await page.locator('#roster-suggestions button', { hasText: label }).first().click();
  const card = page.locator(`[data-named="${label}"]`);
  await card.waitFor();
  await card.locator('select[id$=-str]').selectOption(strength);
}

describe('relationship surveys in Chromium', () => {
  let links: Record<string, string>[] = [];
  const phones: Page[] = [];

  it('the coordinator creates a wave from the generated form and downloads the personal links', async () => {
    await coordinator.goto(`${server.baseUrl}/#/surveys`);
    await coordinator.fill('#survey-title', 'Who do you work with on digital innovation?');
    await coordinator.fill('#survey-respondents-regions', 'Tartu County');
    await coordinator.click('[data-testid=survey-create]');
    await coordinator.locator('[data-testid=survey-progress]').waitFor({ timeout: 60_000 });
    expect(await coordinator.textContent('[data-testid=survey-progress]')).toMatch(/^0 \/ 15 answered/);
    const [download] = await Promise.all([coordinator.waitForEvent('download'), coordinator.click('[data-testid=survey-links]')]);
    links = parse(readFileSync((await download.path())!, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(links).toHaveLength(15);
    expect(links[0].link).toContain('/survey.html#hs_');
    await coordinator.screenshot({ path: join(ARTIFACTS, 'survey-coordinator-new.png'), fullPage: true });
  }, 240_000);

  it('three respondents answer on a 390 px phone: typeahead, follow-ups, an addition, save and resume', async () => {
    const [a, b, c] = links;
    for (let i = 0; i < 3; i++) {
      const p = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      p.on('pageerror', (e) => pageErrors.push(e.message));
      phones.push(p);
    }
    // A names B and C (accent-free typing finds "Põhikool"), saves a draft, comes back, submits.
    const pa = phones[0];
    await pa.goto(links[0].link);
    await pa.locator('h1').waitFor();
    expect(await pa.textContent('main')).toContain(`You are answering for ${a.name}`);
    await nameSomeone(pa, b.name.slice(0, 6), b.name, '4');
    await nameSomeone(
      pa,
      c.name
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .slice(0, 7),
      c.name,
      '2',
    );
    await pa.locator('fieldset.card .scale label', { hasText: '2' }).first().click();
    await pa.click('#save-draft');
    await pa.locator('.status.ok').waitFor();
    await pa.screenshot({ path: join(ARTIFACTS, 'survey-phone-draft.png'), fullPage: true });
    await pa.reload();
    await pa.locator(`[data-named="${b.name}"]`).waitFor();
    expect(await pa.locator(`[data-named="${b.name}"] select[id$=-str]`).inputValue()).toBe('4');
    expect(await pa.locator('[data-named]').count()).toBe(2);
    await pa.click('#submit');
    await pa.locator('.status.ok', { hasText: 'submitted' }).waitFor();

    // B names A back; C names A and adds an organisation that is not on the list (its name is HTML).
    const pb = phones[1];
    await pb.goto(b.link);
    await nameSomeone(pb, a.name.slice(0, 8), a.name, '5');
    await pb.click('#submit');
    await pb.locator('.status.ok', { hasText: 'submitted' }).waitFor();
    const pc = phones[2];
    await pc.goto(c.link);
    await nameSomeone(pc, a.name.slice(0, 8), a.name, '3');
    await pc.fill('#add-name', HTML_NAME);
    await pc.selectOption('#add-type', 'community');
    await pc.fill('#add-note', 'after-school club in Tartu');
    await pc.click('#add-button');
    await pc.locator('[data-added]').waitFor();
    expect(await pc.locator('main img').count()).toBe(0);
    await pc.click('#submit');
    await pc.locator('.status.ok', { hasText: 'submitted' }).waitFor();
    await pc.screenshot({ path: join(ARTIFACTS, 'survey-phone-submitted.png'), fullPage: true });
    // Nothing is wider than the phone.
    for (const p of phones) expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }, 240_000);

  it('status shows 3/15 and reciprocity; closing creates a version whose edges and attributes equal the answers', async () => {
    await coordinator.click('[data-wave="1"]');
    await coordinator.waitForFunction(() => /^3 \/ 15 answered/.test(document.querySelector('[data-testid=survey-progress]')?.textContent ?? ''), null, {
      timeout: 30_000,
    });
    expect(await coordinator.textContent('[data-testid=survey-reciprocity]')).toContain('2 of 2 ties');
    expect(await coordinator.locator('[data-testid=survey-additions] td', { hasText: 'Robotics' }).first().textContent()).toBe(HTML_NAME);
    expect(await coordinator.locator('main img').count()).toBe(0);
    await coordinator.screenshot({ path: join(ARTIFACTS, 'survey-coordinator-status.png'), fullPage: true });
    await coordinator.click('[data-testid=survey-close]');
    await coordinator.locator('[data-testid=survey-progress]', { hasText: 'closed into version 2' }).waitFor({ timeout: 60_000 });
    expect(await coordinator.locator('#version-select').inputValue()).toBe('2');
    const closed = await api<{ surveys: { status: string; closedVersion: number | null }[] }>('/api/workspaces/sample/surveys');
    expect(closed.surveys[0]).toMatchObject({ status: 'closed', closedVersion: 2 });

    const [a, b, c] = links;
    // Read the stored version back through the project's own reader, as a user's download would be.
    const file = await (await fetch(`${server.baseUrl}/api/workspaces/sample/versions/2/export?format=json`)).text();
    const { dataset: v2 } = parseDatasetFiles([{ name: 'dataset.json', content: file }]);
    const wave = v2.edges.filter((e) => e.attrs.survey === 1);
    const club = v2.nodes.find((n) => n.label === HTML_NAME)!;
    expect(club).toMatchObject({ type: 'community', attrs: { addedBy: c.respondent } });
    const ends = (x: string, y: string) => (x < y ? [x, y] : [y, x]);
    expect(wave.map((e) => [...ends(e.source, e.target), e.weight, e.attrs.confirmed]).sort()).toEqual(
      [
        [...ends(a.respondent, b.respondent), 4.5, true],
        [...ends(a.respondent, c.respondent), 2.5, true],
        [...ends(c.respondent, club.id), 1, false],
      ].sort(),
    );
    expect(v2.nodes.find((n) => n.id === a.respondent)!.maturity).toBe(2);
  }, 240_000);

  it('a second wave, and the diff between the waves', async () => {
    const [a, , , d] = links;
    const s2 = await api<{ number: number }>('/api/workspaces/sample/surveys', {
      method: 'POST',
      json: { title: 'Wave 2', respondents: { ids: [a.respondent] } },
    });
    const issued = await api<{ links: { token: string }[] }>(`/api/workspaces/sample/surveys/${s2.number}/links`, { method: 'POST', json: {} });
    const form = await api<{ roster: { key: string; label: string }[] }>('/api/survey/form', { headers: { 'X-Survey-Token': issued.links[0].token } });
    const dKey = form.roster.find((e) => e.label === d.name)!.key;
    await api('/api/survey/answers', {
      method: 'PUT',
      headers: { 'X-Survey-Token': issued.links[0].token },
      json: { answers: { named: [{ key: dKey }], node: { maturity: 3 } }, submit: true },
    });
    const r = await api<{ version: { number: number } }>(`/api/workspaces/sample/surveys/${s2.number}/close`, { method: 'POST', json: {} });
    expect(r.version.number).toBe(3);
    const diff = await api<{ edges: { added: { source: string; target: string }[] }; nodes: { changed: { id: string; fields: string[] }[] } }>(
      '/api/workspaces/sample/diff?from=2&to=3',
    );
    expect(diff.edges.added.map((e) => [e.source, e.target])).toEqual([[a.respondent, d.respondent]]);
    expect(diff.nodes.changed.find((n) => n.id === a.respondent)!.fields).toContain('maturity');
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
