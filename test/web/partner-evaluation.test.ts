/**
 * The matching view's partner mode in real Chromium against the real server: "How well would these
 * suggestions have predicted?" runs the evaluation as a job with progress at the server's default
 * split, shows ours against the baselines with the API's figures and intervals, and a sentence
 * that matches them, why the split is where it is (with the per-year counts), and how our score
 * was made (the learned model and its heaviest signals); a split with nothing after it is said as
 * such. A partner round shows the same scoring block beside its pairs, with the hand-set weights
 * listed when it was made with them. Desktop and 390 px.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTNER_SIGNAL_WORDS } from '../../src/model/vocabulary.ts';
import { RoundWithPairsSchema, VersionEvaluationSchema } from '../../src/server/contract/index.ts';
import { splitSentence } from '../../web/src/views/matching-evaluate.ts';
import { type AppSuite, ARTIFACTS, axeViolations, type RunningServer, startAppSuite } from './harness.ts';

let suite: AppSuite;
let server: RunningServer;
let page: Page;
const EVAL = '/api/workspaces/sample/versions/latest/partners/evaluate';
const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  suite = await startAppSuite({ width: 1440, height: 900 });
  ({ server, page } = suite);
}, 600_000);

afterAll(async () => {
  expect(suite?.pageErrors ?? []).toEqual([]);
  await suite?.close();
});

const two = (x: number) => x.toFixed(2);

describe('partner evaluation panel', () => {
  it('runs at the default split as a job, shows the API’s figures with intervals and a sentence that follows them', async () => {
    await page.goto(`${server.baseUrl}/#/matching?workspace=sample`);
    const panel = page.locator('[data-testid=partner-evaluation]');
    await page.locator('#mentoring-maxCandidates').waitFor({ timeout: 60_000 });
    expect(await panel.isHidden()).toBe(true);
    await page.selectOption('[data-testid=match-kind]', 'partnership');
    await page.locator('#partnership-top').waitFor();
    await panel.waitFor();
    const answers: { url: string; status: number }[] = [];
    page.on('response', (r) => answers.push({ url: r.url(), status: r.status() }));
    await page.click('[data-testid=eval-run]');
    const table = page.locator('[data-testid=eval-table]');
    await table.waitFor({ timeout: 300_000 });
    expect(answers.some((a) => a.url.endsWith('/partners/evaluate') && a.status === 202)).toBe(true);
    // The same body straight from the API is now a cache hit: the numbers the panel must show.
    const r = await fetch(`${server.baseUrl}${EVAL}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ k: 10 }) });
    expect(r.headers.get('x-cache')).toBe('hit');
    const doc = VersionEvaluationSchema.parse(await r.json());
    expect(doc.splitChosen.by).toBe('default');
    expect(await page.inputValue('[data-testid=eval-split]')).toBe(doc.split);
    // Why the split is there, in words, and the companies each 1 January leaves, the one used marked.
    // The sample's dated ties leave no 1 January with 30 such companies: the split leaves the most.
    expect(doc.splitChosen.companies).toBeLessThan(doc.splitChosen.minCompanies);
    expect(doc.splitChosen.companies).toBe(Math.max(...doc.splitChosen.years.map((y) => y.companies)));
    expect(await page.locator('[data-testid=eval-split-why]').textContent()).toBe(
      `Split at ${doc.split}: no 1 January leaves ${doc.splitChosen.minCompanies} companies forming a new tie with a partner after it; this one leaves the most (${doc.splitChosen.companies} companies do).`,
    );
    const years = page.locator('[data-testid=eval-split-years]');
    await years.locator('summary').click();
    expect(await years.locator('tbody tr').count()).toBe(doc.splitChosen.years.length);
    expect(await years.locator('tr[data-chosen] td').textContent()).toBe(String(doc.splitChosen.companies));
    expect(await years.locator('tr[data-chosen] th').textContent()).toBe(`${doc.split} (used)`);
    const rows = table.locator('tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((t) => t.getAttribute('data-score')))).toEqual([
      'combined',
      'preferentialAttachment',
      'adamicAdar',
      'random',
    ]);
    const ours = doc.scores.find((s) => s.score === 'combined')!;
    const oursB = doc.bootstrap!.scores.find((s) => s.score === 'combined')!;
    const cells = await table.locator('tr[data-score=combined] td').allTextContents();
    expect(cells).toEqual([
      `${two(ours.recallAtK!)}${two(oursB.recallAtK[0])}–${two(oursB.recallAtK[1])}`,
      `${two(ours.precisionAtK!)}${two(oursB.precisionAtK[0])}–${two(oursB.precisionAtK[1])}`,
      `${two(ours.auc!)}${two(oursB.auc![0])}–${two(oursB.auc![1])}`,
    ]);
    // The sentence says "more"/"fewer" only when the ratio's interval excludes 1.
    const sentence = (await page.locator('[data-testid=eval-sentence]').textContent())!;
    const [lo, hi] = doc.bootstrap!.ratio.recallAtK.interval!;
    expect(sentence).toContain(lo > 1 ? 'find more of' : hi < 1 ? 'find fewer of' : 'find about as many of');
    expect(sentence).toContain(`(${two(lo)}–${two(hi)}×`);
    expect(sentence).toContain(`AUC ${two(ours.auc!)}`);
    // What our score rests on: the sample's dated ties give the learned linear model; its window, new ties and heaviest signals.
    const scoring = page.locator('[data-testid=partner-evaluation] [data-testid=scoring-info]');
    expect(doc.scoring.kind).toBe('learned');
    const m = doc.scoring.model!;
    expect(m.learner).toBe('linear');
    const heaviest = Object.entries(m.learner === 'linear' ? m.coefficients : {})
      .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
      .slice(0, 3)
      .map(([f]) => PARTNER_SIGNAL_WORDS[f as keyof typeof PARTNER_SIGNAL_WORDS]);
    expect(await scoring.textContent()).toBe(
      `How these suggestions were scoredLearned from your own ties: trained on ties formed ${m.t0}…${m.until} (${m.positives.toLocaleString('en')} new ties); model: logistic regression; the signals that weigh most: ${heaviest.join(', ')}.`,
    );
    // No serious or critical accessibility problem on the page with the panel's result in it.
    expect(await axeViolations(page)).toEqual([]);
    await table.scrollIntoViewIfNeeded();
    await shot('partner-evaluation-1440');
    await panel.screenshot({ path: join(ARTIFACTS, 'partner-evaluation-panel-1440.png') });
    await scoring.screenshot({ path: join(ARTIFACTS, 'partner-scoring-1440.png') });

    // A split after the last dated tie: nothing to judge on, said with what the dates allow.
    await page.fill('[data-testid=eval-split]', '2090-01-01');
    await page.click('[data-testid=eval-run]');
    const problem = page.locator('[data-testid=eval-problem]');
    await problem.waitFor({ timeout: 60_000 });
    expect(await problem.textContent()).toMatch(/Cannot evaluate: .*no ties on or after it to judge on/);
    expect(await problem.textContent()).toContain(doc.datedRange.last);

    // A split leaving fewer than 30 companies with a new tie: the panel warns with the figure and names a better split, as the API says it.
    await page.fill('[data-testid=eval-split]', '2025-01-01');
    await page.click('[data-testid=eval-run]');
    const warning = page.locator('[data-testid=eval-warning]');
    await warning.waitFor({ timeout: 300_000 });
    const late = VersionEvaluationSchema.parse(
      await (
        await fetch(`${server.baseUrl}${EVAL}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ split: '2025-01-01', k: 10 }),
        })
      ).json(),
    );
    expect(late.splitChosen.warning).toMatch(
      new RegExp(`leaves only ${late.splitChosen.companies} companies .*; split ${doc.split} leaves ${doc.splitChosen.companies}`),
    );
    expect(await warning.textContent()).toBe(`Few companies: ${late.splitChosen.warning}`);
    expect(await page.locator('[data-testid=eval-split-why]').textContent()).toBe(splitSentence(late));
    expect(splitSentence(late)).toMatch(new RegExp(`^Split at 2025-01-01, as asked: ${late.splitChosen.companies} compan`));
    expect(await axeViolations(page)).toEqual([]);
    await panel.screenshot({ path: join(ARTIFACTS, 'partner-evaluation-warning-1440.png') });
  }, 600_000);

  it('a partner round says beside its pairs how they were scored: the hand-set weights, largest first, by name', async () => {
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/#/matching?workspace=sample`);
    await page.locator('#mentoring-maxCandidates').waitFor({ timeout: 60_000 });
    await page.selectOption('[data-testid=match-kind]', 'partnership');
    await page.selectOption('#partnership-scoring', 'weights');
    await page.fill('#partnership-weights-proximity', '0.3');
    await page.click('[data-testid=run-match]');
    const round = page.locator('[data-testid=round]');
    await round.locator('[data-testid=pairs-table]').waitFor({ timeout: 240_000 });
    const last = (await (await fetch(`${server.baseUrl}/api/workspaces/sample/rounds`)).json()).rounds.at(-1);
    const stored = RoundWithPairsSchema.parse(await (await fetch(`${server.baseUrl}/api/workspaces/sample/rounds/${last.number}`)).json());
    expect(stored.scoring).toEqual({ kind: 'weights', weights: { themes: 1, complementarity: 0.5, proximity: 0.3, adamicAdar: 1 } });
    // The block sits between the round's tally and its pairs, in the round, not only in the evaluation panel.
    const block = round.locator('[data-testid=scoring-info]');
    expect(await block.getAttribute('data-kind')).toBe('weights');
    expect(await block.locator('p').allTextContents()).toEqual([
      'Hand-set weights: shared themes 1, specific common contacts 1, the partner type the themes need 0.5, proximity 0.3.',
      'The rules ask for hand-set weights (scoring “weights”), so no model was learned.',
    ]);
    const order = await round.evaluate((el) =>
      [...el.querySelectorAll('[data-testid=round-status], [data-testid=scoring-info], [data-testid=pairs-table]')].map((x) => x.getAttribute('data-testid')),
    );
    expect(order).toEqual(['round-status', 'scoring-info', 'pairs-table']);
    expect(await axeViolations(page)).toEqual([]);
    await round.scrollIntoViewIfNeeded();
    await shot('partner-round-scoring-1440');

    // A round stored before rounds kept their scoring (its read without `scoring`): said as not recorded, nothing guessed.
    const url = `**/api/workspaces/sample/rounds/${last.number}`;
    await page.route(url, async (r) => {
      const answer = await r.fetch();
      const { scoring: _s, ...older } = await answer.json();
      await r.fulfill({ response: answer, json: older });
    });
    await page.reload();
    const none = page.locator('[data-testid=round] [data-testid=scoring-info][data-kind=not-recorded]');
    await none.waitFor({ timeout: 60_000 });
    expect(await none.locator('p').allTextContents()).toEqual(['Not recorded: this round was stored before rounds kept how their pairs were scored.']);
    await page.unroute(url);
  }, 600_000);

  it('at 390 px the panel and its table fit the drawer', async () => {
    await page.goto('about:blank');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/#/matching?workspace=sample`);
    await page.locator('.map-area[data-rendered=true]').waitFor({ timeout: 180_000 });
    await page.click('button.drawer-toggle[data-drawer=side]');
    // The latest round (the weights one of the test above) opens with its pairs as cards, the block above them and inside the drawer.
    const inRound = page.locator('[data-testid=round] [data-testid=scoring-info]');
    await inRound.waitFor({ timeout: 60_000 });
    expect(await inRound.locator('[data-testid=scoring-weights]').textContent()).toMatch(/^Hand-set weights: shared themes 1, /);
    const cards = page.locator('[data-testid=round] [data-testid=pair-cards]');
    expect(await cards.count()).toBe(1);
    // Measured once the drawer has slid in.
    await expect.poll(async () => ((b) => b.x + b.width)((await inRound.boundingBox())!), { timeout: 10_000 }).toBeLessThanOrEqual(390 + 0.5);
    const rb = (await inRound.boundingBox())!;
    expect(rb.x).toBeGreaterThanOrEqual(0);
    expect(rb.y + rb.height).toBeLessThanOrEqual((await cards.boundingBox())!.y);
    await inRound.scrollIntoViewIfNeeded();
    await shot('partner-round-scoring-390');
    // With a round shown the rules are folded away: opened again for the evaluation.
    await page.locator('summary', { hasText: 'Rules and weights' }).click();
    await page.locator('#mentoring-maxCandidates').waitFor({ timeout: 60_000 });
    await page.selectOption('[data-testid=match-kind]', 'partnership');
    await page.click('[data-testid=eval-run]');
    const table = page.locator('[data-testid=eval-table]');
    await table.waitFor({ timeout: 300_000 });
    await table.scrollIntoViewIfNeeded();
    const box = (await page.locator('[data-testid=partner-evaluation]').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390 + 0.5);
    // The table itself fits its box: every column readable without scrolling sideways.
    const fit = await page.locator('[data-testid=eval-table-box]').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(fit).toBeLessThanOrEqual(1);
    await shot('partner-evaluation-390');
    const scoring = page.locator('[data-testid=partner-evaluation] [data-testid=scoring-info]');
    const sb = (await scoring.boundingBox())!;
    expect(sb.x + sb.width).toBeLessThanOrEqual(390 + 0.5);
    expect(await scoring.textContent()).toContain('Learned from your own ties: trained on ties formed');
    await page.locator('[data-testid=partner-evaluation]').screenshot({ path: join(ARTIFACTS, 'partner-evaluation-panel-390.png') });
    await scoring.scrollIntoViewIfNeeded();
    await scoring.screenshot({ path: join(ARTIFACTS, 'partner-scoring-390.png') });
  }, 600_000);
});
