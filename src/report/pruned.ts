/**
 * The report of a version that retention reduced to its aggregate (src/store/retention.ts): the
 * version's counts and headline indicators as they were, and the rounds that used it as tallies. Same
 * self-contained HTML as the full report, without the map, the flagged schools or the series.
 */
import type { AggregateIndicators, PrunedVersionView } from '../model/index.ts';
import { esc, fmtFigure } from './html.ts';

const FIGURES: [label: string, value: (i: AggregateIndicators) => number | null, percent?: boolean][] = [
  ['Nodes', (i) => i.nodes],
  ['Ties inside', (i) => i.ties],
  ['Schools', (i) => i.schools],
  ['Isolated schools', (i) => i.isolatedSchools],
  ['Peripheral schools', (i) => i.peripheralSchools],
  ['Cross-sector share', (i) => i.crossSectorShare, true],
  ['Mentoring coverage', (i) => i.mentoringCoverage, true],
  ['Steps to a hub', (i) => i.meanHubDistance],
  ['Schools with no path to a hub', (i) => i.schoolsWithoutHub],
];

const counts = (title: string, c: Record<string, number>) => {
  const rows = Object.entries(c).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return rows.length
    ? `<h3>${esc(title)}</h3><table class="counts"><tbody>${rows.map(([k, n]) => `<tr><th scope="row">${esc(k)}</th><td class="num">${n}</td></tr>`).join('')}</tbody></table>`
    : '';
};

/** The aggregate-only report; `region` picks that region's indicators (absent from the aggregate: says so). */
export function renderPrunedReport(view: PrunedVersionView, options: { region?: string; generatedAt: string }): string {
  const a = view.aggregate;
  const group = options.region ? (a.indicators.regions.find((r) => r.key === options.region) ?? null) : a.indicators.overall;
  const scope = options.region ?? 'the whole network';
  const indicators = group
    ? `<table class="indicators"><tbody>${FIGURES.map(([label, v, pct]) => `<tr><th scope="row">${esc(label)}</th><td class="num">${fmtFigure(v(group), pct)}</td></tr>`).join('')}</tbody></table>`
    : `<p>The aggregate has no figures for region ${esc(options.region)}.</p>`;
  const rounds = view.rounds.length
    ? `<table class="rounds"><thead><tr><th>Round</th><th>Used this version</th><th>Pairs</th><th>Accepted</th><th>Declined</th><th>Met (of outcomes recorded)</th></tr></thead><tbody>${view.rounds
        .map(
          (r) =>
            `<tr data-round="${r.number}"><td>${r.number}${r.name ? ` “${esc(r.name)}”` : ''} (${esc(r.kind)}, ${esc(r.status)})</td><td>${esc(r.uses.join(', '))}</td><td class="num">${r.pairs}</td><td class="num">${r.counts.accepted + r.counts.locked}</td><td class="num">${r.counts.rejected}</td><td class="num">${r.outcomes.met} of ${r.outcomes.recorded}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>No round refers to this version any more.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Regional report — ${esc(scope)} (aggregate only)</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1d2330; margin: 24px auto; max-width: 960px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 2px solid #14213d; padding-bottom: 2px; }
.meta { color: #57606a; font-size: 12px; } .pruned { background: #fff4ce; border-left: 4px solid #9a6700; padding: 8px 12px; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: 5px 6px; border-bottom: 1px solid #d9dde3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
@page { size: A4; margin: 14mm; }
</style></head><body>
<header><h1>Regional report: ${esc(scope)}</h1>
<p class="meta">Workspace ${esc(view.workspace)}, version ${view.version} (made ${esc(view.createdAt.slice(0, 10))}) · generated ${esc(options.generatedAt.slice(0, 16).replace('T', ' '))} UTC</p>
<p class="pruned" data-pruned="${esc(view.prunedAt)}">${esc(view.note[0].toUpperCase() + view.note.slice(1))}: the workspace's retention period removed its nodes and ties, and kept the counts and figures below and the rounds' pairs (by id).</p></header>
<section><h2>Indicators when the version was pruned</h2>${indicators}</section>
<section><h2>What the version held</h2><p>${a.nodes} nodes and ${a.ties} ties.</p>${counts('Nodes by type', a.nodesByType)}${counts('Ties by type', a.tiesByType)}${counts('Nodes by region', a.nodesByRegion)}</section>
<section><h2>Match rounds that used this version</h2>${rounds}</section>
</body></html>
`;
}
