/**
 * A programme lead's round in real Chromium against the real server and store: rules kept across
 * kinds, a run, who was left out and why, a decision, the accept preview with the proposed pairs
 * accepted, the confirmed accept writing exactly the previewed ties, the CSV with names and schools,
 * the decision buttons on screen at 1024 and 1440 px, a relaxed rerun. Screenshots in test/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, startAppSuite, type AppSuite, type RunningServer } from './harness.ts';

let suite: AppSuite;
let server: RunningServer;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  suite = await startAppSuite({ width: 1440, height: 900 });
  ({ server, page, pageErrors } = suite);
}, 600_000);

afterAll(async () => {
  await suite?.close();
});

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
const api = async <T>(path: string): Promise<T> => (await (await fetch(`${server.baseUrl}${path}`)).json()) as T;

describe('mentoring round in Chromium', () => {
  it('keeps rules across kinds, runs, lists who is left out, previews and accepts with proposed pairs, exports names', async () => {
    await page.goto(`${server.baseUrl}/#/matching?workspace=sample`);
    await page.locator('[data-testid=run-match]').waitFor();
    const field = page.locator('#mentoring-maxCandidates');
    await field.waitFor({ timeout: 60_000 });
    await field.fill('150');
    await page.selectOption('[data-testid=match-kind]', 'partnership');
    await page.locator('#partnership-top').waitFor();
    await page.selectOption('[data-testid=match-kind]', 'mentoring');
    expect(await page.locator('#mentoring-maxCandidates').inputValue()).toBe('150');

    await page.click('[data-testid=run-match]');
    const rows = page.locator('[data-testid=pairs-table] tbody tr:not([aria-hidden])');
    await rows.first().waitFor({ timeout: 240_000 });
    const round = (await api<{ rounds: { number: number }[] }>('/api/workspaces/sample/rounds')).rounds.at(-1)!;
    const detail = await api<{ pairs: { left: string; right: string }[]; leftOut: { kind: string; name: string }[]; config: { maxCandidates: number } }>(
      `/api/workspaces/sample/rounds/${round.number}`,
    );
    expect(detail.config.maxCandidates).toBe(150);

    // Who was left out: the sample's schools between the maturity thresholds are listed with the reason.
    const leftOut = page.locator('[data-testid=left-out]');
    const ineligible = detail.leftOut.filter((x) => x.kind === 'ineligible');
    expect(ineligible.length).toBeGreaterThan(0);
    expect(await leftOut.locator('h3').textContent()).toBe(
      `Not in a pair (${detail.leftOut.length}) — ${ineligible.length} ineligible, ${detail.leftOut.length - ineligible.length} unmatched`,
    );
    expect(await leftOut.locator('li').count()).toBe(detail.leftOut.length);
    expect(await leftOut.locator('li').first().textContent()).toMatch(/maturity .* (above the mentee limit|no maturity value)/);

    // The decision buttons are on screen (not clipped) at 1440 and 1024 px; rows open by keyboard.
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 800 });
      const lock = rows.first().getByRole('button', { name: /^Lock/ });
      const box = (await lock.boundingBox())!;
      expect(box.x + box.width, `lock button at ${width}px`).toBeLessThanOrEqual(width);
      expect(await lock.locator('svg').count()).toBe(1);
      await shot(`rounds-pairs-${width}`);
    }
    await rows.first().focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('[data-testid=pair-explanation]')?.textContent?.includes('Click a pair'));

    // One pair accepted by the lead; the rest stay proposed.
    await rows
      .first()
      .getByRole('button', { name: /^Accept:/ })
      .click();
    await page.waitForFunction(() => document.querySelector('[data-testid=round-status]')?.textContent?.includes('1 accepted'));
    await page.click('[data-testid=accept-round]');
    const preview = page.locator('[data-testid=accept-preview]');
    await preview.locator('[data-testid=preview-summary]').waitFor({ timeout: 120_000 });
    expect(await preview.locator('[data-testid=preview-write] li').count()).toBe(1);
    await page.selectOption('[data-testid=proposed-choice]', 'accept');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=preview-write] li').length === n, detail.pairs.length, { timeout: 120_000 });
    expect(await preview.locator('[data-testid=preview-summary]').textContent()).toMatch(
      new RegExp(
        `^${detail.pairs.length} mentoring ties to write dated \\d{4}-\\d{2}-\\d{2} \\(1 accepted, ${detail.pairs.length - 1} proposed, accepted now\\)`,
      ),
    );
    expect(await preview.locator('[data-testid=preview-impact] li').count()).toBeGreaterThan(0);
    await shot('rounds-preview');
    await page.click('[data-testid=confirm-accept]');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=round-status]')?.textContent?.includes('accepted') && !document.querySelector('[data-testid=accept-round]'),
      null,
      { timeout: 120_000 },
    );
    const after = await api<{ status: string; acceptedVersion: number; counts: Record<string, number> }>(`/api/workspaces/sample/rounds/${round.number}`);
    expect(after).toMatchObject({ status: 'accepted', counts: { proposed: 0, accepted: detail.pairs.length } });
    const ds = await api<{ edges: { type: string; attrs?: { round?: number } }[] }>(`/api/workspaces/sample/versions/${after.acceptedVersion}/dataset`);
    expect(ds.edges.filter((e) => e.type === 'mentoring' && e.attrs?.round === round.number)).toHaveLength(detail.pairs.length);
    expect(await page.locator('[data-testid=revert-round]').count()).toBe(1);

    // The CSV behind "Download CSV": names with schools and regions, words, rounded scores, the left-out rows.
    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    const csv = await page.evaluate(async (u) => (await fetch(u!)).text(), href);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toMatch(/^row,mentor,mentor_school,mentor_region,mentor_hub,.*mentee,mentee_school,mentee_region,mentee_hub,.*score,status,reasons/);
    expect(lines.filter((l) => l.startsWith('pair,'))).toHaveLength(detail.pairs.length);
    expect(lines.filter((l) => l.startsWith('ineligible,'))).toHaveLength(ineligible.length);
    expect(csv).toContain(ineligible[0].name);
    expect(csv).not.toMatch(/\d\.\d{3,}/);
    await shot('rounds-accepted');

    // One click reruns with the maturity rule relaxed for exactly the ineligible schools: they are no longer ineligible.
    await page.click('[data-testid=relax-mentee-maturity]');
    await page.waitForFunction(
      (n) =>
        document.querySelector('[data-testid=round-status]') &&
        !document.querySelector('[data-testid=revert-round]') &&
        document.querySelectorAll('[data-testid=accept-round]').length === 1 &&
        n > 0,
      round.number,
      { timeout: 240_000 },
    );
    const relaxed = (await api<{ rounds: { number: number }[] }>('/api/workspaces/sample/rounds')).rounds.at(-1)!;
    expect(relaxed.number).toBe(round.number + 1);
    const rd = await api<{ leftOut: { kind: string }[]; config: { rules: { relax: { rule: string; ids: string[] }[] } } }>(
      `/api/workspaces/sample/rounds/${relaxed.number}`,
    );
    expect(rd.config.rules.relax[0]).toMatchObject({ rule: 'mentee-maturity' });
    expect(rd.config.rules.relax[0].ids).toHaveLength(ineligible.length);
    expect(rd.leftOut.filter((x) => x.kind === 'ineligible')).toHaveLength(0);
    expect(pageErrors).toEqual([]);
  }, 600_000);
});
