/**
 * A programme lead's round in real Chromium against the real server and store: rules kept across
 * kinds, a run, who was left out and why, a decision, the accept preview with the proposed pairs
 * accepted, the confirmed accept writing exactly the previewed ties, the CSV with names and schools,
 * the decision buttons on screen at 1024 and 1440 px, a relaxed rerun; rules that speak plainly, exclusions
 * and locks chosen with node pickers and from a pair, the pairs as keyboard-reachable cards at 390 px,
 * outcomes and new maturity recorded after the accept and the researcher's maturity-change panel, and
 * axe-core on the matching view at 390, 1024 and 1440 px. Screenshots in test/artifacts/.
 */

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppSuite, ARTIFACTS, axeViolations, type RunningServer, startAppSuite } from './harness.ts';

let suite: AppSuite;
let server: RunningServer;
let page: Page;
let pageErrors: string[] = [];
/** The round the first test accepts (all its pairs became ties), for the outcome and axe checks. */
let accepted: { number: number; pairs: { left: string; right: string }[] } = { number: 0, pairs: [] };

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
    accepted = { number: round.number, pairs: detail.pairs };
  }, 600_000);

  it('says what to fix next to the field, by its label and range, never "Something went wrong"', async () => {
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/#/matching?workspace=sample`);
    await page.locator('[data-testid=round-status]').waitFor({ timeout: 120_000 });
    await page.locator('details > summary', { hasText: 'Rules and weights' }).click();
    const min = page.locator('#mentoring-mentorMinMaturity');
    await min.fill('6');
    await min.blur();
    const inline = page.locator('[data-testid=error-mentoring-mentorMinMaturity]');
    await expect.poll(() => inline.textContent()).toBe('Minimum mentor maturity must be between 1 and 5');
    expect(await min.getAttribute('aria-invalid')).toBe('true');
    expect(await min.getAttribute('aria-describedby')).toBe('mentoring-mentorMinMaturity-error');
    await page.locator('#mentoring-rules-minMaturityGap').fill('-1');
    await page.click('[data-testid=run-match]');
    const banner = page.locator('[data-testid=rule-errors]');
    await banner.waitFor();
    const text = (await banner.textContent())!;
    expect(text).toContain('The rules need a fix before running (2):');
    expect(text).toContain('Minimum mentor maturity must be between 1 and 5');
    expect(text).toContain('Minimum maturity gap must be between 0 and 4');
    expect(text).not.toMatch(/Something went wrong|expected at|mentorMinMaturity/);
    // The first field with a problem has the focus, so a keyboard user lands on it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('mentoring-mentorMinMaturity');
    await shot('rounds-rule-errors');
    await min.fill('4');
    await page.locator('#mentoring-rules-minMaturityGap').fill('1');
    await min.blur();
    await expect.poll(() => inline.textContent()).toBe('');
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('chooses exclusions and locks with node pickers and from a pair, shows them as chips, and the rerun obeys them', async () => {
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/#/matching?workspace=sample`);
    await page.locator('[data-testid=pairs-table] tbody tr:not([aria-hidden])').first().waitFor({ timeout: 120_000 });
    await page.locator('details > summary', { hasText: 'Rules and weights' }).click();
    await page.locator('[data-testid=picker-mentoring-rules-excludePairs-0]').waitFor();
    // Two pairs of the round on screen (the relaxed rerun), of mentees the form's rules also target.
    const shown = (await api<{ rounds: { number: number }[] }>('/api/workspaces/sample/rounds')).rounds.at(-1)!;
    const names = await api<{
      pairs: { left: string; right: string; leftName: string; rightName: string; score: number }[];
      config: { rules: { relax: { ids: string[] }[] } };
    }>(`/api/workspaces/sample/rounds/${shown.number}`);
    const relaxed = new Set(names.config.rules.relax.flatMap((r) => r.ids));
    const [ex, lock] = [...names.pairs].filter((p) => !relaxed.has(p.right)).sort((a, b) => b.score - a.score);
    expect(lock).toBeDefined();
    // Exclusion by the pickers: the mentor by typing and a click, the mentee by keyboard only.
    const left = page.locator('[data-testid=picker-mentoring-rules-excludePairs-0]');
    await left.fill(ex.leftName.slice(0, 8));
    await page.locator(`#mentoring-rules-excludePairs-0-list [role=option][data-id="${ex.left}"]`).click();
    expect(await left.inputValue()).toBe(ex.leftName);
    const right = page.locator('[data-testid=picker-mentoring-rules-excludePairs-1]');
    await right.focus();
    await page.keyboard.type(ex.rightName);
    const opts = page.locator('#mentoring-rules-excludePairs-1-list [role=option]');
    await opts.first().waitFor();
    expect(await right.getAttribute('aria-expanded')).toBe('true');
    const ids = await opts.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    for (let i = 0; i < ids.indexOf(ex.right); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await right.inputValue()).toBe(ex.rightName);
    await shot('rounds-picker');
    await page.click('[data-testid=add-mentoring-rules-excludePairs]');
    const exChips = page.locator('[data-testid=chips-mentoring-rules-excludePairs] li.chip');
    await expect.poll(() => exChips.allTextContents()).toEqual([`${ex.leftName} → ${ex.rightName}×`]);
    // Half a pair is refused in words.
    await left.fill('zzz');
    await page.click('[data-testid=add-mentoring-rules-excludePairs]');
    expect(await page.locator('[data-testid=error-mentoring-rules-excludePairs]').textContent()).toBe(
      'Excluded pairs: pick a mentor and a mentee from the lists',
    );
    await left.fill('');
    // Teacher rounds pick teachers, shown with their school.
    await page.selectOption('#mentoring-level', 'teacher');
    await left.fill('a');
    const details = page.locator('#mentoring-rules-excludePairs-0-list [role=option] small');
    await details.first().waitFor();
    expect((await details.allTextContents()).every((d) => /^ teacher · /.test(d))).toBe(true);
    expect(await page.locator('#mentoring-rules-excludePairs-0-list [role=option] .picker-name').first().textContent()).toMatch(/ \(.+\)$/);
    await page.keyboard.press('Escape');
    await left.fill('');
    await page.selectOption('#mentoring-level', 'school');

    // Lock from a pair: open the pair (the table row), "Lock this pair in the next runs".
    const rows = page.locator('[data-testid=pairs-table] tbody tr:not([aria-hidden])');
    // The table re-renders when the form's level changes back: open the pair until its actions show.
    const lockBtn = page.locator('[data-testid=rule-lock-pair]');
    await expect
      .poll(
        async () => {
          if (!(await lockBtn.isVisible())) await rows.filter({ hasText: lock.rightName }).first().click();
          return lockBtn.isVisible();
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    await lockBtn.click();
    const lockChips = page.locator('[data-testid=chips-mentoring-rules-lockedPairs] li.chip');
    await expect.poll(() => lockChips.allTextContents()).toEqual([`${lock.leftName} → ${lock.rightName}×`]);
    // A chip goes with its × (and comes back from the pair).
    await lockChips
      .first()
      .getByRole('button', { name: `Remove ${lock.leftName} → ${lock.rightName} from locked pairs` })
      .click();
    await expect.poll(() => lockChips.count()).toBe(0);
    await page.click('[data-testid=rule-lock-pair]');
    await expect.poll(() => lockChips.count()).toBe(1);
    await shot('rounds-chips');

    const before = (await api<{ rounds: { number: number }[] }>('/api/workspaces/sample/rounds')).rounds.length;
    await page.click('[data-testid=run-match]');
    await page.waitForFunction((n) => document.querySelector('[aria-label="Earlier rounds"]')?.querySelectorAll('option').length === n + 2, before, {
      timeout: 240_000,
    });
    const made = (await api<{ rounds: { number: number }[] }>('/api/workspaces/sample/rounds')).rounds.at(-1)!;
    const rd = await api<{ pairs: { left: string; right: string }[]; config: { rules: { excludePairs: string[][]; lockedPairs: string[][] } } }>(
      `/api/workspaces/sample/rounds/${made.number}`,
    );
    expect(rd.config.rules.excludePairs).toContainEqual([ex.left, ex.right]);
    expect(rd.config.rules.lockedPairs).toContainEqual([lock.left, lock.right]);
    expect(rd.pairs.some((p) => p.left === ex.left && p.right === ex.right)).toBe(false);
    expect(rd.pairs.some((p) => p.left === lock.left && p.right === lock.right)).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 600_000);

  it('at 390 px shows the pairs as cards with the same decisions, reachable by keyboard with a visible focus', async () => {
    await page.goto('about:blank');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/#/matching?workspace=sample`);
    await page.locator('.map-area[data-rendered=true]').waitFor({ timeout: 180_000 });
    await page.click('button.drawer-toggle[data-drawer=side]');
    const cards = page.locator('[data-testid=pair-card]');
    await cards.first().waitFor({ timeout: 120_000 });
    const latest = (await api<{ rounds: { number: number }[] }>('/api/workspaces/sample/rounds')).rounds.at(-1)!;
    const rd = await api<{ pairs: unknown[] }>(`/api/workspaces/sample/rounds/${latest.number}`);
    expect(await cards.count()).toBe(rd.pairs.length);
    expect(await page.locator('[data-testid=pairs-table]').count()).toBe(0);
    // From the Run button, Tab reaches the first card, then its decisions.
    await page.locator('[data-testid=run-match]').focus();
    let onCard = false;
    for (let i = 0; i < 12 && !onCard; i++) {
      await page.keyboard.press('Tab');
      onCard = await page.evaluate(() => document.activeElement?.classList.contains('pair-card') ?? false);
    }
    expect(onCard).toBe(true);
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return `${s.outlineStyle} ${s.outlineWidth}`;
    });
    expect(outline).toBe('solid 3px');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('[data-testid=pair-explanation]')?.textContent?.includes('Click a pair'));
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    expect(focused).toMatch(/^Accept: /);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid=round-status]')?.textContent?.includes('1 accepted'), null, { timeout: 60_000 });
    for (const b of await cards.first().getByRole('button').all()) {
      const box = (await b.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    await cards.first().focus();
    await shot('rounds-cards-390');
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('records how the accepted pairs went and new maturity; the researcher view compares mentees with the others', async () => {
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/#/matching?workspace=sample`);
    await page.locator('[data-testid=round-status]').waitFor({ timeout: 120_000 });
    await page.selectOption('[aria-label="Earlier rounds"]', String(accepted.number));
    const rows = page.locator('[data-testid=outcome-row]');
    await rows.first().waitFor({ timeout: 60_000 });
    expect(await rows.count()).toBe(accepted.pairs.length);
    await rows.nth(0).locator('[data-testid=outcome-met]').selectOption('yes');
    await rows.nth(0).locator('[data-testid=outcome-rating]').selectOption('4');
    await rows.nth(0).locator('[data-testid=outcome-note]').fill('met twice, robotics club started');
    // A rating without saying whether they met is refused next to the pair.
    await rows.nth(1).locator('[data-testid=outcome-rating]').selectOption('2');
    await page.click('[data-testid=save-outcomes]');
    expect(await rows.nth(1).locator('.field-error').textContent()).toMatch(/^Say whether .+ met before giving a rating or a note$/);
    await rows.nth(1).locator('[data-testid=outcome-met]').selectOption('no');
    await page.click('[data-testid=save-outcomes]');
    await expect.poll(() => page.locator('[data-testid=outcomes-status]').textContent()).toBe(`Saved: 2 of ${accepted.pairs.length} pairs recorded, 1 met.`);
    const recorded = await api<{ outcomes: { left: string; right: string; met: boolean; rating?: number; note?: string }[] }>(
      `/api/workspaces/sample/rounds/${accepted.number}/outcomes`,
    );
    expect(recorded.outcomes).toHaveLength(2);
    expect(recorded.outcomes.find((o) => o.met)).toMatchObject({ rating: 4, note: 'met twice, robotics club started' });
    expect(recorded.outcomes.find((o) => !o.met)).toMatchObject({ rating: 2 });

    const values = page.locator('[data-testid=maturity-value]');
    await values.first().fill('7');
    await page.locator('[data-testid=maturity-date]').fill('2026-06-01');
    await page.click('[data-testid=save-maturity]');
    expect(await page.locator('[data-testid=maturity-form] .field-error').first().textContent()).toMatch(/^New maturity of .+ must be between 1 and 5$/);
    await values.first().fill('3.5');
    await page.click('[data-testid=save-maturity]');
    await expect.poll(() => page.locator('[data-testid=maturity-status]').textContent()).toBe('Saved 1 assessment dated 2026-06-01.');
    await shot('rounds-outcomes');
    const mat = await api<{ assessments: { node: string; value: number; date: string }[] }>('/api/workspaces/sample/maturity');
    const mentees = new Set(accepted.pairs.map((p) => p.right));
    expect(mat.assessments).toEqual([expect.objectContaining({ value: 3.5, date: '2026-06-01' })]);
    expect(mentees.has(mat.assessments[0].node)).toBe(true);

    // The researcher view: the mentored group's change, as the API computes it.
    const change = await api<{ groups: { group: string; schools: number; meanChange: number | null }[] }>('/api/workspaces/sample/maturity-change');
    const mentored = change.groups.find((g) => g.group === 'mentees')!;
    expect(mentored.schools).toBe(1);
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/#/researcher?workspace=sample`);
    const panel = page.locator('[data-testid=maturity-change]');
    await panel.locator('[data-testid=maturity-groups]').waitFor({ timeout: 120_000 });
    const row = panel.locator('tr[data-group=mentees]');
    const [count, mean] = await row.locator('td').allTextContents();
    expect(count).toBe('1');
    expect(mean).toMatch(/^[+-]\d/);
    expect(Math.abs(Number(mean) - mentored.meanChange!)).toBeLessThan(0.051);
    expect(await panel.locator('tr[data-group=others] td').first().textContent()).toBe('0');
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: join(ARTIFACTS, 'rounds-maturity-change.png') });
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('the matching view has no serious axe-core violations at 390, 1024 and 1440 px', async () => {
    const found: string[] = [];
    for (const width of [390, 1024, 1440]) {
      for (const which of ['open', 'accepted'] as const) {
        await page.goto('about:blank');
        await page.setViewportSize({ width, height: width === 390 ? 844 : width === 1024 ? 768 : 900 });
        await page.goto(`${server.baseUrl}/#/matching?workspace=sample`);
        await page.locator('.map-area[data-rendered=true]').waitFor({ timeout: 180_000 });
        await page.locator('[data-testid=round-status]').waitFor({ state: 'attached', timeout: 120_000 });
        if (width === 390) {
          await page.click('button.drawer-toggle[data-drawer=side]');
          await expect.poll(() => page.locator('#workbench').isVisible()).toBe(true);
        }
        if (which === 'accepted') {
          await shot(`rounds-axe-before-select-${width}`);
          await page.selectOption('[aria-label="Earlier rounds"]', String(accepted.number));
          await page.locator('[data-testid=outcome-row]').first().waitFor({ state: 'attached', timeout: 60_000 });
        } else {
          // The rules open, so the form, its pickers and chips are checked too.
          await page.evaluate(() => {
            for (const d of document.querySelectorAll('details')) if (d.querySelector('summary')?.textContent === 'Rules and weights') d.open = true;
          });
          await page.locator('#mentoring-rules-excludePairs').waitFor();
        }
        await page.waitForTimeout(400);
        await shot(`rounds-axe-${which}-${width}`);
        const violations = await axeViolations(page);
        found.push(...violations.map((v) => `${width} ${which} ${v}`));
      }
    }
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 900_000);
});
