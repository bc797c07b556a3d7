/**
 * A second held-out test of the default partner model, beside SwafS: the six other Horizon 2020
 * programme parts of the selection (bench/data/cordis-h2020-parts) at split 2019-01-01.
 *
 *   node --import tsx bench/partners-heldout-2019.ts
 *
 * Why it is a fair test: rounds 1–4 of the selection (bench/partners-select-h2020.ts) read these
 * parts only at splits 2017-01-01 and 2018-01-01, so no tie formed on or after 2019-01-01 in them
 * has been used to choose anything. Written and committed (session 7) before it first ran; it
 * evaluates the default, unchanged since round 2, and is reported whatever it gives. No selection
 * follows from it.
 *
 * Per part × form: `match evaluate` at k = 20 on the headline population, with 1,000 bootstrap
 * resamples of the companies with a new tie (the paired ratio's 95 % interval). Cells with fewer
 * than MIN_COMPANIES companies with a new tie are shown but not counted, as in the selection rule.
 * The summary is the selection rule's steps 1–2: per part the mean recall@20 (AUC) of the combined
 * score over its counted cells ÷ that of preferential attachment, then the mean over the parts.
 */
import { evaluatePartners } from '../src/match/evaluate.ts';
import { PARTS } from './partners-h2020-data.ts';
import { FORMS, headlineCell, loadPart, MIN_COMPANIES, type SelectionCell } from './partners-select-h2020.ts';

const SPLIT = '2019-01-01';
const K = 20;

/** A selection cell at the one split, with Adamic–Adar beside preferential attachment. */
interface Cell extends Omit<SelectionCell, 'split'> {
  aaRecall: number;
  aaAuc: number;
  ratio: string;
}

const f = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(3));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function main(): void {
  const cells: Cell[] = [];
  for (const part of PARTS)
    for (const form of FORMS) {
      const ev = evaluatePartners(loadPart(part, form), { split: SPLIT, k: K, bootstrap: 1000 });
      const s = (n: string) => ev.scores.find((x) => x.score === n)!;
      const r = ev.bootstrap?.ratio.recallAtK;
      cells.push({
        part,
        form,
        ...headlineCell(ev),
        aaRecall: s('adamicAdar').recallAtK ?? 0,
        aaAuc: s('adamicAdar').auc ?? 0.5,
        ratio: r?.interval ? `${f(r.point)} [${f(r.interval[0])}, ${f(r.interval[1])}] vs ${r.baseline}` : '—',
      });
      console.error(`${part} ${form}: ${ev.populations[0].companies} companies with a new tie`);
    }
  console.log(`Held-out test at ${SPLIT}, k = ${K} (default model, headline population)\n`);
  console.log(
    '| part | form | companies with a new tie | combined recall@20 / AUC | PA recall@20 / AUC | AA recall@20 / AUC | recall ratio to the better baseline, 95 % interval |',
  );
  console.log('|---|---|---:|---:|---:|---:|---|');
  for (const c of cells)
    console.log(
      `| ${c.part} | ${c.form} | ${c.companies}${c.companies < MIN_COMPANIES ? ' (not counted)' : ''} | ${f(c.recall)} / ${f(c.auc)} | ${f(c.paRecall)} / ${f(c.paAuc)} | ${f(c.aaRecall)} / ${f(c.aaAuc)} | ${c.ratio} |`,
    );
  const perPart: { part: string; recall: number; auc: number }[] = [];
  for (const part of PARTS) {
    const own = cells.filter((c) => c.part === part && c.companies >= MIN_COMPANIES);
    const pa = own.length ? mean(own.map((c) => c.paRecall)) : 0;
    if (!own.length || pa === 0) continue;
    perPart.push({ part, recall: mean(own.map((c) => c.recall)) / pa, auc: mean(own.map((c) => c.auc)) / mean(own.map((c) => c.paAuc)) });
  }
  console.log('\n| part | recall ratio to PA | AUC ratio to PA |\n|---|---:|---:|');
  for (const p of perPart) console.log(`| ${p.part} | ${f(p.recall)} | ${f(p.auc)} |`);
  if (perPart.length)
    console.log(`| **mean over ${perPart.length} parts** | **${f(mean(perPart.map((p) => p.recall)))}** | **${f(mean(perPart.map((p) => p.auc)))}** |`);
}

main();
