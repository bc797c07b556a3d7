/**
 * Model selection for the default partner model on Horizon 2020 programme parts other than SwafS
 * (bench/data/cordis-h2020-parts, derived by bench/partners-h2020-data.ts), at splits up to
 * 2018-01-01 only: SwafS at 2019-01-01 is the test window and is never read here.
 *
 *   node --import tsx bench/partners-select-h2020.ts [--round 2|3|4] [--intervals] [--only 'variant name' …]
 * (--intervals also prints each cell's 95 % bootstrap intervals; the rule reads only the point figures.)
 *
 * THE RULE (fixed before any variant but the default was evaluated; do not change it after
 * seeing a table):
 * 1. Cells: every programme part × split (2017-01-01, 2018-01-01) × form (co-organisation,
 *    participation); `match evaluate` at k = 20, headline population. A cell counts only when at
 *    least MIN_COMPANIES companies have a new tie in it (a property of the data, not of a score:
 *    with fewer, one hit moves recall@20 by 0.2 or more).
 * 2. Per programme part: recall ratio = mean recall@20 of the variant over its counted cells ÷
 *    mean recall@20 of preferential attachment (the better baseline at SwafS) over the same
 *    cells; AUC ratio the same way.
 * 3. A variant is eligible when its mean AUC ratio over the parts is ≥ 1 (AUC must keep beating
 *    preferential attachment). Among eligible variants the highest mean recall ratio over the
 *    parts wins; within 0.005 of it, the higher mean AUC ratio; then the earlier variant in the list.
 *
 * ROUND 2 (session 6; written and committed before any of its new candidates ran on any part):
 *   node --import tsx bench/partners-select-h2020.ts --round 2
 * The same rule, steps 1–3, over ROUND_2 below, in its order (the current default first, so a
 * challenger has to beat it). The winner becomes the default; then SwafS at 2019-01-01 is run
 * once (`npm run bench -- --only partners`) and reported whatever it gives; no round 3 after it.
 * SwafS is not read at any split in this round. One disclosure: the inner-validation candidate's
 * second family ("ppr, PA, type, country") had its SwafS 2019 figures seen after round 1 (below
 * PA: 0.183 / 0.713); it is in the family list on its other-programme evidence, and the family is
 * chosen per dataset on that dataset's own earlier ties, never on SwafS 2019.
 *
 * ROUND 3 (session 7; written and committed before any of its new candidates ran on any part):
 *   node --import tsx bench/partners-select-h2020.ts --round 3
 * Round 2 said "no round 3 after it"; this round breaks that, and says so plainly. The reason: the
 * round-2 default does not beat preferential attachment even on the selection data (0.979× on
 * recall@20, 1.009× on AUC over these parts), so round 3 looks for a model that does, chosen
 * without SwafS. SwafS has been looked at twice (rounds 1 and 2); no new candidate is run on any
 * SwafS split while building or selecting. The candidates (ROUND_3 below, the current default
 * first) were built and unit-tested on fixtures before any of them ran on a part: stacked training
 * windows (`learning.windows`: consecutive yearly windows, each with its own graph before it,
 * rows pooled) and a linear LambdaRank objective (`learning.objective: 'lambda'`, pairs within an
 * organisation weighted by |Δ recall@20| of swapping them). Gradient-boosted trees were not built.
 * The same rule, steps 1–3, over ROUND_3 in its order, PLUS AN ADOPTION GATE:
 * 4. The winner of steps 1–3 replaces the default only when its mean recall ratio over the parts
 *    is > 1.000 and its mean AUC ratio is ≥ 1 (`adopt`). If no candidate passes, the default
 *    stays and SwafS is NOT looked at. If one passes, it becomes the default (config defaults /
 *    MODEL_FEATURES and the docs), then `npm run bench -- --only partners` runs ONCE for the SwafS
 *    figures, reported whatever they are. No tuning after the look.
 *
 * ROUND 4 (session 7, 2 December 2026; written and committed before any of its candidates ran on any part):
 *   node --import tsx bench/partners-select-h2020.ts --round 4
 * This round was DESIGNED AFTER SEEING ROUND 3's FIGURES ON THIS SELECTION DATA: lambda (1 window)
 * had the best recall ratio (1.019) but an AUC ratio of 0.893, because a choice model orders only
 * each organisation's own candidates and nothing across organisations. So the selection data (these
 * parts, splits ≤ 2018) is now used for the FOURTH time (round 1, 2, 3, 4), and what it says about
 * round 4's winner is correspondingly less of an unbiased estimate. SwafS (any split) is not run
 * while building or selecting; SwafS 2019 has been looked at twice (rounds 1 and 2).
 * The candidates were built and unit-tested on fixtures (test/match/partner-two-part.test.ts,
 * commit 6c37d4a) before any of them ran on a part: the two-part model
 * (`learning.objective: 'two-part'`), P(u–v) = P(u forms a new tie in the window) × P(v | u forms
 * one), the first a logistic regression on u's degree, recency-decayed activity and side (company
 * or not), the second the conditional logit (`choice: 'per-organisation'`) or LambdaRank
 * (`choice: 'lambda'`) normalised over u's candidates (src/match/two-part.ts). ROUND_4 below, the
 * current default first, then two-part × {per-organisation, lambda} × {1, 3 windows}, all with the
 * round-2 inputs. The same rule, steps 1–3, in that order, and the same adoption gate (step 4):
 * the winner replaces the default only when its mean recall ratio is > 1.000 and its mean AUC ratio
 * ≥ 1; otherwise the default stays and SwafS is NOT looked at. If one passes, it becomes the
 * default (config defaults and docs), then `npm run bench -- --only partners` runs ONCE for the
 * SwafS figures (both forms, with intervals), reported whatever they are. No tuning after the look,
 * and no round 5 on this selection data in this session.
 *
 * ROUND 5 (session 8, 2 December 2026; written and committed by the lead BEFORE any of its
 * candidates was built or ran on any part, and before any score was computed on its data):
 *   node --import tsx bench/partners-select-h2020.ts --round 5
 * NEW SELECTION DATA. The six parts above have been used four times (rounds 1–4) and at 2019 once
 * (bench/partners-heldout-2019.ts), so round 5 selects on parts no round has read: SC1–SC5
 * (ROUND_5_PARTS; 3,419–4,839 organisations each, derived the same way, see the data README), at
 * the same splits (2017-01-01, 2018-01-01), both forms, `match evaluate`'s own defaults (k = 20,
 * headline population, the seeded sample of maxCompanies = 1000 companies where a part has more:
 * the same sample for every candidate, so the comparison is paired). Before this commit only the
 * running time of one cell of the default was measured on SC2 and SC4 (7 s), with no score read.
 * A NEW MODEL CLASS, named by the issue: gradient-boosted trees (`learning.learner: 'trees'`;
 * `'linear'`, today's models, stays the default value). Its settings are FIXED HERE, not tuned on
 * any part: 100 trees, depth ≤ 3, learning rate 0.1, features cut at ≤ 32 quantile bins of the
 * training rows, ≥ 20 rows per leaf, L2 penalty 1 on leaf values, Newton leaf values, no row or
 * feature sampling (deterministic; the seed only where the linear model already uses it). With
 * objective 'pairs' the loss is the logistic loss (the linear model's rows and labels); with
 * objective 'lambda' the gradients are the LambdaRank ones (LambdaMART). Explanations attribute
 * each tree's change along the pair's path to the split feature (so the contributions sum to the
 * score less the base value) and keep naming the introducers.
 * The candidates (ROUND_5 below, the current default first; all with the round-2 inputs):
 *   1. pairs: current default (linear, 1 window)
 *   2. pairs: 3 windows (linear; round 3's rule winner on the old parts)
 *   3. two-part, lambda choice: 1 window (linear; round 4's best recall on the old parts)
 *   4. trees, pairs: 1 window
 *   5. trees, pairs: 3 windows
 *   6. trees, lambda (LambdaMART): 3 windows — only if it is built and unit-tested before the run;
 *      if not, it is not run, and the report says so.
 * The same rule, steps 1–3, in that order, and the same adoption gate (step 4: mean recall ratio
 * > 1.000 and mean AUC ratio ≥ 1), PLUS step 5: a trees winner is adopted only if
 * `match partners --top 20` at H2020 size (bench/generate-h2020.ts) still meets the issue's
 * target (< 60 s, < 3 GB, /usr/bin/time -v, measured once) with it as the default; otherwise the
 * default stays. If no candidate is adopted, the default stays and SwafS is NOT looked at. If one
 * is, it becomes the default (config defaults and docs), then ONCE each, reported whatever they
 * give: `npm run bench -- --only partners` (SwafS 2019, both forms, with intervals; SwafS 2019's
 * third look) and bench/partners-heldout-2019.ts (the six old parts at 2019; its second look).
 * No tuning after either look.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parseDatasetFiles } from '../src/io/load.ts';
import type { PartnerConfigInput } from '../src/match/config.ts';
import { evaluatePartners } from '../src/match/evaluate.ts';
import type { Dataset, PartnerEvaluation } from '../src/model/index.ts';
import { OUT, PARTS } from './partners-h2020-data.ts';

export const SPLITS = ['2017-01-01', '2018-01-01'] as const;
/** Round 5's selection data: parts no earlier round read (see ROUND 5 above). */
export const ROUND_5_PARTS = ['SC1', 'SC2', 'SC3', 'SC4', 'SC5'] as const;
export const FORMS = ['coorg', 'dataset'] as const;
export const MIN_COMPANIES = 10;
const K = 20;

const CURRENT = ['adamicAdar', 'preferentialAttachment', 'recentActivity', 'typeAffinity', 'countryAffinity', 'themes', 'complementarity'] as const;
/** The inputs the rule chose in round 1 (no proximity: CORDIS has no coordinates); round 2 added partnerActivity (MODEL_FEATURES). */
const CHOSEN = CURRENT.filter((f) => f !== 'recentActivity');
const ATTRS = ['typeAffinity', 'countryAffinity', 'complementarity'] as const;
const po = 'per-organisation' as const;

/** The candidates, in the order ties are broken; the first is the default before this selection. */
export const VARIANTS: Record<string, PartnerConfigInput> = {
  // The default before this selection, spelled out (CORDIS has no coordinates, so no proximity).
  'default before (pairs, current inputs)': { learning: { features: [...CURRENT] } },
  'per-organisation: current inputs': { learning: { objective: po } },
  'pairs: current + partner degree': { learning: { features: [...CURRENT, 'partnerDegree'] } },
  'per-organisation: current + partner degree': { learning: { objective: po, features: [...CURRENT, 'partnerDegree'] } },
  'pairs: current + partner degree and activity': { learning: { features: [...CURRENT, 'partnerDegree', 'partnerActivity'] } },
  'per-organisation: partner degree and activity, adamicAdar, katz, type, country, complementarity': {
    learning: { objective: po, features: ['partnerDegree', 'partnerActivity', 'adamicAdar', 'katz', ...ATTRS] },
  },
  'per-organisation: current + partner degree and activity': { learning: { objective: po, features: [...CURRENT, 'partnerDegree', 'partnerActivity'] } },
  'per-organisation: current + partner degree + katz': { learning: { objective: po, features: [...CURRENT, 'partnerDegree', 'katz'] } },
  'pairs: current + katz': { learning: { features: [...CURRENT, 'katz'] } },
  'pairs: current without recent activity': { learning: { features: CHOSEN } },
  'pairs: horizon 2 years': { learning: { horizonYears: 2 } },
  'pairs: l2 10': { learning: { l2: 10 } },
  'pairs: company-partner population': { learning: { population: 'company-partner' } },
  'per-organisation: company-partner population': { learning: { population: 'company-partner', objective: po } },
  // Added after the first run of the 14 above, when the ppr signal (src/match/ppr.ts) landed; same rule.
  'pairs: chosen inputs + ppr': { learning: { features: [...CHOSEN, 'ppr'] } },
  'per-organisation: chosen inputs + ppr': { learning: { objective: po, features: [...CHOSEN, 'ppr'] } },
  'pairs: ppr, preferential attachment, type, country': { learning: { features: ['ppr', 'preferentialAttachment', 'typeAffinity', 'countryAffinity'] } },
};

/** Round 2's candidates, in the order ties are broken (the first is the default after round 1). */
export const ROUND_2: Record<string, PartnerConfigInput> = {
  'pairs: current default (chosen inputs)': { learning: { features: CHOSEN } },
  // Inner temporal validation: three families judged by recall@20 on each dataset's own last year before the split (src/match/partners-inner.ts).
  'inner validation: three families by recall@20 on the last year before the split': { learning: { select: 'inner' } },
  // Time-aware signals PA lacks: the partner's recency-decayed degree, half-life 2 years (the current setting) or 1 year.
  'pairs: chosen inputs + partner activity': { learning: { features: [...CHOSEN, 'partnerActivity'] } },
  'pairs: chosen inputs + partner activity, half-life 1 year': { recencyHalfLifeYears: 1, learning: { features: [...CHOSEN, 'partnerActivity'] } },
  // Twice the training window (more ties formed to learn from) with the chosen inputs.
  'pairs: chosen inputs, horizon 2 years': { learning: { features: CHOSEN, horizonYears: 2 } },
};

/** The round-2 default's inputs (MODEL_FEATURES without proximity: CORDIS has no coordinates). */
const ROUND_2_DEFAULT = [...CHOSEN, 'partnerActivity'] as const;

/** Round 3's candidates, in the order ties are broken (the first is the default after round 2). */
export const ROUND_3: Record<string, PartnerConfigInput> = {
  'pairs: current default (round-2 inputs)': { learning: { features: [...ROUND_2_DEFAULT] } },
  // Stacked training windows: three consecutive yearly windows before the split, rows pooled.
  'pairs: 3 windows': { learning: { features: [...ROUND_2_DEFAULT], windows: 3 } },
  // The top-weighted ranking objective (LambdaRank on recall@20), one window and three.
  'lambda: 1 window': { learning: { features: [...ROUND_2_DEFAULT], objective: 'lambda' } },
  'lambda: 3 windows': { learning: { features: [...ROUND_2_DEFAULT], objective: 'lambda', windows: 3 } },
  // The per-organisation objective (round 1's second) with the three windows' examples.
  'per-organisation: 3 windows': { learning: { features: [...ROUND_2_DEFAULT], objective: po, windows: 3 } },
};

/** Round 4's candidates, in the order ties are broken (the first is the default after round 3). */
export const ROUND_4: Record<string, PartnerConfigInput> = {
  'pairs: current default (round-2 inputs)': { learning: { features: [...ROUND_2_DEFAULT] } },
  // Two-part: the company's propensity to form a new tie × its choice among its candidates.
  'two-part, per-organisation choice: 1 window': { learning: { features: [...ROUND_2_DEFAULT], objective: 'two-part', choice: po } },
  'two-part, lambda choice: 1 window': { learning: { features: [...ROUND_2_DEFAULT], objective: 'two-part', choice: 'lambda' } },
  'two-part, per-organisation choice: 3 windows': { learning: { features: [...ROUND_2_DEFAULT], objective: 'two-part', choice: po, windows: 3 } },
  'two-part, lambda choice: 3 windows': { learning: { features: [...ROUND_2_DEFAULT], objective: 'two-part', choice: 'lambda', windows: 3 } },
};

/** The trees' settings the ROUND 5 header fixes, spelled out (they are also learning.trees' defaults). */
const ROUND_5_TREES = { count: 100, depth: 3, rate: 0.1, bins: 32, minLeaf: 20, l2: 1 } as const;

/**
 * Round 5's candidates, in the order ties are broken (the first is the default after round 4).
 * The trees candidates (4–6 in the ROUND 5 header) were added once `learning.learner` existed
 * (src/match/trees.ts, unit-tested in test/match/trees.test.ts before this list ran), with exactly
 * the settings the header fixes.
 */
export const ROUND_5: Record<string, PartnerConfigInput> = {
  'pairs: current default (round-2 inputs)': { learning: { features: [...ROUND_2_DEFAULT] } },
  'pairs: 3 windows': { learning: { features: [...ROUND_2_DEFAULT], windows: 3 } },
  'two-part, lambda choice: 1 window': { learning: { features: [...ROUND_2_DEFAULT], objective: 'two-part', choice: 'lambda' } },
  'trees, pairs: 1 window': { learning: { features: [...ROUND_2_DEFAULT], learner: 'trees', trees: { ...ROUND_5_TREES } } },
  'trees, pairs: 3 windows': { learning: { features: [...ROUND_2_DEFAULT], learner: 'trees', trees: { ...ROUND_5_TREES }, windows: 3 } },
  'trees, lambda (LambdaMART): 3 windows': {
    learning: { features: [...ROUND_2_DEFAULT], learner: 'trees', trees: { ...ROUND_5_TREES }, objective: 'lambda', windows: 3 },
  },
};

export interface SelectionCell {
  part: string;
  split: string;
  form: string;
  companies: number;
  recall: number;
  auc: number;
  paRecall: number;
  paAuc: number;
}

/** A cell's headline figures: companies with a new tie, and recall@20 / AUC of the combined score and of preferential attachment. */
export function headlineCell(ev: PartnerEvaluation): Omit<SelectionCell, 'part' | 'split' | 'form'> {
  const s = (n: string) => ev.scores.find((x) => x.score === n)!;
  return {
    companies: ev.populations[0].companies,
    recall: s('combined').recallAtK ?? 0,
    auc: s('combined').auc ?? 0.5,
    paRecall: s('preferentialAttachment').recallAtK ?? 0,
    paAuc: s('preferentialAttachment').auc ?? 0.5,
  };
}

export interface VariantScore {
  name: string;
  /** Per part: [recall ratio, AUC ratio] over its counted cells; parts with none are absent. */
  parts: Record<string, { recall: number; auc: number }>;
  recallRatio: number;
  aucRatio: number;
  eligible: boolean;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Steps 1–2 of the rule for one variant's cells. */
export function scoreVariant(name: string, cells: SelectionCell[]): VariantScore {
  const parts: VariantScore['parts'] = {};
  for (const part of new Set(cells.map((c) => c.part))) {
    const own = cells.filter((c) => c.part === part && c.companies >= MIN_COMPANIES);
    if (!own.length) continue;
    const pa = mean(own.map((c) => c.paRecall));
    parts[part] = { recall: pa > 0 ? mean(own.map((c) => c.recall)) / pa : Number.NaN, auc: mean(own.map((c) => c.auc)) / mean(own.map((c) => c.paAuc)) };
  }
  const counted = Object.values(parts).filter((p) => Number.isFinite(p.recall));
  const recallRatio = counted.length ? mean(counted.map((p) => p.recall)) : Number.NaN;
  const aucRatio = counted.length ? mean(counted.map((p) => p.auc)) : Number.NaN;
  return { name, parts, recallRatio, aucRatio, eligible: aucRatio >= 1 };
}

/** Step 3: the chosen variant (null when none is eligible). */
export function chooseVariant(scores: readonly VariantScore[]): VariantScore | null {
  let best: VariantScore | null = null;
  for (const s of scores) {
    if (!s.eligible || !Number.isFinite(s.recallRatio)) continue;
    if (!best || s.recallRatio > best.recallRatio + 0.005 || (Math.abs(s.recallRatio - best.recallRatio) <= 0.005 && s.aucRatio > best.aucRatio)) best = s;
  }
  return best;
}

/**
 * Step 4 (round 3's adoption gate): the chosen variant replaces the default (the first in the
 * list) only when it is not the default and its mean recall ratio is > 1 and its AUC ratio ≥ 1.
 */
export function adopt(chosen: VariantScore | null, defaultName: string): VariantScore | null {
  return chosen && chosen.name !== defaultName && chosen.recallRatio > 1 && chosen.aucRatio >= 1 ? chosen : null;
}

export function loadPart(part: string, form: string): Pick<Dataset, 'nodes' | 'edges'> {
  const dir = join(OUT, part, form);
  const files = ['nodes', 'edges'].map((f) => ({ name: `${f}.csv`, content: gunzipSync(readFileSync(join(dir, `${f}.csv.gz`))) }));
  return parseDatasetFiles(files).dataset;
}

/** With `intervals`, each cell's bootstrap (1,000 resamples of its companies; the selection itself reads only the point figures). */
function evaluateCells(
  data: Map<string, Pick<Dataset, 'nodes' | 'edges'>>,
  parts: readonly string[],
  config: PartnerConfigInput,
  intervals = false,
): SelectionCell[] {
  const cells: SelectionCell[] = [];
  for (const part of parts)
    for (const split of SPLITS)
      for (const form of FORMS) {
        const ev = evaluatePartners(data.get(`${part}/${form}`)!, { split, k: K, config, bootstrap: intervals ? 1000 : 0 });
        if (intervals && ev.bootstrap) {
          const b = ev.bootstrap;
          const iv = (x: readonly [number, number] | null | undefined) => (x ? `${x[0].toFixed(3)}–${x[1].toFixed(3)}` : '—');
          const own = b.scores.find((x) => x.score === 'combined')!;
          const r = b.ratio.recallAtK,
            a = b.ratio.auc;
          console.log(
            `| ${part} | ${split} | ${form} | ${b.companies} | ${iv(own.recallAtK)} | ${r.baseline} ${r.point?.toFixed(2) ?? '—'} (${iv(r.interval)}) | ${iv(own.auc)} | ${a.baseline} ${a.point?.toFixed(3) ?? '—'} (${iv(a.interval)}) |`,
          );
        }
        cells.push({ part, split, form, ...headlineCell(ev) });
      }
  return cells;
}

async function main(): Promise<void> {
  const only = process.argv.indexOf('--only');
  const round = process.argv.indexOf('--round');
  const which = round >= 0 ? process.argv[round + 1] : '';
  const list = which === '2' ? ROUND_2 : which === '3' ? ROUND_3 : which === '4' ? ROUND_4 : which === '5' ? ROUND_5 : VARIANTS;
  const parts: readonly string[] = which === '5' ? ROUND_5_PARTS : PARTS;
  const intervals = process.argv.includes('--intervals');
  const names = only >= 0 ? process.argv.slice(only + 1).filter((a) => a !== '--intervals') : Object.keys(list);
  const data = new Map<string, Pick<Dataset, 'nodes' | 'edges'>>();
  for (const part of parts) for (const form of FORMS) data.set(`${part}/${form}`, loadPart(part, form));
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');
  const scores: VariantScore[] = [];
  let first = true;
  for (const name of names) {
    const config = list[name];
    if (!config) throw new Error(`no variant named ${name}`);
    const t = performance.now();
    if (intervals) {
      console.log(`\n${name}: 95 % bootstrap intervals per cell\n`);
      console.log('| part | split | form | companies | recall@20 | ratio to the better baseline, recall | AUC | ratio, AUC |');
      console.log('|---|---|---|---:|---:|---:|---:|---:|');
    }
    const cells = evaluateCells(data, parts, config, intervals);
    if (first) {
      console.log('| part | split | form | companies with a new tie | preferential attachment recall@20 / AUC |');
      console.log('|---|---|---|---:|---:|');
      for (const c of cells) console.log(`| ${c.part} | ${c.split} | ${c.form} | ${c.companies} | ${f(c.paRecall)} / ${f(c.paAuc)} |`);
      first = false;
    }
    const s = scoreVariant(name, cells);
    scores.push(s);
    console.error(
      `${name}: ${((performance.now() - t) / 1000).toFixed(0)} s; cells ${cells.map((c) => `${c.part} ${c.split.slice(0, 4)} ${c.form} ${f(c.recall)}/${f(c.auc)}`).join('; ')}`,
    );
  }
  const chosen = chooseVariant(scores);
  const shown = Object.keys(scores[0]?.parts ?? {});
  console.log(`\n| variant | ${shown.join(' | ')} | mean recall ratio / AUC ratio |`);
  console.log(`|---|${shown.map(() => '---:').join('|')}|---:|`);
  for (const s of scores)
    console.log(
      `| ${s === chosen ? `**${s.name}** (chosen)` : s.name}${s.eligible ? '' : ' (AUC ratio < 1)'} | ${shown.map((p) => (s.parts[p] ? `${f(s.parts[p].recall)} / ${f(s.parts[p].auc)}` : '—')).join(' | ')} | ${f(s.recallRatio)} / ${f(s.aucRatio)} |`,
    );
  console.log(`\nchosen: ${chosen?.name ?? 'none eligible'}`);
  if (which === '3' || which === '4' || which === '5') {
    const adopted = adopt(chosen, Object.keys(list)[0]);
    console.log(
      adopted
        ? `adopted (step 4): ${adopted.name} — make it the default, then run npm run bench -- --only partners once`
        : 'adopted (step 4): none — the default stays and SwafS is not looked at',
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
