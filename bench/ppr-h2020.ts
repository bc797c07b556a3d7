/**
 * The personalised PageRank signal at H2020 size (bench/generate-h2020.ts: ~36k organisations,
 * ~804k co-participation ties): time for every company with a tie of the `walks` method at
 * several step counts and of the push at several tolerances, and how close each is to the exact
 * vector (power iteration) for an evenly spaced sample of companies — the largest error on a
 * partner, relative to that company's largest partner value, and the overlap of the top 20 untied
 * partners by ppr with the exact top 20.
 *
 *   node --import tsx bench/ppr-h2020.ts [--steps 1,2,3] [--epsilon 1e-4,1e-5] [--exact 20]
 */
import { parseArgs } from 'node:util';
import { loadDataset } from '../src/io/load.ts';
import { parsePartnerConfig, partnerSetup } from '../src/match/partners.ts';
import { PersonalisedPageRank, PprOptionsSchema } from '../src/match/ppr.ts';
import { tiePosition } from '../src/match/ties.ts';
import { h2020Folder } from './generate-h2020.ts';

const { values } = parseArgs({
  options: { steps: { type: 'string', default: '1,2,3' }, epsilon: { type: 'string', default: '1e-4,1e-5' }, exact: { type: 'string', default: '20' } },
});
const sample = Number(values.exact);

const { dataset } = await loadDataset(h2020Folder());
const s = partnerSetup(dataset, parsePartnerConfig({ scoring: 'weights' }));
const g = s.g;
const companies: number[] = [],
  partners: number[] = [];
for (let v = 0; v < g.n; v++) {
  if (s.isCompany[v] && g.degree[v] > 0) companies.push(v);
  if (s.isPartner[v]) partners.push(v);
}
console.log(`${g.n} nodes, ${g.targets.length / 2} ties, ${companies.length} companies with a tie, ${partners.length} partners`);

/** The 20 untied partners of u with the highest value in p (ties to the lower index). */
const top20 = (u: number, p: Float64Array) =>
  partners
    .filter((v) => tiePosition(g, u, v) < 0)
    .sort((a, b) => p[b] - p[a] || a - b)
    .slice(0, 20);

// Exact vectors of an evenly spaced sample of companies.
const picked = Array.from({ length: Math.min(sample, companies.length) }, (_, k) => companies[Math.floor((k * companies.length) / sample)]);
const power = new PersonalisedPageRank(g, g.strength, PprOptionsSchema.parse({ method: 'power' }));
const exact = new Map<number, Float64Array>();
let t = performance.now();
const cpuPower = process.cpuUsage();
for (const u of picked) {
  power.run(u);
  exact.set(u, Float64Array.from(power.p));
}
const cpuP = process.cpuUsage(cpuPower);
console.log(
  `power iteration: ${((performance.now() - t) / picked.length).toFixed(0)} ms wall, ${((cpuP.user + cpuP.system) / 1000 / picked.length).toFixed(0)} ms CPU per company (${picked.length} companies)`,
);

{
  // Reference: the untied partners with the highest weighted degree.
  const vol = new Float64Array(g.n);
  for (let v = 0; v < g.n; v++) for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) vol[v] += g.strength[i];
  let overlap = 0;
  for (const u of picked) {
    const best = new Set(top20(u, vol));
    overlap += top20(u, exact.get(u)!).filter((v) => best.has(v)).length / 20;
  }
  console.log(`weighted degree alone: top-20 overlap with exact ${(100 * (overlap / picked.length)).toFixed(1)} %`);
}
const variants = [
  ...values.steps.split(',').map((x) => ({ method: 'walks', steps: Number(x) })),
  ...values.epsilon.split(',').map((x) => ({ method: 'push', epsilon: Number(x) })),
];
for (const variant of variants) {
  const ppr = new PersonalisedPageRank(g, g.strength, PprOptionsSchema.parse(variant));
  let touched = 0;
  t = performance.now();
  const cpu0 = process.cpuUsage();
  for (const u of companies) touched += ppr.run(u);
  const seconds = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  let worst = 0,
    overlap = 0;
  for (const u of picked) {
    ppr.run(u);
    const x = exact.get(u)!;
    const mine = new Float64Array(g.n);
    let top = 0,
      err = 0;
    for (const v of partners) {
      mine[v] = ppr.value(v);
      top = Math.max(top, x[v]);
      err = Math.max(err, Math.abs(x[v] - mine[v]));
    }
    worst = Math.max(worst, top > 0 ? err / top : 0);
    const best = new Set(top20(u, mine));
    overlap += top20(u, x).filter((v) => best.has(v)).length / 20;
  }
  console.log(
    `${JSON.stringify(variant)}: ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU for ${companies.length} companies (${((1000 * cpuSeconds) / companies.length).toFixed(3)} ms CPU each, ` +
      `${(touched / companies.length).toFixed(0)} nodes reached on average); largest partner error ${(100 * worst).toFixed(1)} % of the company's top value, ` +
      `top-20 overlap with exact ${(100 * (overlap / picked.length)).toFixed(1)} %`,
  );
}
