/**
 * The regional report: computed from the sample for one region, it lists exactly the region's
 * flagged schools with their reasons, charts each indicator over the dated years, draws the
 * region's map, reports a round's pairs with their simulated impact, and is one self-contained
 * printable file (no script, no external resource). The CLI writes the same file.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../src/io/load.ts';
import { analyze } from '../../src/analysis/analyze.ts';
import { computeReport, reportDates } from '../../src/report/compute.ts';
import { renderReport } from '../../src/report/html.ts';

const SAMPLE = join(import.meta.dirname, '../../data/sample');
const REGION = 'Tartu County';

describe('regional report', () => {
  it("lists the region's flagged schools with reasons, charts indicators over time, and reports a round's impact", async () => {
    const { dataset } = await loadDataset(SAMPLE);
    const ref = await analyze(dataset, { metrics: ['isolation'] });
    const flagged = (ref.isolation ?? []).filter((e) => e.region === REGION && e.status !== 'connected');
    expect(flagged.length).toBeGreaterThan(0);
    const schools = dataset.nodes.filter((n) => n.type === 'school' && n.region === REGION).map((n) => n.id);
    const model = await computeReport(dataset, {
      region: REGION,
      workspace: 'sample',
      version: 3,
      round: {
        number: 2,
        name: 'Spring',
        kind: 'mentoring',
        status: 'open',
        pairs: [{ left: schools[0], right: flagged[0].id, score: 0.8, status: 'proposed' }],
      },
    });
    expect(model.flagged.map((f) => f.id)).toEqual(flagged.map((f) => f.id));
    const html = renderReport(model);
    for (const f of flagged) {
      expect(html).toContain(`data-id="${f.id}"`);
      for (const r of f.reasons)
        expect(html).toContain(r.text.replace(/&/g, '&#38;').replace(/</g, '&#60;').replace(/>/g, '&#62;').replace(/"/g, '&#34;').replace(/'/g, '&#39;'));
    }
    const dates = reportDates(dataset);
    expect(dates.length).toBeGreaterThan(2);
    expect(model.series.map((p) => p.date)).toEqual([...dates, 'now']);
    expect(html.match(/<svg class="spark"/g)?.length).toBe(7);
    expect(html).toContain('<svg class="map"');
    // The round: its pair by name and the simulated change, flagged school no longer isolated or not.
    expect(model.round?.impact?.newTies).toBe(1);
    expect(html).toContain('Expected impact if these pairs become ties');
    expect(html).toContain(dataset.nodes.find((n) => n.id === flagged[0].id)!.label!);
    // Self-contained and printable.
    expect(html).not.toMatch(/<script|<link |src="http|href="http/);
    expect(html).toContain('@media print');
  }, 300_000);

  it('hubgraph report --region writes the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubgraph-report-'));
    try {
      const out = join(dir, 'report.html');
      const stdout = execFileSync(
        process.execPath,
        [join(import.meta.dirname, '../../bin/hubgraph.js'), 'report', SAMPLE, '--region', REGION, '--out', out, '--json'],
        { encoding: 'utf8' },
      );
      const doc = JSON.parse(stdout) as { flagged: number; dates: number };
      expect(doc.flagged).toBeGreaterThan(0);
      const html = readFileSync(out, 'utf8');
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain(`Regional report: ${REGION}`);
      expect(html.match(/<tr data-id=/g)?.length).toBe(doc.flagged);
      expect(() =>
        execFileSync(process.execPath, [join(import.meta.dirname, '../../bin/hubgraph.js'), 'report', SAMPLE, '--region', 'Atlantis', '--out', out], {
          stdio: 'pipe',
        }),
      ).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
