/**
 * How the default partner model is chosen without looking at the test window
 * (`node --import tsx bench/partners-select.ts`, about 3 minutes): every variant is evaluated on
 * CORDIS SwafS (both forms) at the earlier splits 2017-01-01 and 2018-01-01 only, which use ties
 * before 2019. The rule, fixed before the 2019 figures were looked at: the highest mean recall@20
 * over the four (form, split) cells among the variants whose mean AUC is not below the current
 * default's. `--test` adds the 2019-01-01 split (the held-out window) for the variants given by
 * name after it, once the choice is made. docs/partners.md has the table of 2 December 2026.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../src/io/load.ts';
import type { PartnerConfigInput } from '../src/match/config.ts';
import { evaluatePartners } from '../src/match/evaluate.ts';
import type { Dataset } from '../src/model/index.ts';

const SWAFS = fileURLToPath(new URL('../../shared/datasets/cordis-h2020-swafs', import.meta.url));
const FORMS = ['coorg', 'dataset'] as const;
const SELECT = ['2017-01-01', '2018-01-01'];
const TEST = '2019-01-01';

const DEFAULT_INPUTS = ['adamicAdar', 'preferentialAttachment', 'recentActivity', 'typeAffinity', 'countryAffinity', 'themes', 'complementarity'] as const;
const ATTRS = ['typeAffinity', 'complementarity', 'countryAffinity'] as const;
const po = 'per-organisation' as const;

export const VARIANTS: Record<string, PartnerConfigInput> = {
  'default (pairs, current inputs)': {},
  'pairs: katz only': { learning: { features: ['katz'] } },
  'pairs: katz + type, complementarity, country': { learning: { features: ['katz', ...ATTRS] } },
  'per-organisation: katz + type, complementarity, country': { learning: { objective: po, features: ['katz', ...ATTRS] } },
  'pairs: current inputs + katz': { learning: { features: [...DEFAULT_INPUTS, 'katz'] } },
  'per-organisation: current inputs': { learning: { objective: po } },
  'per-organisation: current inputs + katz': { learning: { objective: po, features: [...DEFAULT_INPUTS, 'katz'] } },
  'pairs: katz, partner degree and activity, type, complementarity, country': {
    learning: { features: ['katz', 'partnerDegree', 'partnerActivity', ...ATTRS] },
  },
  'per-organisation: katz, partner degree and activity, type, complementarity, country': {
    learning: { objective: po, features: ['katz', 'partnerDegree', 'partnerActivity', ...ATTRS] },
  },
  'pairs: katz + recent activity': { learning: { features: ['katz', 'recentActivity'] } },
  'pairs: katz + partner activity': { learning: { features: ['katz', 'partnerActivity'] } },
  'per-organisation: katz + partner activity': { learning: { objective: po, features: ['katz', 'partnerActivity'] } },
};

interface Cell {
  recall: number;
  auc: number;
}

function cell(d: Pick<Dataset, 'nodes' | 'edges'>, split: string, config: PartnerConfigInput): Cell {
  const ev = evaluatePartners(d, { split, k: 20, config });
  const c = ev.scores.find((s) => s.score === 'combined')!;
  return { recall: c.recallAtK ?? 0, auc: c.auc ?? 0 };
}

async function main(): Promise<void> {
  const test = process.argv.indexOf('--test');
  const tested = test >= 0 ? process.argv.slice(test + 1) : [];
  const data = Object.fromEntries(await Promise.all(FORMS.map(async (f) => [f, (await loadDataset(join(SWAFS, f))).dataset] as const)));
  const rows: { name: string; cells: Cell[]; recall: number; auc: number }[] = [];
  for (const [name, config] of Object.entries(VARIANTS)) {
    const cells = FORMS.flatMap((f) => SELECT.map((split) => cell(data[f], split, config)));
    rows.push({ name, cells, recall: cells.reduce((s, c) => s + c.recall, 0) / cells.length, auc: cells.reduce((s, c) => s + c.auc, 0) / cells.length });
  }
  const base = rows[0];
  const eligible = rows.filter((r) => r.auc >= base.auc);
  const chosen = eligible.reduce((a, b) => (b.recall > a.recall ? b : a));
  const f = (x: number) => x.toFixed(3);
  console.log(`| variant | ${FORMS.flatMap((fm) => SELECT.map((s) => `${fm} ${s.slice(0, 4)}`)).join(' | ')} | mean recall@20 / AUC |`);
  console.log(`|---|${FORMS.flatMap(() => SELECT.map(() => '---:')).join('|')}|---:|`);
  for (const r of rows)
    console.log(
      `| ${r === chosen ? `**${r.name}** (chosen)` : r.name} | ${r.cells.map((c) => `${f(c.recall)} / ${f(c.auc)}`).join(' | ')} | ${f(r.recall)} / ${f(r.auc)} |`,
    );
  for (const name of tested) {
    const config = VARIANTS[name];
    if (!config) throw new Error(`no variant named ${name}`);
    console.log(
      `held-out ${TEST}, ${name}: ${FORMS.map((fm) => `${fm} ${(({ recall, auc }) => `${f(recall)} / ${f(auc)}`)(cell(data[fm], TEST, config))}`).join(', ')}`,
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
