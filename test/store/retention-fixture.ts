/** The retention scenario the store, HTTP and CLI tests share (issue 20: rounds' versions kept as aggregates). */
import { DatasetSchema, type DatasetInput } from '../../src/model/index.ts';
import { acceptRound, createRound, decidePairs, putCachedResult, saveVersion } from '../../src/store/index.ts';
import type { Store } from '../../src/store/open.ts';

export const ID = 'teacher-mari-3';
export const NAME = 'Mari Saar';

/** Two schools in two regions, two teachers; `withMari` false drops the teacher the round pairs. */
export function dataset(withMari: boolean): DatasetInput {
  return {
    meta: { name: 'retention test' },
    nodes: [
      { id: 's1', type: 'school', label: 'North School', region: 'North', maturity: 1 },
      { id: 's2', type: 'school', label: 'South School', region: 'South', maturity: 2 },
      { id: 'c1', type: 'company', label: 'Robotics Ltd', region: 'North' },
      ...(withMari ? [{ id: ID, type: 'teacher' as const, label: NAME, region: 'North' }] : []),
      { id: 't2', type: 'teacher', label: 'Jaan Tamm', region: 'South' },
    ],
    edges: [
      ...(withMari ? [{ source: ID, target: 's1', type: 'affiliation' as const }] : []),
      { source: 't2', target: 's2', type: 'affiliation' },
      { source: 'c1', target: 's1', type: 'collaboration' },
    ],
  };
}

/** Makes version `number` of `ws` `days` old. */
export const age = (store: Store, ws: string, number: number, days: number) =>
  store.db.query(
    `UPDATE dataset_versions SET created_at = now() - make_interval(days => $3) WHERE number = $2 AND workspace_id = (SELECT id FROM workspaces WHERE name = $1)`,
    [ws, number, days],
  );

/**
 * v1: an old import no round used. v2: Mari mentors South School in round 1 (accepted), Jaan's pair
 * declined. v3: the accept. v4: current, without Mari. v1–v3 are 400 days old.
 */
export async function programme(store: Store): Promise<void> {
  await saveVersion(store, 'w', DatasetSchema.parse(dataset(true)), { author: 'test', createWorkspace: true });
  const v2 = await saveVersion(store, 'w', DatasetSchema.parse(dataset(true)), { author: 'test' });
  await createRound(
    store,
    'w',
    {
      kind: 'mentoring',
      pairs: [
        { left: ID, right: 's2', score: 0.9, explanation: { text: `${NAME} mentors South School` } },
        { left: 't2', right: 's1', score: 0.4 },
      ],
    },
    'test',
  );
  await decidePairs(
    store,
    'w',
    1,
    [
      { left: ID, right: 's2', status: 'accepted' },
      { left: 't2', right: 's1', status: 'rejected' },
    ],
    'test',
  );
  await acceptRound(store, 'w', 1, { actor: 'test', date: '2025-09-01' });
  await putCachedResult(store, v2.id, 'analysis', {}, { nodes: [{ id: ID, label: NAME }] });
  await saveVersion(store, 'w', DatasetSchema.parse(dataset(false)), { author: 'test' });
  for (const n of [1, 2, 3]) await age(store, 'w', n, 400);
}
