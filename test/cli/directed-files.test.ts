import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hubgraph } from './run-cli.ts';

/*
 * A directed file (NetworkX's advice digraph, written by NetworkX 2.8.8 in each format): the import
 * says plainly that direction is kept and that the analyses read ties as undirected, and every
 * export writes the direction back.
 */
const ADVICE = 'test/fixtures/peers/networkx/advice-digraph';
const SAYS = /Direction: all 4 ties are directed in this file\. hubgraph keeps each tie's direction .* but its analyses .* read every tie as undirected/;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubgraph-directed-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('directed files', () => {
  it.each(['graphml', 'gexf', 'gml', 'net'])('validate and info on a directed .%s say direction is kept and analyses read ties undirected', async (ext) => {
    const v = await hubgraph('validate', `${ADVICE}.${ext}`);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(SAYS);
    const info = await hubgraph('info', `${ADVICE}.${ext}`, '--json');
    expect(JSON.parse(info.stdout).import.directionSummary).toMatch(SAYS);
  });

  it('an undirected file and a CSV whose ties are directed only by their kind say nothing about it', async () => {
    const karate = await hubgraph('validate', 'test/fixtures/peers/networkx/karate.gml', '--json');
    expect(JSON.parse(karate.stdout).report.directionSummary).toBeNull();
    const sample = await hubgraph('validate', 'data/sample', '--json');
    expect(JSON.parse(sample.stdout).report.directionSummary).toBeNull();
  });

  it.each(['graphml', 'gexf', 'gml', 'pajek', 'gdf'])('convert --to %s writes the direction back', async (format) => {
    const out = join(dir, `advice.${format === 'pajek' ? 'net' : format}`);
    expect((await hubgraph('convert', `${ADVICE}.gml`, '--to', format, '--out', out)).code).toBe(0);
    const back = JSON.parse((await hubgraph('validate', out, '--json')).stdout).report;
    expect(back).toMatchObject({ edges: 4, directedEdges: 4 });
    expect(back.directionSummary).toMatch(SAYS);
  });
});
