import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, packageVersion } from '../../src/cli/program.ts';
import { hubgraph, hubgraphProcess } from './run-cli.ts';

describe('the lazy command table', () => {
  it('lists each command with the description its module registers', async () => {
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const program = new Command('hubgraph');
      (await entry.load()).register(program);
      const cmd = program.commands.find((c) => c.name() === name);
      expect(cmd, name).toBeDefined();
      expect(entry.summary, name).toBe(cmd!.description());
    }
  });

  it('--help lists every command without loading them; help <command> shows its options', async () => {
    const r = await hubgraph('--help');
    expect(r.code).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(r.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    const analyze = await hubgraph('help', 'analyze');
    expect(analyze.code).toBe(0);
    expect(analyze.stdout).toMatch(/--metrics <list>/);
    const unknown = await hubgraph('analyse');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'analyse'.*\n.*Did you mean analyze/);
  });
});

describe('as a real process (bin/hubgraph.js)', () => {
  it('prints the package version and runs a command with its exit codes', async () => {
    const v = await hubgraphProcess('--version');
    expect(v).toMatchObject({ code: 0, stdout: `${packageVersion()}\n` });
    const info = await hubgraphProcess('info', 'test/fixtures/reference/karate', '--json');
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ nodes: 34, edges: 78 });
    const usage = await hubgraphProcess('analyze', 'test/fixtures/reference/karate', '--metrics', 'nope');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--metrics: unknown nope/);
    const invalid = await hubgraphProcess('validate', 'test/fixtures/does-not-exist');
    expect(invalid.code).not.toBe(0);
  });
});

describe('usage errors with --json', () => {
  it("commander's unknown-option, choices, unknown-command and missing-argument errors print one JSON document on stderr, exit 2", async () => {
    const cases: [string[], RegExp][] = [
      [['analyze', 'test/fixtures/reference/karate', '--json', '--bogus'], /^unknown option '--bogus'/],
      [['match', 'mentors', 'data/sample', '--json', '--mode', 'bogus'], /argument 'bogus' is invalid\. Allowed choices are optimal, stable/],
      [['nosuch', '--json'], /^unknown command 'nosuch'/],
      [['workspace', 'export', 'only-a-name', '--json'], /missing required argument 'dir'/],
      // A usage error of our own (not commander's) has the same shape.
      [
        ['match', 'evaluate', 'data/sample', '--json', '--split', '2090-01-01'],
        /^--split: nothing to evaluate: split 2090-01-01 leaves no ties on or after it/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await hubgraph(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      const doc = JSON.parse(r.stderr);
      expect(doc, args.join(' ')).toEqual({ error: 'usage', message: expect.stringMatching(message) });
    }
  });

  it('without --json (or with it only after --) the same errors stay plain text with the help hint', async () => {
    const r = await hubgraph('analyze', 'test/fixtures/reference/karate', '--bogus');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: unknown option '--bogus'\n(run with --help for usage)\n");
    const after = await hubgraph('nosuch', '--', '--json');
    expect(after.code).toBe(2);
    expect(after.stderr).toMatch(/^error: unknown command 'nosuch'/);
  });
});
