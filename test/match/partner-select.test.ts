import { describe, expect, it } from 'vitest';
import { deriveForms, parseCsv } from '../../bench/partners-h2020-data.ts';
import { adopt, chooseVariant, loadPart, ROUND_2, ROUND_3, ROUND_4, ROUND_5, type SelectionCell, scoreVariant } from '../../bench/partners-select-h2020.ts';
import { parseDatasetFiles } from '../../src/io/load.ts';
import { evaluatePartners } from '../../src/match/evaluate.ts';
import { MODEL_FEATURES, modelFeatures } from '../../src/match/learn.ts';
import { matchPartners, parsePartnerConfig } from '../../src/match/partners.ts';

// eunets' columns (a subset), three projects of part SC6 and one of SWAFS.
const H2020 = `rcn,role,pic,type,contribution,country,start_date,end_date,group
1,coordinator,100,PRC,1,BE,2016-01-01,2018-12-31,eu15
1,participant,200,HES,1,FR,2016-01-01,2018-12-31,eu15
1,participant,300,REC,1,PL,2016-01-01,2018-12-31,eu13
2,participant,100,PRC,1,BE,2015-03-01,2017-02-28,eu15
2,coordinator,200,HES,1,FR,2015-03-01,2017-02-28,eu15
3,coordinator,300,REC,1,PL,2019-01-01,2020-12-31,eu13
3,participant,400,"PUB",1,NA,2019-01-01,2020-12-31,NA
9,coordinator,100,PRC,1,BE,2015-01-01,2016-01-01,eu15
9,participant,400,PUB,1,NA,2015-01-01,2016-01-01,NA
`;
const PARTS = new Map([
  ['1', 'SC6'],
  ['2', 'SC6'],
  ['3', 'SC6'],
  ['9', 'SWAFS'],
]);

describe('deriving programme parts from eunets (bench/partners-h2020-data.ts)', () => {
  it('builds both forms of one part: ties counted per shared project, dated from the earliest, types and places mapped', () => {
    const f = deriveForms(parseCsv(H2020), PARTS, 'SC6');
    expect(f.stats).toEqual({ projects: 3, organisations: 4, participations: 7, ties: 4 });
    const ties = parseCsv(f.coorg.edges);
    expect(ties.map((t) => [t.source, t.target, t.weight, t.start, t.end])).toEqual([
      ['org:100', 'org:200', '2', '2015-03-01', '2018-12-31'],
      ['org:100', 'org:300', '1', '2016-01-01', '2018-12-31'],
      ['org:200', 'org:300', '1', '2016-01-01', '2018-12-31'],
      ['org:300', 'org:400', '1', '2019-01-01', '2020-12-31'],
    ]);
    const nodes = parseCsv(f.dataset.nodes);
    expect(nodes.find((n) => n.id === 'org:100')).toMatchObject({ type: 'company', country: 'BE', region: 'eu15' });
    expect(nodes.find((n) => n.id === 'org:400')).toMatchObject({ type: 'public', country: '', region: '' });
    expect(nodes.find((n) => n.id === 'prj:3')).toMatchObject({ type: 'project', start: '2019-01-01' });
    expect(parseCsv(f.dataset.edges).filter((e) => e.role === 'coordinator')).toHaveLength(3);
    // The SWAFS project (rcn 9) is not part of SC6: org 100 and 400 are not tied.
    expect(ties.some((t) => t.source === 'org:100' && t.target === 'org:400')).toBe(false);
    // Both forms load as datasets.
    for (const form of [f.dataset, f.coorg]) {
      const d = parseDatasetFiles([
        { name: 'nodes.csv', content: form.nodes },
        { name: 'edges.csv', content: form.edges },
      ]).dataset;
      expect(d.nodes.length).toBeGreaterThan(0);
    }
  });

  it('the committed Euratom part gives the same evaluation population in both forms', () => {
    const [coorg, dataset] = (['coorg', 'dataset'] as const).map((form) => evaluatePartners(loadPart('Euratom', form), { split: '2018-01-01', k: 20 }));
    expect(coorg.candidates).toBe(dataset.candidates);
    expect(coorg.newTies).toBe(dataset.newTies);
    expect(coorg.newTies).toBeGreaterThan(100);
  });
});

const cell = (part: string, companies: number, recall: number, auc: number, paRecall: number, paAuc: number): SelectionCell => ({
  part,
  split: '2018-01-01',
  form: 'coorg',
  companies,
  recall,
  auc,
  paRecall,
  paAuc,
});

describe('the selection rule (bench/partners-select-h2020.ts)', () => {
  it('averages recall and AUC per part over the cells with ≥ 10 companies, then takes the ratio to preferential attachment', () => {
    const s = scoreVariant('v', [
      cell('A', 20, 0.3, 0.8, 0.2, 0.7),
      cell('A', 12, 0.1, 0.6, 0.2, 0.7),
      cell('A', 3, 1, 1, 0, 0.5), // too few companies: not counted
      cell('B', 10, 0.15, 0.66, 0.1, 0.6),
      cell('C', 2, 0.5, 0.9, 0.1, 0.5), // no counted cell: part C is absent
    ]);
    expect(Object.keys(s.parts)).toEqual(['A', 'B']);
    expect(s.parts.A.recall).toBeCloseTo(0.2 / 0.2, 12);
    expect(s.parts.A.auc).toBeCloseTo(0.7 / 0.7, 12);
    expect(s.parts.B.recall).toBeCloseTo(1.5, 12);
    expect(s.parts.B.auc).toBeCloseTo(1.1, 12);
    expect(s.recallRatio).toBeCloseTo(1.25, 12);
    expect(s.aucRatio).toBeCloseTo(1.05, 12);
    expect(s.eligible).toBe(true);
  });

  it('drops variants whose AUC ratio is below 1, picks the highest recall ratio, breaks near-ties by AUC', () => {
    const v = (name: string, recall: number, auc: number) => scoreVariant(name, [cell('A', 10, recall, auc, 0.2, 0.5)]);
    const highRecallLowAuc = v('recall but AUC below PA', 0.4, 0.49);
    const a = v('a', 0.3, 0.55); // recall ratio 1.5, AUC ratio 1.1
    const b = v('b', 0.3008, 0.6); // recall ratio 1.504: within 0.005 of a, higher AUC
    const c = v('c', 0.25, 0.7);
    expect(highRecallLowAuc.eligible).toBe(false);
    expect(chooseVariant([highRecallLowAuc, a, b, c])?.name).toBe('b');
    expect(chooseVariant([highRecallLowAuc, c, a])?.name).toBe('a');
    expect(chooseVariant([highRecallLowAuc])).toBeNull();
  });
});

describe('round 2 of the selection', () => {
  it('the rule on the recorded round-2 means picks partner activity (2-year half-life), and that is the default', () => {
    // Mean recall ratio / AUC ratio per variant as docs/partners.md records them, in ROUND_2's order.
    const recorded: [number, number][] = [
      [0.972, 1.016],
      [1.021, 0.964],
      [0.979, 1.009],
      [0.98, 1.007],
      [0.834, 0.992],
    ];
    const names = Object.keys(ROUND_2);
    expect(names).toHaveLength(recorded.length);
    const scores = names.map((name, i) => ({ name, parts: {}, recallRatio: recorded[i][0], aucRatio: recorded[i][1], eligible: recorded[i][1] >= 1 }));
    const chosen = chooseVariant(scores)!;
    expect(chosen.name).toBe('pairs: chosen inputs + partner activity');
    // Without coordinates the default inputs are exactly the chosen variant's.
    expect(modelFeatures([{ id: 'a', type: 'company' } as never])).toEqual(ROUND_2[chosen.name].learning?.features);
    expect(ROUND_2[chosen.name].recencyHalfLifeYears).toBeUndefined();
  });
});

describe('the default model on a real programme part (Euratom, participation form)', () => {
  it('is learned from the data, deterministic, and its explanations name the shared projects and the signals that weighed most', () => {
    const d = loadPart('Euratom', 'dataset');
    const r = matchPartners(d, { top: 3 });
    expect(r.scoring.kind).toBe('learned');
    if (r.scoring.kind !== 'learned') return;
    // The inputs chosen by bench/partners-select-h2020.ts (no coordinates in CORDIS: no proximity).
    const model = r.scoring.model;
    expect(model?.learner).toBe('linear');
    expect(Object.keys(model?.learner === 'linear' ? model.coefficients : {})).toEqual(MODEL_FEATURES.filter((f) => f !== 'proximity'));
    const shown = r.suggestions.flatMap((s) => s.top);
    const withIntro = shown.find((x) => x.introducers.some((i) => i.projects?.withCompany.length))!;
    expect(withIntro.explanation).toMatch(/weighed most: /);
    const intro = withIntro.introducers[0];
    expect(withIntro.explanation).toContain(intro.projects!.withCompany[0]);
    expect(intro.projects!.withCompany[0]).toMatch(/^prj:\d+$/);
    expect(matchPartners(d, { top: 3 }).suggestions).toEqual(r.suggestions);
  });
});

describe('round 3 of the selection', () => {
  const score = (name: string, recallRatio: number, aucRatio: number) => ({ name, parts: {}, recallRatio, aucRatio, eligible: aucRatio >= 1 });
  it('lists the current default first, with exactly the default inputs', () => {
    const [first] = Object.keys(ROUND_3);
    expect(ROUND_3[first].learning?.features).toEqual(modelFeatures([{ id: 'a', type: 'company' } as never]));
    expect(ROUND_3[first].learning?.objective).toBeUndefined();
    expect(Object.keys(ROUND_3).length).toBeLessThanOrEqual(6);
  });

  it('adopts the winner only when it beats preferential attachment on recall (> 1) and keeps AUC (≥ 1), and never the default itself', () => {
    const def = Object.keys(ROUND_3)[0];
    expect(adopt(score('w', 1.02, 1.001), def)?.name).toBe('w');
    expect(adopt(score('w', 1.0, 1.01), def)).toBeNull(); // recall ratio must be above 1, not equal
    expect(adopt(score('w', 1.05, 0.999), def)).toBeNull();
    expect(adopt(score(def, 1.05, 1.05), def)).toBeNull();
    expect(adopt(null, def)).toBeNull();
  });
});

describe('round 4 of the selection', () => {
  it('lists at most five candidates, the current default first with exactly the default inputs, then the two-part models', () => {
    const [first, ...rest] = Object.keys(ROUND_4);
    expect(Object.keys(ROUND_4).length).toBeLessThanOrEqual(5);
    expect(ROUND_4[first]).toEqual(ROUND_3[Object.keys(ROUND_3)[0]]);
    expect(ROUND_4[first].learning?.features).toEqual(modelFeatures([{ id: 'a', type: 'company' } as never]));
    for (const name of rest) expect(ROUND_4[name].learning?.objective).toBe('two-part');
  });

  it('on the recorded round-4 means the rule keeps the default and the gate adopts nothing', () => {
    // Mean recall ratio / AUC ratio per candidate as docs/partners.md records them, in ROUND_4's order.
    const recorded: [number, number][] = [
      [0.979, 1.009],
      [0.943, 0.98],
      [1.019, 0.932],
      [0.968, 0.982],
      [0.992, 0.924],
    ];
    const names = Object.keys(ROUND_4);
    expect(names).toHaveLength(recorded.length);
    const scores = names.map((name, i) => ({ name, parts: {}, recallRatio: recorded[i][0], aucRatio: recorded[i][1], eligible: recorded[i][1] >= 1 }));
    expect(chooseVariant(scores)?.name).toBe(names[0]);
    expect(adopt(chooseVariant(scores), names[0])).toBeNull();
  });
});

describe('round 5 of the selection', () => {
  it('lists the six candidates of its header, the current default first; the trees ones with exactly its fixed settings, which are the defaults', () => {
    const names = Object.keys(ROUND_5);
    expect(names).toHaveLength(6);
    expect(ROUND_5[names[0]]).toEqual(ROUND_4[Object.keys(ROUND_4)[0]]);
    const trees = names.filter((n) => ROUND_5[n].learning?.learner === 'trees');
    expect(trees).toEqual(names.slice(3));
    for (const n of trees) {
      expect(ROUND_5[n].learning?.trees).toEqual({ count: 100, depth: 3, rate: 0.1, bins: 32, minLeaf: 20, l2: 1 });
      expect(parsePartnerConfig(ROUND_5[n]).learning.trees).toEqual(parsePartnerConfig({}).learning.trees);
    }
    expect(trees.map((n) => [ROUND_5[n].learning?.objective ?? 'pairs', ROUND_5[n].learning?.windows ?? 1])).toEqual([
      ['pairs', 1],
      ['pairs', 3],
      ['lambda', 3],
    ]);
    expect(parsePartnerConfig({}).learning.learner).toBe('linear');
  });

  it('on the recorded round-5 means the rule keeps the default and the gate adopts nothing', () => {
    // Mean recall ratio / AUC ratio per candidate as bench/results/partners-round5.md records them, in ROUND_5's order.
    const recorded: [number, number][] = [
      [1.143, 1.025],
      [1.122, 1.019],
      [1.121, 0.956],
      [1.057, 1.013],
      [1.034, 1.014],
      [1.045, 0.976],
    ];
    const names = Object.keys(ROUND_5);
    const scores = names.map((name, i) => ({ name, parts: {}, recallRatio: recorded[i][0], aucRatio: recorded[i][1], eligible: recorded[i][1] >= 1 }));
    expect(chooseVariant(scores)?.name).toBe(names[0]);
    expect(adopt(chooseVariant(scores), names[0])).toBeNull();
  });
});
