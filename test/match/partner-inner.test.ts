import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PartnerConfigInput } from '../../src/match/config.ts';
import { evaluatePartners } from '../../src/match/evaluate.ts';
import { modelFeatures, windowStart } from '../../src/match/learn.ts';
import { INNER_FAMILIES, familyConfig } from '../../src/match/partners-inner.ts';
import { matchPartners, parsePartnerConfig } from '../../src/match/partners.ts';
import { dayIso, isoDay } from '../../src/match/ties.ts';
import { hubgraph } from '../cli/run-cli.ts';
import { growingNetwork } from './growing-network.ts';

const inner: PartnerConfigInput = { learning: { select: 'inner' } };

describe('inner temporal validation (learning.select: inner)', () => {
  const d = growingNetwork(11, { size: 160, perYear: 90 });
  const split = '2022-01-01';

  it('judges each family as match evaluate would at split − horizon on the ties before the split, and picks the best', () => {
    const ev = evaluatePartners(d, { split, k: 20, config: inner });
    const m = ev.scoring.model!;
    const chosen = m.inner!;
    expect(chosen.window).toBe('2021-01-01…2022-01-01');
    expect(chosen.results.map((r) => r.name)).toEqual(INNER_FAMILIES.map((f) => f.name));
    expect(chosen.companies).toBeGreaterThan(5);
    // The same figure from the protocol itself: the data cut at the split, evaluated at its window start.
    const before = { nodes: d.nodes, edges: d.edges.filter((e) => (e.start ?? '') < split) };
    const t0 = dayIso(windowStart(isoDay(split), 1));
    expect(t0).toBe('2021-01-01');
    const defaults = modelFeatures(d.nodes);
    for (const [i, f] of INNER_FAMILIES.entries()) {
      const cfg = familyConfig(parsePartnerConfig({}), f, defaults);
      const e = evaluatePartners(before, {
        split: t0,
        k: 20,
        seed: 1,
        config: { learning: { objective: cfg.learning.objective, features: cfg.learning.features } },
      });
      expect(e.populations[0].companies).toBe(chosen.companies);
      expect(chosen.results[i].recall).toBeCloseTo(e.scores.find((s) => s.score === 'combined')!.recallAtK!, 12);
    }
    const best = Math.max(...chosen.results.map((r) => r.recall ?? -1));
    const first = chosen.results.find((r) => r.recall === best)!;
    expect(chosen.family).toBe(first.name);
    // The model applied at the split is the chosen family's, trained on the usual window.
    const family = INNER_FAMILIES.find((f) => f.name === chosen.family)!;
    const direct = evaluatePartners(d, {
      split,
      k: 20,
      config: { learning: { objective: family.objective, features: familyConfig(parsePartnerConfig({}), family, defaults).learning.features } },
    });
    const linear = direct.scoring.model!;
    expect(linear.learner === 'linear' && m.learner === 'linear' && m.coefficients).toEqual(linear.learner === 'linear' && linear.coefficients);
    expect(ev.scores.find((s) => s.score === 'combined')).toEqual(direct.scores.find((s) => s.score === 'combined'));
  });

  it('judges only the pairs the rules allow, as match evaluate does (country: same)', () => {
    const rules: PartnerConfigInput = { country: 'same', excludePairs: [['n0', 'n2']] };
    const chosen = evaluatePartners(d, { split, k: 20, config: { ...inner, ...rules } }).scoring.model!.inner!;
    const before = { nodes: d.nodes, edges: d.edges.filter((e) => (e.start ?? '') < split) };
    const defaults = modelFeatures(d.nodes);
    for (const [i, f] of INNER_FAMILIES.entries()) {
      const learning = familyConfig(parsePartnerConfig({}), f, defaults).learning;
      const e = evaluatePartners(before, {
        split: '2021-01-01',
        k: 20,
        seed: 1,
        config: { ...rules, learning: { objective: learning.objective, features: learning.features } },
      });
      expect(e.populations[0].companies).toBe(chosen.companies);
      expect(chosen.results[i].recall).toBeCloseTo(e.scores.find((s) => s.score === 'combined')!.recallAtK!, 12);
    }
  });

  it('is deterministic under the seed, and suggestions explain the chosen model', () => {
    const a = matchPartners(d, { ...inner, top: 3 });
    const b = matchPartners(d, { ...inner, top: 3 });
    expect(a.scoring).toEqual(b.scoring);
    expect(a.suggestions).toEqual(b.suggestions);
    expect(a.scoring.model?.inner?.results.length).toBe(INNER_FAMILIES.length);
    const withCommon = a.suggestions.flatMap((s) => s.top).find((x) => x.introducers.length);
    expect(withCommon?.explanation).toMatch(/could make the introduction/);
    expect(a.suggestions.flatMap((s) => s.top).some((x) => /weighed most: /.test(x.explanation))).toBe(true);
  });

  it('match evaluate with {"learning":{"select":"inner"}} names the family and each family’s inner recall', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubgraph-inner-'));
    const file = join(dir, 'partners.json');
    writeFileSync(file, JSON.stringify(inner));
    const r = await hubgraph('match', 'evaluate', 'data/sample', '--split', '2024-09-01', '--k', '20', '--config', file);
    rmSync(dir, { recursive: true });
    expect(r.code).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith('model family: '));
    expect(line).toMatch(
      /^model family: .+, chosen by recall@20 on 2023-09-01…2024-09-01 \(\d+ companies, \d+ new ties\): .+ \d\.\d{3}; .+ \d\.\d{3}; .+ \d\.\d{3}\.$/,
    );
  });
});
