import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatasetInput } from '../../src/model/index.ts';
import { DatasetSchema } from '../../src/model/index.ts';
import { loadWorkspaceDataset, saveVersion, listAudit, type Store } from '../../src/store/index.ts';
import { closeSurvey, createSurvey, getSurveyStatus, issueLinks, openRespondentView, revokeLinks, saveAnswers } from '../../src/store/surveys.ts';
import { forEachEngine, type TestStore } from './engines.ts';

/** Four schools, a company and a university; two teachers at school a (for the roster's people rule). */
export const SURVEY_REGION: DatasetInput = {
  nodes: [
    { id: 'a', type: 'school', label: 'School A', region: 'North', hub: 'h' },
    { id: 'b', type: 'school', label: 'School B', region: 'North', hub: 'h' },
    { id: 'c', type: 'school', label: 'School C', region: 'South' },
    { id: 'd', type: 'school', label: 'School D', region: 'South' },
    { id: 'h', type: 'hub', label: 'North Hub', region: 'North' },
    { id: 'co', type: 'company', label: 'Robo Ltd', region: 'North' },
    { id: 'u', type: 'university', label: 'Uni', region: 'South' },
    { id: 't1', type: 'teacher', label: 'Rein Kask' },
    { id: 't2', type: 'teacher', label: 'Rein Kask' },
  ],
  edges: [
    { source: 'a', target: 'h', type: 'partnership' },
    { source: 't1', target: 'a', type: 'affiliation' },
    { source: 't2', target: 'b', type: 'affiliation' },
  ],
};

const keyOf = (roster: { key: string; label: string }[], label: string) => roster.find((e) => e.label === label)!.key;

forEachEngine('relationship surveys', (engine) => {
  let t: TestStore;
  let other: Store;
  beforeAll(async () => {
    t = await engine.fresh();
    other = engine.name === 'postgres' ? await t.reopen() : t.store;
    await saveVersion(t.store, 'region', DatasetSchema.parse(SURVEY_REGION), { createWorkspace: true });
  }, 60_000);
  afterAll(async () => t?.dispose());

  it('a wave: links, answers with follow-ups and an addition, status, close into a version that equals the answers', async () => {
    const s = await createSurvey(t.store, 'region', { title: 'Who do you work with?', strength: { min: 1, max: 5 } });
    expect(s).toMatchObject({ number: 1, status: 'open', respondents: 4, submitted: 0, baseVersion: 1 });
    const links = await issueLinks(t.store, 'region', 1);
    expect(links.map((l) => l.respondent).sort()).toEqual(['a', 'b', 'c', 'd']);
    const token = Object.fromEntries(links.map((l) => [l.respondent, l.token]));

    const viewA = await openRespondentView(t.store, token.a);
    expect(viewA.self.label).toBe('School A');
    // Opaque keys only: no node id reaches the respondent, and the respondent is not on its own list.
    expect(JSON.stringify(viewA.roster)).not.toMatch(/"(a|b|c|d|h|co|u)"/);
    expect(viewA.roster.map((e) => e.label)).not.toContain('School A');
    expect(viewA.roster.some((e) => e.type === 'teacher')).toBe(false);
    const k = (label: string) => keyOf(viewA.roster, label);

    // a names b (confirmed by b), co (one-sided) and adds a museum; b names a; c saves a draft only.
    await saveAnswers(
      t.store,
      token.a,
      {
        named: [
          { key: k('School B'), tieType: 'collaboration', strength: 4, frequency: 'monthly' },
          { key: k('Robo Ltd'), tieType: 'partnership', strength: 2 },
        ],
        added: [{ name: 'City Museum', type: 'community', note: 'robotics club' }],
        node: { maturity: 2 },
      },
      { submit: false },
    );
    await saveAnswers(
      t.store,
      token.a,
      {
        named: [
          { key: k('School B'), tieType: 'collaboration', strength: 4, frequency: 'monthly' },
          { key: k('Robo Ltd'), tieType: 'partnership', strength: 2 },
        ],
        added: [{ name: 'City Museum', type: 'community', note: 'robotics club' }],
        node: { maturity: 2 },
      },
      { submit: true },
    );
    const viewB = await openRespondentView(t.store, token.b);
    await saveAnswers(
      other,
      token.b,
      { named: [{ key: keyOf(viewB.roster, 'School A'), tieType: 'collaboration', strength: 2 }], node: { maturity: 4 } },
      { submit: true },
    );
    const viewC = await openRespondentView(t.store, token.c);
    await saveAnswers(t.store, token.c, { named: [{ key: keyOf(viewC.roster, 'Uni') }] }, { submit: false });
    expect((await openRespondentView(t.store, token.c)).state).toBe('draft');

    const { status } = await getSurveyStatus(t.store, 'region', 1);
    expect(status).toMatchObject({ total: 4, submitted: 2, drafts: 1, pending: 1, rate: 0.5 });
    expect(status.byRegion).toEqual([
      { group: 'North', total: 2, submitted: 2, rate: 1 },
      { group: 'South', total: 2, submitted: 0, rate: 0 },
    ]);
    expect(status.notAnswered.map((n) => [n.id, n.state])).toEqual([
      ['c', 'draft'],
      ['d', 'pending'],
    ]);
    expect(status.reciprocity).toEqual({ pairs: 1, confirmed: 1, oneSided: 0, share: 1 });
    expect(status.additions).toEqual([
      { key: 'a#0', respondent: 'a', respondentLabel: 'School A', name: 'City Museum', type: 'community', note: 'robotics club' },
    ]);

    await expect(closeSurvey(t.store, 'region', 1)).rejects.toThrow(/needs a decision/);
    const closed = await closeSurvey(t.store, 'region', 1, { review: { 'a#0': { action: 'add', id: 'museum' } }, waveDate: '2026-11-30' });
    expect(closed.version.number).toBe(2);
    expect(closed.summary.ties).toEqual({ named: 4, confirmed: 1, oneSided: 2, written: 3, droppedOneSided: 0 });

    const { dataset } = await loadWorkspaceDataset(t.store, 'region', 2);
    const wave = dataset.edges.filter((e) => e.attrs.survey === 1);
    expect(wave.map((e) => [e.source, e.target, e.type, e.weight, e.start, e.attrs.confirmed]).sort()).toEqual([
      ['a', 'b', 'collaboration', 3, '2026-11-30', true],
      ['a', 'co', 'partnership', 2, '2026-11-30', false],
      ['a', 'museum', 'collaboration', 1, '2026-11-30', false],
    ]);
    expect(wave.find((e) => e.target === 'b')!.attrs.frequency).toBe('monthly');
    const byId = new Map(dataset.nodes.map((n) => [n.id, n]));
    expect(byId.get('museum')).toMatchObject({ type: 'community', label: 'City Museum', attrs: { addedBy: 'a', addedInWave: 1 } });
    expect(byId.get('a')!.maturity).toBe(2);
    expect(byId.get('a')!.attrs['maturity_2026-11-30']).toBe(2);
    expect(byId.get('b')!.maturity).toBe(4);
    expect(byId.get('c')!.maturity).toBeUndefined(); // a draft does not count
    expect(dataset.edges.filter((e) => e.attrs.survey === undefined)).toHaveLength(3); // the base ties are kept

    // Closed: answers refused, links no longer open for writing; the audit log has the wave.
    await expect(saveAnswers(t.store, token.d, { named: [] }, { submit: true })).rejects.toThrow(/closed/);
    await expect(closeSurvey(t.store, 'region', 1)).rejects.toThrow(/already closed/);
    const actions = (await listAudit(t.store, { workspace: 'region' })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['survey.create', 'survey.links', 'survey.close']));
  }, 60_000);

  it('answers are checked against the roster and the scales, and a link works only for its own respondent', async () => {
    const s = await createSurvey(t.store, 'region', { title: 'Wave 2', respondents: { types: ['school'], regions: ['South'] }, frequency: [] });
    const [c, d] = await issueLinks(t.store, 'region', s.number);
    const view = await openRespondentView(t.store, c.token);
    const err = await saveAnswers(
      t.store,
      c.token,
      { named: [{ key: 'nope' }, { key: view.roster[0].key, strength: 9, frequency: 'daily' }], node: { maturity: 7, colour: 'x' } },
      { submit: true },
    ).catch((e) => e);
    expect(err.problems.map((p: { path: string }) => p.path)).toEqual(['named.0.key', 'named.1.frequency', 'named.1.strength', 'node.maturity', 'node.colour']);
    // A token answers only for its respondent: d's answers are untouched by c's save.
    await saveAnswers(t.store, c.token, { named: [{ key: view.roster[0].key }] }, { submit: true });
    expect((await openRespondentView(t.store, d.token)).answers).toBeNull();
    // Revoked and replaced links stop working.
    await revokeLinks(t.store, 'region', s.number, ['c']);
    await expect(openRespondentView(t.store, c.token)).rejects.toMatchObject({ reason: 'revoked' });
    const [d2] = await issueLinks(t.store, 'region', s.number, { respondents: ['d'] });
    await expect(openRespondentView(t.store, d.token)).rejects.toMatchObject({ reason: 'unknown' });
    expect((await openRespondentView(t.store, d2.token)).self.label).toBe('School D');
    await expect(openRespondentView(t.store, 'hs_' + 'x'.repeat(32))).rejects.toMatchObject({ reason: 'unknown' });
  }, 60_000);

  it('a wave closing while answers arrive: every accepted answer is in the version, none after it', async () => {
    const ds = DatasetSchema.parse({
      nodes: Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, type: 'school', label: `School ${i}` })),
      edges: [],
    });
    await saveVersion(t.store, 'race', ds, { createWorkspace: true });
    await createSurvey(t.store, 'race', { title: 'Race', nodeQuestions: [], strength: null, frequency: [] });
    const links = await issueLinks(t.store, 'race', 1);
    const roster = (await openRespondentView(t.store, links[0].token)).roster;
    const keyFor = new Map(roster.map((e) => [e.label, e.key]));
    keyFor.set('School 0', (await openRespondentView(t.store, links[1].token)).roster.find((e) => e.label === 'School 0')!.key);
    const attempts = links.map((l, i) => {
      const target = `School ${(i + 1) % 40}`;
      return saveAnswers(i % 2 ? other : t.store, l.token, { named: [{ key: keyFor.get(target)! }] }, { submit: true }).then(
        () => ({ from: l.respondent, ok: true, reason: undefined as string | undefined }),
        (e) => ({ from: l.respondent, ok: false, reason: e.reason as string | undefined }),
      );
    });
    const closing = closeSurvey(other, 'race', 1);
    const results = await Promise.all(attempts);
    const closed = await closing;
    for (const r of results) if (!r.ok) expect(r.reason).toBe('closed');
    const accepted = new Set(results.filter((r) => r.ok).map((r) => r.from));
    const { dataset } = await loadWorkspaceDataset(t.store, 'race', closed.version.number);
    expect(new Set(dataset.edges.map((e) => e.source))).toEqual(accepted);
    expect(dataset.edges).toHaveLength(accepted.size);
    expect(closed.summary.respondents.submitted).toBe(accepted.size);
  }, 120_000);
});
