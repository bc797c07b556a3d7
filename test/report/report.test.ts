/**
 * The regional report: computed from the sample for one region, it lists exactly the region's
 * flagged schools with their reasons, charts each indicator over the dated years, draws the
 * region's map, reports a round's pairs with their simulated impact, and is one self-contained
 * printable file (no script, no external resource). The CLI writes the same file.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../src/io/load.ts';
import { analyze } from '../../src/analysis/analyze.ts';
import { computeReport, pickCurrentRound, reportDates, type RoundStage } from '../../src/report/compute.ts';
import { renderReport } from '../../src/report/html.ts';
import request from 'supertest';
import { makeServer } from '../server/helpers.ts';
import { smallEcosystem } from '../server/fixtures.ts';
import { createRound, saveVersion } from '../../src/store/index.ts';
import { acceptRound } from '../../src/store/round-lifecycle.ts';
import { openStore } from '../../src/store/open.ts';
import { DatasetSchema } from '../../src/model/index.ts';
import { hubgraph } from '../cli/run-cli.ts';

const SAMPLE = join(import.meta.dirname, '../../data/sample');
const REGION = 'Tartu County';

describe('regional report', () => {
  it('says a network without schools has none to flag, rather than that none is isolated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hg-report-no-schools-'));
    try {
      writeFileSync(join(dir, 'nodes.csv'), 'id,type\nu1,university\nc1,company\np1,project\n');
      writeFileSync(join(dir, 'edges.csv'), 'source,target,type\nu1,p1,participation\nc1,p1,participation\n');
      const { dataset } = await loadDataset(dir);
      const html = renderReport(await computeReport(dataset));
      expect(html).toContain('<h2>Flagged schools (0)</h2>');
      expect(html).toContain('No schools in this selection: the list ranks nodes typed school, and there are none here');
      expect(html).not.toContain('is isolated or peripheral');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

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

  it('"current round" is the round of the reported version: open on it, else the accepted one in effect, never one from a later or reverted state', () => {
    const r = (number: number, o: Partial<RoundStage>): RoundStage => ({
      number,
      kind: 'mentoring',
      status: 'open',
      version: 1,
      acceptedVersion: null,
      revertedVersion: null,
      ...o,
    });
    const rounds = [
      r(1, { status: 'accepted', version: 1, acceptedVersion: 2 }),
      r(2, { version: 1 }), // proposed on version 1, never decided
      r(3, { version: 3 }), // computed after version 3 existed
      r(4, { kind: 'partnership', version: 2 }),
    ];
    // Version 2: round 1's ties are in it; round 2 is stale, round 3 does not exist yet, round 4 is no mentoring round.
    expect(pickCurrentRound(rounds, 2)).toMatchObject({ round: { number: 1 }, status: 'accepted', impactVersion: 1 });
    expect(pickCurrentRound(rounds, 3)).toMatchObject({ round: { number: 3 }, status: 'open', impactVersion: 3 });
    // Version 1: round 1 was still open then; the newest round open on version 1 is round 2.
    expect(pickCurrentRound(rounds, 1)).toMatchObject({ round: { number: 2 }, status: 'open', impactVersion: 1 });
    expect(pickCurrentRound([r(1, { status: 'accepted', acceptedVersion: 2 })], 1)).toMatchObject({ status: 'open', impactVersion: 1 });
    // Reverted by version 3: its ties are gone, so at version 3 the stale open round is what is left.
    const reverted = [r(1, { status: 'accepted', acceptedVersion: 2, revertedVersion: 3 }), r(2, { version: 1 })];
    expect(pickCurrentRound(reverted, 3)).toMatchObject({ round: { number: 2 }, status: 'open', impactVersion: 3 });
    expect(pickCurrentRound(reverted, 2)).toMatchObject({ round: { number: 1 }, status: 'accepted' });
    expect(pickCurrentRound([r(1, { version: 4 })], 3)).toBeNull();
  });

  it("the app's report and `hubgraph report --workspace` show the accepted round of the version, its impact simulated before its ties", async () => {
    const s = await makeServer();
    try {
      const ws = 'report rounds';
      await saveVersion(s.store, ws, DatasetSchema.parse(smallEcosystem()), { createWorkspace: true, author: 'test' });
      const pair = (left: string, right: string) => ({ left, right, score: 0.9 });
      await createRound(s.store, ws, { kind: 'mentoring', name: 'Autumn', pairs: [pair('__proto__', 'lonely')] }, 'test');
      await createRound(s.store, ws, { kind: 'mentoring', name: 'Draft', pairs: [pair('constructor', 'a school')] }, 'test');
      await acceptRound(s.store, ws, 1, { actor: 'test', proposed: 'accept' }); // → version 2 with the Autumn tie
      const report = async (v: number) =>
        (
          await request(s.app)
            .get(`/api/workspaces/${encodeURIComponent(ws)}/versions/${v}/report`)
            .buffer(true)
            .parse((res, cb) => {
              let t = '';
              res.on('data', (c: Buffer) => (t += c.toString()));
              res.on('end', () => cb(null, t));
            })
        ).body as string;
      const v2 = await report(2);
      // Not the newest open round (Draft, on version 1): the round whose pairs are ties in version 2.
      expect(v2).toContain('data-round="1"');
      expect(v2).toContain('Round 1 “Autumn” (mentoring, accepted)');
      expect(v2).toContain('Accepted: its pairs are ties since version 2.');
      expect(v2).toContain('simulated on version 1, before they became ties');
      expect(v2).toContain('Lonely School');
      expect(v2).not.toContain('Builder School</td><td>A School');
      // Simulated on version 1, the Autumn tie is new and Lonely School stops being isolated.
      expect(v2).toMatch(/<th scope="row">Isolated schools<\/th><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><td class="num good">-1<\/td>/);
      // On version 1 the Autumn round was still open; Draft is the newest open there.
      expect(await report(1)).toContain('data-round="2"');
      expect(s.contractViolations).toEqual([]);
      await s.close();
      await s.store.close();

      // The CLI picks the same round, from the same store.
      const out = join(s.dir, 'report.html');
      const cli = (v: number) => hubgraph('report', '--workspace', ws, '--data', s.dir, '--dataset-version', String(v), '--out', out, '--json');
      let run = await cli(2);
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout).round).toBe(1);
      expect(readFileSync(out, 'utf8')).toContain('simulated on version 1, before they became ties');
      expect(JSON.parse((await cli(1)).stdout).round).toBe(2);
      // A round computed on version 2 becomes the current one of version 2.
      const again = await openStore({ dataDir: s.dir });
      await createRound(again, ws, { kind: 'mentoring', name: 'Spring', pairs: [pair('constructor', 'a school')] }, 'test');
      await again.close();
      run = await cli(2);
      expect(JSON.parse(run.stdout).round).toBe(3);
      expect(readFileSync(out, 'utf8')).toContain('Round 3 “Spring” (mentoring, open)');
    } finally {
      rmSync(s.dir, { recursive: true, force: true });
    }
  }, 300_000);
});
