/** One issue shape and one zod adapter; errors told apart by their kind, also across the worker boundary. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorKind, IssueSchema, zodIssues, zodIssueText } from '../../src/model/issue.ts';
import { parseMentorConfig } from '../../src/match/mentors.ts';
import { parsePartnerConfig } from '../../src/match/partners.ts';
import { ImportError, IssueCollector } from '../../src/io/errors.ts';
import { MatchInputError, issue } from '../../src/match/errors.ts';
import { ConflictError, NotFoundError, StoreError } from '../../src/store/errors.ts';
import { TaskError } from '../../src/server/worker-pool.ts';

describe('zodIssues', () => {
  it("locates every zod issue by dotted path with what was expected, in the user's terms", () => {
    const Schema = z.object({ name: z.string().min(1), weights: z.object({ region: z.number().max(5) }), kind: z.enum(['a', 'b']) }).strict();
    const r = Schema.safeParse({ name: '', weights: { region: 9 }, kind: 'c', extra: 1 });
    const issues = zodIssues(r.error!, { in: 'body', prefix: 'config' });
    expect(issues.map((i) => [i.path, i.expected])).toEqual([
      ['config.name', 'length ≥ 1'],
      ['config.weights.region', 'value ≤ 5'],
      ['config.kind', 'one of "a", "b"'],
      ['config', 'no keys other than the documented ones (got extra)'],
    ]);
    for (const i of issues) expect(IssueSchema.parse(i)).toEqual(i);
    expect(issues[0].in).toBe('body');
  });
});

describe('one issue shape', () => {
  it('is what io, match and the API produce', () => {
    const c = new IssueCollector();
    c.add('nodes.csv', 3, 'maturity', 9, 'an integer 1–5');
    const m = issue({ path: 'pairs[3].score', expected: 'a finite number', value: 'x' });
    for (const i of [...c.issues, m]) expect(IssueSchema.safeParse(i).success).toBe(true);
    expect(c.issues[0]).toMatchObject({ file: 'nodes.csv', line: 3, field: 'maturity', value: '9', expected: 'an integer 1–5' });
  });
});

describe('errorKind', () => {
  it('tells the error classes apart by kind, not by name', () => {
    expect(errorKind(new ImportError([]))).toBe('invalid-data');
    expect(errorKind(new MatchInputError([issue({ path: 'x', expected: 'y' })]))).toBe('invalid-data');
    expect(errorKind(new NotFoundError('no such workspace'))).toBe('not-found');
    expect(errorKind(new ConflictError('name taken'))).toBe('conflict');
    expect(errorKind(new StoreError('bad name', 'invalid'))).toBe('invalid');
    expect(errorKind(new StoreError('data dir locked'))).toBe('store');
    expect(errorKind(new Error('boom'))).toBeUndefined();
    expect(errorKind({ kind: 'made-up' })).toBeUndefined();
  });

  it('keeps the kind of an error raised in a worker (carried in details)', () => {
    const e = new ImportError([]);
    const crossed = new TaskError(e.message, e.name, JSON.parse(JSON.stringify({ kind: e.kind, issues: e.issues, total: e.total })));
    expect(errorKind(crossed)).toBe('invalid-data');
  });
});

describe('the adapters that remain go through zodIssues', () => {
  it('a bad matching config names the file, the JSON path and what was expected, in one pass', () => {
    let thrown: unknown;
    try {
      parseMentorConfig({ maxCandidates: 0, weights: { subjects: -1 }, rules: { hub: 'near' } }, 'config.json');
    } catch (e) {
      thrown = e;
    }
    expect(errorKind(thrown)).toBe('invalid-data');
    const issues = (thrown as MatchInputError).issues;
    expect(issues.map((i) => [i.file, i.field, i.expected])).toEqual([
      ['config.json', 'maxCandidates', 'value ≥ 1'],
      ['config.json', 'rules.hub', 'one of "any", "same", "different"'],
      ['config.json', 'weights.subjects', 'value ≥ 0'],
    ]);
    expect(() => parsePartnerConfig({ top: 0 }, 'p.json')).toThrow(/p\.json field "top", expected value ≥ 1/);
  });

  it('store and CLI messages quote the same paths (zodIssueText)', () => {
    const r = z.object({ a: z.object({ b: z.number() }) }).safeParse({ a: { b: 'x' } });
    expect(zodIssueText(r.error!, 'answers[2]')).toBe('answers[2].a.b: Invalid input: expected number, received string');
    expect(zodIssueText(z.number().safeParse('x').error!)).toBe('(root): Invalid input: expected number, received string');
  });
});
