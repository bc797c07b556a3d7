/**
 * A seeded network shaped like the whole Horizon 2020 participation data (CORDIS), for the partner
 * benchmark: ~36k organisations (two thirds companies, ~2.6k universities), ~31.5k dated projects,
 * organisation activity heavy-tailed (a few universities in hundreds of projects, most companies
 * in one), project sizes from single beneficiaries to large consortia — its co-participation
 * projection has ~800k ties. Written as a participation-form folder (nodes.csv + edges.csv,
 * organisation → project) into bench/.cache/, reused across runs.
 *
 *   npx tsx bench/generate-h2020.ts [outDir]   → prints the folder and its counts
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRng } from '../src/util/random.ts';

export interface H2020Spec {
  organisations?: number;
  projects?: number;
  seed?: number;
}

/** [type, share of organisations, activity multiplier]: universities and research bodies join far more projects. */
const TYPES: [string, number, number][] = [
  ['company', 0.64, 1],
  ['university', 0.072, 12],
  ['research', 0.095, 8],
  ['public', 0.085, 2],
  ['other', 0.108, 1.5],
];
const COUNTRIES = [
  'DE',
  'ES',
  'IT',
  'FR',
  'UK',
  'NL',
  'BE',
  'EL',
  'PT',
  'AT',
  'SE',
  'DK',
  'FI',
  'IE',
  'PL',
  'CH',
  'NO',
  'CZ',
  'SI',
  'HU',
  'RO',
  'IL',
  'EE',
  'CY',
  'BG',
  'HR',
  'LT',
  'SK',
  'LV',
  'LU',
  'TR',
  'RS',
  'IS',
  'MT',
  'US',
];

export function generateH2020(
  dir: string,
  spec: H2020Spec = {},
): { dir: string; organisations: number; projects: number; participations: number; projectedTies: number } {
  const nOrg = spec.organisations ?? 36_000,
    nPrj = spec.projects ?? 31_500;
  const rng = createRng(spec.seed ?? 2020);
  const type: string[] = [],
    country: string[] = [];
  const weight = new Float64Array(nOrg);
  for (let i = 0; i < nOrg; i++) {
    let r = rng(),
      t = TYPES[TYPES.length - 1];
    for (const x of TYPES) {
      if (r < x[1]) {
        t = x;
        break;
      }
      r -= x[1];
    }
    type.push(t[0]);
    // Zipf-like country mix, and a Pareto (α 1.6) activity per organisation.
    country.push(COUNTRIES[Math.min(COUNTRIES.length - 1, Math.floor(COUNTRIES.length * rng() ** 2.2))]);
    weight[i] = t[2] * (1 - rng()) ** (-1 / 1.6);
  }
  const cum = new Float64Array(nOrg);
  for (let i = 0, s = 0; i < nOrg; i++) cum[i] = s += weight[i];
  const pick = () => {
    const x = rng() * cum[nOrg - 1];
    let lo = 0,
      hi = nOrg - 1;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (cum[m] < x) lo = m + 1;
      else hi = m;
    }
    return lo;
  };
  const DAY = 86_400_000,
    first = Date.UTC(2014, 0, 1),
    span = Date.UTC(2021, 5, 30) - first;
  const nodeLines = ['id,type,label,country'];
  for (let i = 0; i < nOrg; i++) nodeLines.push(`org:${i},${type[i]},Organisation ${i} (${type[i]}; ${country[i]}),${country[i]}`);
  const edgeLines = ['source,target,type,weight,start,end'];
  let participations = 0,
    projectedTies = 0;
  for (let p = 0; p < nPrj; p++) {
    // 40% single-beneficiary grants; consortia of 3 + a heavy tail (lognormal, capped at 80).
    const single = rng() < 0.4;
    const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const size = single ? 1 : Math.min(80, 3 + Math.floor(Math.exp(1.45 + 0.75 * z)));
    const start = new Date(first + Math.floor((rng() * span) / DAY) * DAY);
    const end = new Date(start.getTime() + 365 * (2 + Math.floor(rng() * 3)) * DAY);
    const s = start.toISOString().slice(0, 10),
      e = end.toISOString().slice(0, 10);
    nodeLines.push(`prj:${p},project,Project ${p},`);
    const members = new Set<number>();
    for (let tries = 0; members.size < size && tries < size * 10; tries++) members.add(pick());
    for (const o of members) edgeLines.push(`org:${o},prj:${p},participation,1,${s},${e}`);
    participations += members.size;
    projectedTies += (members.size * (members.size - 1)) / 2;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/nodes.csv.tmp`, nodeLines.join('\n') + '\n');
  writeFileSync(`${dir}/edges.csv.tmp`, edgeLines.join('\n') + '\n');
  renameSync(`${dir}/nodes.csv.tmp`, `${dir}/nodes.csv`);
  renameSync(`${dir}/edges.csv.tmp`, `${dir}/edges.csv`);
  return { dir, organisations: nOrg, projects: nPrj, participations, projectedTies };
}

/** The cached default folder (generated on first use). */
export function h2020Folder(): string {
  const dir = fileURLToPath(new URL('./.cache/h2020-like/', import.meta.url));
  if (!existsSync(`${dir}edges.csv`)) generateH2020(dir);
  return dir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2];
  console.log(JSON.stringify(out ? generateH2020(out) : { dir: h2020Folder() }));
}
