/**
 * Derives, per Horizon 2020 programme part, the two forms `match evaluate` reads (the same shapes
 * as ../shared/datasets/cordis-h2020-swafs) from zambujo/eunets' `data/h2020.csv.gz` (every H2020
 * participation) and `data/programme_parts.csv.gz` (project rcn → programme part).
 *
 *   node --import tsx bench/partners-h2020-data.ts [--from <h2020.csv.gz> <programme_parts.csv.gz>] [--parts SC6,RI,…]
 *
 * Without `--from` both files are read with `git show HEAD:data/…` from the mirror at
 * /work/.mirror/zambujo+eunets/repo (or $EUNETS_GIT). Writes bench/data/cordis-h2020-parts/<part>/
 * {dataset,coorg}/{nodes,edges}.csv.gz; the default parts are PARTS below (SwafS, H2020-EU.5, is
 * never written: it is the held-out test data). Deterministic: rows sorted, gzip level 9, no mtime.
 *
 * - dataset/: organisations `org:<PIC>` and projects `prj:<rcn>`; one `participation` edge per
 *   (organisation, project), dated with the project's start and end, with its role.
 * - coorg/: the same organisations; one `collaboration` tie per pair sharing a project, weight =
 *   shared projects, start = earliest shared project's start, end = latest end.
 * Types: CORDIS activity type HES → university, REC → research, PRC → company, PUB → public,
 * OTH → other; `country` is the CORDIS code, `region` eunets' country group.
 * Source: CORDIS, European Commission (CC BY 4.0); extracted from zambujo/eunets (MIT).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * The collaborative parts with at most 2,000 organisations, fixed before any evaluation was run:
 * ERC, MSCA and "Innovation in SMEs" are mostly single-beneficiary grants; LEIT and SC1–SC5 have
 * 3,400–12,300 organisations (1–8 M company–university pairs per evaluation, too slow for a
 * model-selection grid on 2 cores); ARF has 32 organisations; SWAFS is the test data.
 */
export const PARTS = ['FET', 'RI', 'SC6', 'SC7', 'SEWP', 'Euratom'] as const;
const TYPES: Record<string, string> = { HES: 'university', REC: 'research', PRC: 'company', PUB: 'public', OTH: 'other' };
export const OUT = fileURLToPath(new URL('./data/cordis-h2020-parts', import.meta.url));

/** A minimal RFC 4180 CSV reader (eunets' files quote nothing but could). */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [],
    field = '',
    quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [head, ...body] = rows;
  return body.filter((r) => r.length > 1).map((r) => Object.fromEntries(head.map((h, j) => [h, r[j] ?? ''])));
}

const date = (s: string | undefined) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : '');
const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
const csv = (head: string[], rows: string[][]) => `${[head, ...rows].map((r) => r.map(cell).join(',')).join('\n')}\n`;

export interface PartForms {
  dataset: { nodes: string; edges: string };
  coorg: { nodes: string; edges: string };
  stats: { projects: number; organisations: number; participations: number; ties: number };
}

/** The two forms of one programme part from eunets' participation rows. */
export function deriveForms(rows: Record<string, string>[], partOf: Map<string, string>, part: string): PartForms {
  const orgs = new Map<string, { type: string; country: string; region: string }>();
  const projects = new Map<string, { start: string; end: string; members: Map<string, string> }>();
  for (const r of rows) {
    if (partOf.get(r.rcn) !== part || !r.pic) continue;
    if (!orgs.has(r.pic))
      orgs.set(r.pic, { type: TYPES[r.type] ?? 'other', country: r.country === 'NA' ? '' : r.country, region: r.group === 'NA' ? '' : r.group });
    let p = projects.get(r.rcn);
    if (!p) projects.set(r.rcn, (p = { start: date(r.start_date), end: date(r.end_date), members: new Map() }));
    // A PIC listed twice in one project (rare) keeps the coordinator role.
    if (p.members.get(r.pic) !== 'coordinator') p.members.set(r.pic, r.role);
  }
  const byNum = (a: string, b: string) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0);
  const orgIds = [...orgs.keys()].sort(byNum);
  const prjIds = [...projects.keys()].sort(byNum);
  const orgRows = orgIds.map((pic) => {
    const o = orgs.get(pic)!;
    return [`org:${pic}`, o.type, o.country, o.region, 'organisation', '', ''];
  });
  const head = ['id', 'type', 'country', 'region', 'kind', 'start', 'end'];
  const participation: string[][] = [];
  const pairs = new Map<string, { w: number; start: string; end: string }>();
  for (const rcn of prjIds) {
    const p = projects.get(rcn)!;
    const members = [...p.members.keys()].sort(byNum);
    for (const pic of members) participation.push([`org:${pic}`, `prj:${rcn}`, 'participation', '1', p.start, p.end, p.members.get(pic)!]);
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) {
        const key = `${members[i]} ${members[j]}`;
        const t = pairs.get(key);
        if (!t) pairs.set(key, { w: 1, start: p.start, end: p.end });
        else {
          t.w++;
          if (p.start && (!t.start || p.start < t.start)) t.start = p.start;
          if (p.end > t.end) t.end = p.end;
        }
      }
  }
  const ties = [...pairs.entries()]
    .map(([k, t]) => {
      const [a, b] = k.split(' ');
      return { a, b, t };
    })
    .sort((x, y) => byNum(x.a, y.a) || byNum(x.b, y.b))
    .map(({ a, b, t }) => [`org:${a}`, `org:${b}`, 'collaboration', String(t.w), t.start, t.end]);
  const prjRows = prjIds.map((rcn) => [`prj:${rcn}`, 'project', '', '', 'project', projects.get(rcn)!.start, projects.get(rcn)!.end]);
  return {
    dataset: { nodes: csv(head, [...orgRows, ...prjRows]), edges: csv(['source', 'target', 'type', 'weight', 'start', 'end', 'role'], participation) },
    coorg: { nodes: csv(head, orgRows), edges: csv(['source', 'target', 'type', 'weight', 'start', 'end'], ties) },
    stats: { projects: prjIds.length, organisations: orgIds.length, participations: participation.length, ties: ties.length },
  };
}

function readInputs(argv: string[]): { h2020: Buffer; parts: Buffer } {
  const from = argv.indexOf('--from');
  if (from >= 0) return { h2020: readFileSync(argv[from + 1]), parts: readFileSync(argv[from + 2]) };
  const git = process.env.EUNETS_GIT ?? '/work/.mirror/zambujo+eunets/repo';
  const show = (p: string) => execFileSync('git', ['-C', git, 'show', `HEAD:${p}`], { maxBuffer: 1 << 30 });
  return { h2020: show('data/h2020.csv.gz'), parts: show('data/programme_parts.csv.gz') };
}

function main(): void {
  const argv = process.argv.slice(2);
  const { h2020, parts } = readInputs(argv);
  const rows = parseCsv(gunzipSync(h2020).toString('utf8'));
  const partOf = new Map(parseCsv(gunzipSync(parts).toString('utf8')).map((r) => [r.rcn, r.programme_part]));
  const pick = argv.indexOf('--parts');
  const wanted = pick >= 0 ? argv[pick + 1].split(',') : [...PARTS];
  for (const part of wanted) {
    if (part.toUpperCase() === 'SWAFS') throw new Error('SWAFS is the held-out test data; it is not derived here');
    const f = deriveForms(rows, partOf, part);
    if (!f.stats.projects) throw new Error(`no project of programme part ${part} in programme_parts.csv.gz`);
    for (const form of ['dataset', 'coorg'] as const) {
      const dir = join(OUT, part, form);
      mkdirSync(dir, { recursive: true });
      for (const file of ['nodes', 'edges'] as const) writeFileSync(join(dir, `${file}.csv.gz`), gzipSync(f[form][file], { level: 9 }));
    }
    console.log(
      `${part}: ${f.stats.projects} projects, ${f.stats.organisations} organisations, ${f.stats.participations} participations, ${f.stats.ties} ties`,
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
