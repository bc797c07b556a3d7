/**
 * The regional report as one self-contained HTML file (inline CSS and SVG, no script, no
 * external resource): the region's indicators with their change over time as small charts, the
 * flagged schools with their reasons, a map figure and the current mentoring round with its
 * expected impact. Print CSS gives a clean PDF from the browser.
 */
import type { Dataset } from '../model/index.ts';
import { IMPACT_INDICATORS } from '../model/index.ts';
import type { Indicators } from '../analysis/indicators.ts';
import type { IsolationEntry } from '../analysis/isolation.ts';
import type { ImpactReport } from '../match/impact.ts';

export interface ReportRound {
  number: number;
  name: string | null;
  kind: string;
  status: string;
  /** Version the pairs were computed on. */
  version?: number;
  /** Version that holds the accepted pairs as ties. */
  acceptedVersion?: number | null;
  pairs: { left: string; right: string; score: number; status: string }[];
  impact: ImpactReport | null;
  /** "version N was pruned on <date>; aggregate only": the version its impact is simulated on is past retention. */
  basePruned?: string;
}

export interface ReportInput {
  workspace: string | null;
  version: number | null;
  region?: string;
  hub?: string;
  /** Nodes and ties of the dataset, for names and the map figure. */
  dataset: Pick<Dataset, 'nodes' | 'edges'>;
  /** Layout positions by dataset node index. */
  layout: { x: number[]; y: number[] };
  /** Flagged schools of the region / hub, most isolated first. */
  flagged: IsolationEntry[];
  /** The region's (or hub's) indicators at a series of dates, oldest first; the last is "now". */
  series: { date: string; indicators: Indicators | null }[];
  round: ReportRound | null;
  generatedAt: string;
}

/** Indicators a coordinator reports on, in plain words, and whether a rise is good news. */
const REPORTED: { key: string; label: string; explain: string; value: (i: Indicators) => number | null; higherIsBetter: boolean; percent?: boolean }[] = [
  {
    key: 'isolatedSchools',
    label: 'Isolated schools',
    explain: 'Schools with no ties beyond their own staff, or only very weak ones.',
    value: (i) => i.isolatedSchools,
    higherIsBetter: false,
  },
  {
    key: 'peripheralSchools',
    label: 'Peripheral schools',
    explain: 'Connected, but thinly or only locally.',
    value: (i) => i.peripheralSchools,
    higherIsBetter: false,
  },
  {
    key: 'crossSector.share',
    label: 'Cross-sector share',
    explain: 'Share of school ties that reach a company, a university or a VET provider.',
    value: (i) => i.crossSector.share,
    higherIsBetter: true,
    percent: true,
  },
  {
    key: 'mentoring.coverage',
    label: 'Mentoring coverage',
    explain: 'Share of low-maturity schools with a mentor.',
    value: (i) => i.mentoring?.coverage ?? null,
    higherIsBetter: true,
    percent: true,
  },
  {
    key: 'meanHubDistance',
    label: 'Steps to a hub',
    explain: 'Average number of steps from a school to the nearest hub.',
    value: (i) => i.meanHubDistance,
    higherIsBetter: false,
  },
  {
    key: 'ei.index',
    label: 'Openness (E-I index)',
    explain: 'From −1 (all ties inside the region) to +1 (all ties outside).',
    value: (i) => i.ei?.index ?? null,
    higherIsBetter: true,
  },
  { key: 'ties', label: 'Ties inside', explain: 'Ties with both ends in the region.', value: (i) => i.ties, higherIsBetter: true },
];

export const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

export function fmtFigure(x: number | null | undefined, percent = false, change = false): string {
  if (!finite(x)) return '—';
  // A change of a share is in percentage points.
  if (percent) return `${(x * 100).toLocaleString('en', { maximumFractionDigits: 1 })}${change ? ' pp' : ' %'}`;
  if (Number.isInteger(x)) return x.toLocaleString('en');
  const a = Math.abs(x);
  return a >= 1
    ? x.toLocaleString('en', { maximumFractionDigits: Math.max(1, 3 - (Math.floor(Math.log10(a)) + 1)) })
    : x.toLocaleString('en', { maximumSignificantDigits: 3 });
}

/** A small line chart of a series (dates on x), with its first and last values. */
export function sparkline(points: { date: string; value: number | null }[], good: boolean | null): string {
  const W = 180,
    H = 44,
    P = 4;
  const pts = points.filter((p) => finite(p.value)) as { date: string; value: number }[];
  if (pts.length < 2)
    return `<svg class="spark" width="${W}" height="${H}" role="img" aria-label="not enough dates"><text x="4" y="26" font-size="10" fill="#57606a">not enough dates</text></svg>`;
  const lo = Math.min(...pts.map((p) => p.value)),
    hi = Math.max(...pts.map((p) => p.value));
  const xs = (i: number) => P + (i * (W - 2 * P)) / (pts.length - 1);
  const ys = (v: number) => (hi > lo ? H - P - ((v - lo) * (H - 2 * P)) / (hi - lo) : H / 2);
  const d = pts.map((p, i) => `${i ? 'L' : 'M'}${xs(i).toFixed(1)} ${ys(p.value).toFixed(1)}`).join(' ');
  const colour = good === null ? '#57606a' : good ? '#1b7f3b' : '#b3261e';
  const last = pts[pts.length - 1];
  return (
    `<svg class="spark" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(`from ${pts[0].value} on ${pts[0].date} to ${last.value} on ${last.date}`)}">` +
    `<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"/>` +
    pts
      .map(
        (p, i) =>
          `<circle cx="${xs(i).toFixed(1)}" cy="${ys(p.value).toFixed(1)}" r="2.2" fill="${colour}"><title>${esc(p.date)}: ${esc(p.value)}</title></circle>`,
      )
      .join('') +
    '</svg>'
  );
}

const TYPE_FILL: Record<string, string> = {
  school: '#0072B2',
  teacher: '#9aa0a6',
  company: '#D55E00',
  university: '#009E73',
  vet: '#CC79A7',
  hub: '#000000',
  research: '#56B4E9',
  project: '#E69F00',
};

/** The region's nodes and ties as an SVG figure; flagged schools ringed red and labelled. */
export function mapFigure(input: ReportInput, width = 720, height = 480): string {
  const { nodes, edges } = input.dataset;
  const inScope = (n: Dataset['nodes'][number]) => (!input.region || n.region === input.region) && (!input.hub || n.hub === input.hub || n.id === input.hub);
  const idx = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (inScope(n)) idx.set(n.id, i);
  });
  const flagged = new Set(input.flagged.map((f) => f.id));
  if (!idx.size) return '<p>No nodes in this selection.</p>';
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (const i of idx.values()) {
    x0 = Math.min(x0, input.layout.x[i]);
    x1 = Math.max(x1, input.layout.x[i]);
    y0 = Math.min(y0, input.layout.y[i]);
    y1 = Math.max(y1, input.layout.y[i]);
  }
  // Room for the flagged-school key above and the type legend below, so no node or label sits under them.
  const top = 32,
    bottom = 40;
  const s = Math.min((width - 40) / Math.max(x1 - x0, 1e-9), (height - top - bottom) / Math.max(y1 - y0, 1e-9));
  const px = (i: number) => 20 + (input.layout.x[i] - x0) * s;
  const py = (i: number) => top + (y1 - input.layout.y[i]) * s;
  const out: string[] = [
    `<svg class="map" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Map of the selection: ${idx.size} nodes"><rect width="100%" height="100%" fill="#fff"/><g stroke="#c3c8cf" stroke-width="0.6">`,
  ];
  for (const e of edges) {
    const a = idx.get(e.source),
      b = idx.get(e.target);
    if (a !== undefined && b !== undefined)
      out.push(`<line x1="${px(a).toFixed(1)}" y1="${py(a).toFixed(1)}" x2="${px(b).toFixed(1)}" y2="${py(b).toFixed(1)}"/>`);
  }
  out.push('</g>');
  const labels: string[] = [];
  for (const [id, i] of idx) {
    const n = nodes[i];
    const r = n.type === 'hub' ? 7 : n.type === 'school' ? 4.5 : 3;
    const ring = flagged.has(id) ? ' stroke="#b3261e" stroke-width="2.5"' : ' stroke="#fff" stroke-width="0.8"';
    out.push(
      `<circle cx="${px(i).toFixed(1)}" cy="${py(i).toFixed(1)}" r="${r}" fill="${TYPE_FILL[n.type] ?? '#9aa0a6'}"${ring}><title>${esc(n.label ?? id)}</title></circle>`,
    );
    if (flagged.has(id) || n.type === 'hub')
      labels.push(
        `<text x="${(px(i) + r + 3).toFixed(1)}" y="${(py(i) + 4).toFixed(1)}" font-size="10" stroke="#fff" stroke-width="3" paint-order="stroke" fill="#1f2328">${esc(n.label ?? id)}</text>`,
      );
  }
  out.push(...labels);
  const legend = ['school', 'hub', 'company', 'university', 'vet', 'teacher']
    .map(
      (t, k) =>
        `<g transform="translate(${10 + k * 92} ${height - 12})"><circle r="4" fill="${TYPE_FILL[t]}"/><text x="8" y="4" font-size="10">${t}</text></g>`,
    )
    .join('');
  out.push(
    legend,
    `<g transform="translate(${width - 150} 14)"><circle r="4.5" fill="#0072B2" stroke="#b3261e" stroke-width="2.5"/><text x="9" y="4" font-size="10">flagged school</text></g>`,
    '</svg>',
  );
  return out.join('');
}

export function renderReport(input: ReportInput): string {
  const name = (id: string) => {
    const n = input.dataset.nodes.find((x) => x.id === id);
    return n?.label ?? id;
  };
  const scope = [input.region, input.hub ? name(input.hub) : null].filter(Boolean).join(' · ') || 'the whole network';
  const now = input.series[input.series.length - 1];
  const first = input.series.find((p) => p.indicators);
  const rows = REPORTED.map((r) => {
    const pts = input.series.map((p) => ({ date: p.date, value: p.indicators ? r.value(p.indicators) : null }));
    const a = first?.indicators ? r.value(first.indicators) : null;
    const b = now?.indicators ? r.value(now.indicators) : null;
    const d = finite(a) && finite(b) ? b - a : null;
    const good = d === null || d === 0 ? null : d > 0 === r.higherIsBetter;
    return (
      `<tr><th scope="row">${esc(r.label)}<div class="explain">${esc(r.explain)}</div></th><td class="num">${fmtFigure(b, r.percent)}</td>` +
      `<td class="num ${good === null ? '' : good ? 'good' : 'bad'}">${d === null ? '—' : `${d > 0 ? '+' : ''}${fmtFigure(d, r.percent, true)}${good === null ? '' : good ? ' (better)' : ' (worse)'}`}</td><td>${sparkline(pts, good)}</td></tr>`
    );
  }).join('');
  const flagged = input.flagged
    .map(
      (f, i) =>
        `<tr data-id="${esc(f.id)}"><td class="num">${i + 1}</td><td><strong>${esc(f.label ?? f.id)}</strong><div class="explain">${esc(f.status)}${f.hub ? ` · ${esc(name(f.hub))}` : ''}</div></td><td class="num">${fmtFigure(f.score)}</td><td><ul>${f.reasons.map((r) => `<li>${esc(r.text)}</li>`).join('')}</ul></td></tr>`,
    )
    .join('');
  const round = input.round;
  const impact = round?.impact;
  const impactRows = impact
    ? IMPACT_INDICATORS.map(({ label, key: k, higherIsBetter: up }) => {
        const d = impact.delta[k];
        const good = d === null || d === 0 ? null : d > 0 === up;
        return `<tr><th scope="row">${label}</th><td class="num">${fmtFigure(impact.before[k])}</td><td class="num">${fmtFigure(impact.after[k])}</td><td class="num ${good === null ? '' : good ? 'good' : 'bad'}">${d === null ? '—' : `${d > 0 ? '+' : ''}${fmtFigure(d)}`}</td></tr>`;
      }).join('')
    : '';
  const pairs = round ? round.pairs.filter((p) => p.status !== 'rejected') : [];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Regional report — ${esc(scope)}</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1d2330; margin: 24px auto; max-width: 960px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 2px solid #14213d; padding-bottom: 2px; }
.meta, .explain { color: #57606a; font-size: 12px; } .explain { font-weight: 400; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: 5px 6px; border-bottom: 1px solid #d9dde3; }
thead th { font-size: 12px; color: #57606a; text-transform: uppercase; letter-spacing: .4px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.good { color: #1b7f3b; font-weight: 600; } .bad { color: #b3261e; font-weight: 600; }
ul { margin: 0; padding-left: 18px; } svg.map { max-width: 100%; height: auto; border: 1px solid #d9dde3; }
@page { size: A4; margin: 14mm; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } h2 { break-after: avoid; } tr, figure, svg { break-inside: avoid; } a { color: inherit; text-decoration: none; } .noprint { display: none; } }
</style></head><body>
<header><h1>Regional report: ${esc(scope)}</h1>
<p class="meta">${input.workspace ? `Workspace ${esc(input.workspace)}` : 'Dataset'}${input.version ? `, version ${input.version}` : ''} · generated ${esc(input.generatedAt.slice(0, 16).replace('T', ' '))} UTC · ${input.series.length} dates from ${esc(input.series[0]?.date ?? '—')} to ${esc(now?.date ?? '—')}</p></header>
<section><h2>Indicators and their change</h2>
<table class="indicators"><thead><tr><th>Indicator</th><th>Now</th><th>Change since ${esc(first?.date ?? '—')}</th><th>Over time</th></tr></thead><tbody>${rows}</tbody></table></section>
<section><h2>Flagged schools (${input.flagged.length})</h2>
${input.flagged.length ? `<table class="flagged"><thead><tr><th>#</th><th>School</th><th>Isolation score (0–1)</th><th>Why</th></tr></thead><tbody>${flagged}</tbody></table>` : `<p>${now?.indicators?.schools ? `None of the ${now.indicators.schools.toLocaleString('en')} schools in this selection is isolated or peripheral.` : 'No schools in this selection: the list ranks nodes typed school, and there are none here (a type of your own that means school is read as one with a type map).'}</p>`}</section>
<section><h2>Map</h2><figure>${mapFigure(input)}<figcaption class="meta">Organisations and people of ${esc(scope)} and their ties; flagged schools ringed red.</figcaption></figure></section>
<section><h2>Current mentoring round</h2>
${
  round
    ? `<p data-round="${round.number}">Round ${round.number}${round.name ? ` “${esc(round.name)}”` : ''} (${esc(round.kind)}, ${esc(round.status)}): ${pairs.length} pair${pairs.length === 1 ? '' : 's'} proposed or decided.${roundStage(round, input.version)}</p>
${pairs.length ? `<table class="pairs"><thead><tr><th>Mentor</th><th>Mentee</th><th>Score</th><th>Decision</th></tr></thead><tbody>${pairs.map((p) => `<tr><td>${esc(name(p.left))}</td><td>${esc(name(p.right))}</td><td class="num">${fmtFigure(p.score)}</td><td>${esc(p.status)}</td></tr>`).join('')}</tbody></table>` : ''}
${impact ? `<h3>${round.status === 'accepted' ? `Expected impact of these pairs (simulated on version ${round.version ?? '—'}, before they became ties)` : 'Expected impact if these pairs become ties'}</h3><table class="impact"><thead><tr><th>Figure</th><th>Before</th><th>After</th><th>Change</th></tr></thead><tbody>${impactRows}</tbody></table><p class="meta">${esc(impact.note)}</p>` : ''}${!impact && round.basePruned ? `<p class="meta" data-pruned>${esc(round.basePruned)}: its expected impact is not simulated again.</p>` : ''}`
    : `<p>${input.workspace ? 'No mentoring round in this workspace yet.' : 'Read from files: mentoring rounds live in a workspace (report on one with --workspace NAME, or from the app).'}</p>`
}
</section></body></html>
`;
}

/** Where the round stands relative to the reported version, in words. */
function roundStage(round: ReportRound, version: number | null): string {
  if (round.status === 'accepted' && round.acceptedVersion) return ` Accepted: its pairs are ties since version ${round.acceptedVersion}.`;
  if (round.status === 'open' && round.version !== undefined && version !== null && round.version < version)
    return ` Still open; its pairs were proposed on version ${round.version}, before the data reported here.`;
  return '';
}
