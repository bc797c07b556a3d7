/**
 * The workspace the free-space tests write to (store and server): version 1, an open round with one
 * pair, and a survey with one submitted answer — so a round accept and a survey close each have a new
 * version to write.
 */
import { DatasetSchema } from '../../src/model/index.ts';
import type { Store } from '../../src/store/open.ts';
import { createRound } from '../../src/store/rounds.ts';
import { createSurvey, issueLinks, openRespondentView, saveAnswers } from '../../src/store/surveys.ts';
import { saveVersion } from '../../src/store/versions.ts';

export const MB = 2 ** 20;

const REGION = DatasetSchema.parse({
  nodes: [
    { id: 'a', type: 'school', label: 'School A', region: 'North' },
    { id: 'b', type: 'school', label: 'School B', region: 'North' },
    { id: 'c', type: 'school', label: 'School C', region: 'South' },
    { id: 'co', type: 'company', label: 'Robo Ltd', region: 'North' },
  ],
  edges: [{ source: 'a', target: 'co', type: 'partnership' }],
});

/** Version 1 of `ws`, an open round 1 with one pair, and survey 1 with one submitted answer. */
export async function seedRoundAndSurvey(store: Store, ws: string): Promise<void> {
  await saveVersion(store, ws, REGION, { createWorkspace: true, author: 'test' });
  await createRound(store, ws, { kind: 'partnership', name: 'spring', pairs: [{ left: 'a', right: 'c', score: 0.9 }] }, 'test');
  await createSurvey(store, ws, { title: 'Who do you work with?' });
  const [link] = await issueLinks(store, ws, 1, { respondents: ['a'] });
  const view = await openRespondentView(store, link.token);
  const b = view.roster.find((e) => e.label === 'School B')!.key;
  await saveAnswers(store, link.token, { named: [{ key: b, tieType: 'collaboration' }] }, { submit: true });
}
