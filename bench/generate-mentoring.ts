/**
 * A seeded national mentoring population for the mentor-matching benchmark: `schools` schools
 * (default 15,000) in 20 regions with a regional hub each, maturity 1–5 (about a quarter can
 * mentor, about two fifths need a mentor), capacities 1–4, school levels, subjects, languages
 * and coordinates; collaboration ties mostly within a region (heavy-tailed: a few schools with
 * many partners, many with one or none — the isolated schools the programme targets), and some
 * earlier mentoring ties. Written as a CSV folder (nodes.csv + edges.csv) into bench/.cache/.
 *
 *   npx tsx bench/generate-mentoring.ts [outDir] [schools]   → prints the folder and its counts
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRng } from '../src/util/random.ts';

const SUBJECTS = ['mathematics', 'physics', 'chemistry', 'biology', 'informatics', 'robotics', 'languages', 'arts', 'history', 'geography', 'music', 'STEAM'];
const LEVELS = ['primary', 'lower-secondary', 'upper-secondary'];
const LANGUAGES = ['et', 'ru', 'en', 'fi'];

export interface MentoringSpec {
  schools?: number;
  regions?: number;
  seed?: number;
}

export function generateMentoring(outDir: string, spec: MentoringSpec = {}): { dir: string; schools: number; ties: number; mentors: number; mentees: number } {
  const n = spec.schools ?? 15_000,
    R = spec.regions ?? 20;
  const rng = createRng(spec.seed ?? 3);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)];
  const some = <T>(xs: readonly T[], k: number) => [...new Set(Array.from({ length: k }, () => pick(xs)))];
  const nodes = ['id,type,label,region,country,hub,lat,lon,levels,subjects,languages,maturity,capacity'];
  const centre = Array.from({ length: R }, () => [57.5 + rng() * 2, 22 + rng() * 5.5]);
  for (let r = 0; r < R; r++) nodes.push(`hub-${r},hub,Hub ${r},Region ${r},EE,,${centre[r][0].toFixed(4)},${centre[r][1].toFixed(4)},,,,,`);
  const region = new Int32Array(n);
  let mentors = 0,
    mentees = 0;
  for (let i = 0; i < n; i++) {
    const r = Math.floor(rng() ** 1.5 * R); // some regions much larger (the capital)
    region[i] = r;
    const x = rng();
    const maturity = x < 0.15 ? 1 : x < 0.4 ? 2 : x < 0.75 ? 3 : x < 0.93 ? 4 : 5;
    if (maturity >= 4) mentors++;
    if (maturity <= 2) mentees++;
    const lat = centre[r][0] + (rng() - 0.5) * 0.8,
      lon = centre[r][1] + (rng() - 0.5) * 1.2;
    nodes.push(
      [
        `s${i}`,
        'school',
        `School ${i}`,
        `Region ${r}`,
        'EE',
        `hub-${r}`,
        lat.toFixed(4),
        lon.toFixed(4),
        some(LEVELS, 1 + Math.floor(rng() * 2)).join(';'),
        some(SUBJECTS, 1 + Math.floor(rng() * 4)).join(';'),
        rng() < 0.75 ? 'et' : some(LANGUAGES, 2).join(';'),
        maturity,
        1 + Math.floor(rng() * 4),
      ].join(','),
    );
  }
  // Collaboration: preferential within the region (endpoint pool per region), a few across regions.
  const edges = ['source,target,type,weight,start'];
  const pools: number[][] = Array.from({ length: R }, () => []);
  for (let i = 0; i < n; i++) pools[region[i]].push(i);
  const seen = new Set<number>();
  let ties = 0;
  for (let i = 0; i < n; i++) {
    const k = rng() < 0.15 ? 0 : 1 + Math.floor(-Math.log(1 - rng()) * 1.5);
    for (let t = 0; t < k; t++) {
      const pool = rng() < 0.9 ? pools[region[i]] : pools[Math.floor(rng() * R)];
      const j = pool[Math.floor(rng() * pool.length)];
      if (j === i || seen.has(Math.min(i, j) * n + Math.max(i, j))) continue;
      seen.add(Math.min(i, j) * n + Math.max(i, j));
      pools[region[i]].push(i); // degree-proportional
      edges.push(`s${i},s${j},${rng() < 0.05 ? 'mentoring' : 'collaboration'},1,${2018 + Math.floor(rng() * 6)}-09-01`);
      ties++;
    }
    if (rng() < 0.3) edges.push(`s${i},hub-${region[i]},partnership,1,2020-01-01`);
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(`${outDir}/nodes.csv.tmp`, nodes.join('\n') + '\n');
  writeFileSync(`${outDir}/edges.csv.tmp`, edges.join('\n') + '\n');
  renameSync(`${outDir}/nodes.csv.tmp`, `${outDir}/nodes.csv`);
  renameSync(`${outDir}/edges.csv.tmp`, `${outDir}/edges.csv`);
  return { dir: outDir, schools: n, ties, mentors, mentees };
}

/** The cached default population (bench/.cache/mentoring-<schools>). */
export function mentoringFolder(schools = 15_000): { dir: string; fresh: boolean } {
  const dir = fileURLToPath(new URL(`./.cache/mentoring-${schools}`, import.meta.url));
  if (existsSync(`${dir}/nodes.csv`)) return { dir, fresh: false };
  generateMentoring(dir, { schools });
  return { dir, fresh: true };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? fileURLToPath(new URL('./.cache/mentoring-15000', import.meta.url));
  console.log(JSON.stringify(generateMentoring(out, { schools: Number(process.argv[3] ?? 15_000) })));
}
