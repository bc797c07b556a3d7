/**
 * A network without schools (a CORDIS-like project network: universities, companies, projects) is
 * not a network whose schools are all well connected: the isolated-schools list and school-level
 * mentoring say that there is no node typed school, and name the types there are.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubgraph } from './run-cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubgraph-no-schools-'));
  await writeFile(
    join(dir, 'nodes.csv'),
    'id,type,label\nu1,university,Uni One\nu2,university,Uni Two\nc1,company,Firm\np1,project,Project A\np2,project,Project B\n',
  );
  await writeFile(join(dir, 'edges.csv'), 'source,target,type\nu1,p1,participation\nu2,p1,participation\nc1,p2,participation\nu1,p2,participation\n');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const note = 'nodes typed school, and this network has none (its node types: university 2, project 2, company 1)';

describe('a network without schools', () => {
  it('analyze says the isolated-schools list has no school to rank, with the types it has', async () => {
    const r = await hubgraph('analyze', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Isolated and peripheral schools (0 isolated, 0 peripheral of 0 listed)');
    expect(r.stdout).toContain(`none: the list ranks ${note}. A type of your own that means school is read as one with --type-map.`);
    // The ranked tables show labels, so their first column is headed as what it is.
    expect(r.stdout).toMatch(/^node\s+type\s+betweenness$/m);
  });

  it('match mentors says school-level mentoring has no school to pair', async () => {
    const r = await hubgraph('match', 'mentors', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 of 0 mentees matched with 0 possible mentors (school level)');
    expect(r.stdout).toContain(`school-level mentoring pairs ${note}.`);
  });

  it('says nothing of the kind when the network has schools', async () => {
    const r = await hubgraph('match', 'mentors', join(new URL('../../', import.meta.url).pathname, 'data/sample'));
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('this network has none');
  });
});
