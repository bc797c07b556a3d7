/** One spelling per store setting on the command line: `--db URL`, `--data DIR`; the older ones still work, with a notice. */
import { rmSync } from 'node:fs';
import { Command, type Option } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/program.ts';
import { freshPgliteDir } from '../store/engines.ts';
import { hubgraph } from './run-cli.ts';

/** Every leaf command of the CLI with its full name (`workspace import`). */
async function leafCommands(): Promise<{ name: string; options: readonly Option[] }[]> {
  const out: { name: string; options: readonly Option[] }[] = [];
  const walk = (c: Command, prefix: string) => {
    const name = prefix ? `${prefix} ${c.name()}` : c.name();
    if (!c.commands.length) out.push({ name, options: c.options });
    for (const sub of c.commands) walk(sub, name);
  };
  for (const entry of Object.values(COMMANDS)) {
    const program = new Command('hubgraph');
    (await entry.load()).register(program);
    for (const c of program.commands) walk(c, '');
  }
  return out;
}

let data: string;
beforeAll(async () => {
  data = await freshPgliteDir();
}, 120_000);
afterAll(() => rmSync(data, { recursive: true, force: true }));

describe('store flags', () => {
  it('every command that opens a store takes --db and --data, and the old spellings only as hidden aliases', async () => {
    const leaves = await leafCommands();
    const store = leaves.filter((c) => c.options.some((o) => o.long === '--data' || o.long === '--db'));
    expect(store.map((c) => c.name)).toEqual(expect.arrayContaining(['serve', 'workspace import', 'db status', 'analyze', 'token create', 'survey close']));
    for (const c of store) {
      const flag = (long: string) => c.options.find((o) => o.long === long);
      expect(flag('--db')?.hidden, `${c.name} --db`).toBe(false);
      expect(flag('--data')?.hidden, `${c.name} --data`).toBe(false);
      expect(flag('--database-url')?.hidden, `${c.name} --database-url`).toBe(true);
      expect(flag('--data-dir')?.hidden, `${c.name} --data-dir`).toBe(true);
    }
    // No command spells them any other way.
    const others = leaves.flatMap((c) => c.options.filter((o) => /^--(data|db|database)(-dir|-url)?$/.test(o.long ?? '')).map((o) => o.long));
    expect([...new Set(others)].sort()).toEqual(['--data', '--data-dir', '--database-url', '--db']);
  });

  it('--data-dir opens the same PGlite directory as --data, with a one-line notice', async () => {
    const now = await hubgraph('db', 'status', '--data', data, '--json');
    const old = await hubgraph('db', 'status', '--data-dir', data, '--json');
    expect([now.code, old.code]).toEqual([0, 0]);
    expect(JSON.parse(old.stdout)).toEqual(JSON.parse(now.stdout));
    expect(JSON.parse(old.stdout)).toMatchObject({ engine: 'pglite', location: data });
    expect(now.stderr).toBe('');
    expect(old.stderr).toBe('hubgraph: --data-dir is deprecated; use --data\n');
  });

  it.skipIf(!process.env.DATABASE_URL)('--database-url opens the server as --db does (skipped without DATABASE_URL)', async () => {
    const url = process.env.DATABASE_URL!;
    const now = await hubgraph('db', 'status', '--db', url, '--data', data, '--json');
    const old = await hubgraph('db', 'status', '--database-url', url, '--data', data, '--json');
    expect([now.code, old.code]).toEqual([0, 0]);
    expect(JSON.parse(old.stdout)).toMatchObject({ engine: 'postgres', location: JSON.parse(now.stdout).location });
    expect(old.stderr).toBe('hubgraph: --database-url is deprecated; use --db\n');
  });

  it('the help lists only --db and --data', async () => {
    const help = (await hubgraph('help', 'serve')).stdout;
    expect(help).toMatch(/--db <url>/);
    expect(help).toMatch(/--data <dir>/);
    expect(help).not.toMatch(/--data-dir|--database-url/);
  });
});
