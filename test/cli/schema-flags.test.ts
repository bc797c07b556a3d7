/** Options from one schema: each derived command has a flag per schema field whose help shows the schema's default, and the API query says the same. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, type Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ISOLATION_REASONS } from '../../src/analysis/isolation.ts';
import { ANALYZE_FLAGS } from '../../src/cli/commands/analyze.ts';
import { DIFF_FLAGS } from '../../src/cli/commands/diff.ts';
import { EVALUATE_CONFIG_FLAGS, EVALUATE_FLAGS, LEARNING_FLAGS, MENTOR_FLAGS, PARTNER_FLAGS } from '../../src/cli/commands/match.ts';
import { QAP_FLAGS } from '../../src/cli/commands/qap.ts';
import { SIGNIFICANCE_FLAGS } from '../../src/cli/commands/significance.ts';
import { COMMANDS } from '../../src/cli/program.ts';
import { flagKeys, nestedOptionsFromFlags, nestedSchemaFlags, type SchemaFlags } from '../../src/cli/schema-options.ts';
import { PartnerConfigSchema, PartnerLearningSchema } from '../../src/match/config.ts';
import { SCHOOL_PARTNER_TYPES } from '../../src/model/index.ts';
import { optionFields, shownDefault } from '../../src/model/option-fields.ts';
import { AnalysisQuery, analysisOptions, DiffQuery, diffOptions, QUERY_NAMES } from '../../src/server/routes/analysis.ts';
import { hubgraph, ROOT } from './run-cli.ts';

const DERIVED: Record<string, SchemaFlags<Record<string, z.ZodType>>> = {
  analyze: ANALYZE_FLAGS as unknown as SchemaFlags<Record<string, z.ZodType>>,
  significance: SIGNIFICANCE_FLAGS as unknown as SchemaFlags<Record<string, z.ZodType>>,
  qap: QAP_FLAGS as unknown as SchemaFlags<Record<string, z.ZodType>>,
  diff: DIFF_FLAGS as unknown as SchemaFlags<Record<string, z.ZodType>>,
  'match mentors': MENTOR_FLAGS as unknown as SchemaFlags<Record<string, z.ZodType>>,
  'match partners': PARTNER_FLAGS as unknown as SchemaFlags<Record<string, z.ZodType>>,
  'match evaluate': EVALUATE_FLAGS as unknown as SchemaFlags<Record<string, z.ZodType>>,
  // The learning settings, flattened (`learning.horizonYears` → --learning-horizon-years), on both partner commands.
  'match partners (learning)': LEARNING_FLAGS.flags,
  'match evaluate (learning)': LEARNING_FLAGS.flags,
};

/** Every leaf of a nested schema a flag can carry (flagKeys' rule), as a path (`learning.trees.depth`). */
function leafPaths(schema: z.ZodObject<Record<string, z.ZodType>>, at: string[]): string[][] {
  return Object.entries(schema.shape).flatMap(([key, field]) => {
    let s = field as z.ZodType;
    while (['optional', 'default', 'prefault', 'nullable'].includes(s._zod.def.type)) s = (s._zod.def as unknown as { innerType: z.ZodType }).innerType;
    if (s instanceof z.ZodObject) return leafPaths(s as z.ZodObject<Record<string, z.ZodType>>, [...at, key]);
    return flagKeys(z.object({ leaf: field })).length ? [[...at, key]] : [];
  });
}

/** The options of `name` (a command, or `group sub`), registered as the CLI does. */
async function commandOptions(name: string): Promise<readonly Option[]> {
  const [group, sub] = name.split(' ');
  const program = new Command('hubgraph');
  (await COMMANDS[group].load()).register(program);
  const cmd = program.commands.find((c) => c.name() === group)!;
  return (sub ? cmd.commands.find((c) => c.name() === sub)! : cmd).options;
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

describe('flags derived from the options schema', () => {
  for (const [name, spec] of Object.entries(DERIVED)) {
    it(`${name}: every schema field has a flag, with the schema's help text, default and choices`, async () => {
      expect([...spec.keys].sort()).toEqual(Object.keys(spec.schema.shape).sort());
      const options = await commandOptions(name);
      for (const f of optionFields(spec.schema, spec.keys)) {
        const flag = spec.overrides?.[f.key]?.flag ?? kebab(f.key);
        const long = f.kind === 'boolean' && f.default === true ? `--no-${flag}` : `--${flag}`;
        const option = options.find((o) => o.long === long);
        expect(option, `${name} ${long}`).toBeDefined();
        expect(option!.description, `${name} ${long}`).toContain(f.description!);
        if (f.default !== undefined && f.default !== false) expect(option!.description, `${name} ${long}`).toContain(shownDefault(f.default));
        if (f.kind === 'enum') expect(option!.argChoices, `${name} ${long}`).toEqual(f.choices);
      }
    });
  }

  it('the analysis API query describes each option as the CLI help does (same text, same default)', async () => {
    const options = await commandOptions('analyze');
    const shape = AnalysisQuery.shape as Record<string, z.ZodType>;
    const checked: string[] = [];
    for (const f of optionFields(ANALYZE_FLAGS.schema, ANALYZE_FLAGS.keys)) {
      const param = (QUERY_NAMES as Record<string, string>)[f.key] ?? f.key;
      if (!shape[param]) continue;
      const flag = ANALYZE_FLAGS.overrides?.[f.key as keyof typeof ANALYZE_FLAGS.overrides]?.flag ?? kebab(f.key);
      const cli = options.find((o) => o.long === `--${flag}` || o.long === `--no-${flag}`)!;
      expect(shape[param].description).toBe(`${f.description}${shownDefault(f.default)}`);
      expect(cli.description.startsWith(shape[param].description!), param).toBe(true);
      checked.push(param);
    }
    expect(checked).toEqual(
      expect.arrayContaining(['weighted', 'communities', 'tries', 'seed', 'isolatedThreshold', 'maxHubDistance', 'partnerTypes', 'weights', 'exact', 'budget']),
    );
  });

  it('the temporal diff API query takes the community settings of hubgraph diff, described alike', async () => {
    const options = await commandOptions('diff');
    const shape = DiffQuery.shape as Record<string, z.ZodType>;
    for (const [param, flag] of [
      ['communities', '--communities'],
      ['resolution', '--resolution'],
      ['seed', '--seed'],
      ['tries', '--tries'],
      ['weighted', '--no-weighted'],
    ]) {
      const cli = options.find((o) => o.long === flag)!;
      expect(shape[param].description, param).toBeTruthy();
      expect(cli.description.startsWith(shape[param].description!), param).toBe(true);
    }
    const q = DiffQuery.parse({ from: '2022-01-01', to: '2023-01-01', communities: 'louvain', tries: '3' });
    expect(diffOptions(q)).toEqual({
      from: '2022-01-01',
      to: '2023-01-01',
      weighted: true,
      communities: { method: 'louvain', resolution: 1, seed: 1, tries: 3 },
    });
    for (const bad of [{ tries: '0' }, { communities: 'girvan' }, { resolution: '-1' }]) {
      const r = DiffQuery.safeParse({ from: '2022-01-01', to: '2023-01-01', ...bad });
      expect(r.success, JSON.stringify(bad)).toBe(false);
      expect(r.error!.issues[0].path[0]).toBe(Object.keys(bad)[0]);
    }
  });

  it('isolation thresholds are reachable from the CLI', async () => {
    const sample = join(ROOT, 'data/sample');
    const statuses = async (...flags: string[]) => {
      const r = await hubgraph('analyze', sample, '--metrics', 'isolation', '--json', ...flags);
      expect(r.code, r.stderr).toBe(0);
      return new Set((JSON.parse(r.stdout).isolation as { status: string }[]).map((e) => e.status));
    };
    expect((await statuses()).size).toBeGreaterThan(1);
    expect([...(await statuses('--isolated-threshold', '0', '--peripheral-threshold', '0'))]).toEqual(['isolated']);
    const bad = await hubgraph('analyze', sample, '--isolated-threshold', '2');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--isolated-threshold/);
  });

  it('isolation reason weights and partner types are reachable from the CLI (key=value and comma lists)', async () => {
    const sample = join(ROOT, 'data/sample');
    const isolation = async (...flags: string[]) => {
      const r = await hubgraph('analyze', sample, '--metrics', 'isolation', '--json', ...flags);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).isolation as { status: string; reasons: { code: string; weight: number }[] }[];
    };
    const base = await isolation();
    const zero = ISOLATION_REASONS.map((c) => `${c}=0`).join(',');
    expect(new Set((await isolation('--weights', zero)).map((e) => e.status))).toEqual(new Set(['connected']));
    const farHub = (await isolation('--weights', 'far-from-hub=0.9')).flatMap((e) => e.reasons).filter((r) => r.code === 'far-from-hub');
    expect(farHub.length).toBeGreaterThan(0);
    expect(farHub.every((r) => r.weight === 0.9)).toBe(true);
    const noPartner = (list: typeof base) => list.filter((e) => e.reasons.some((r) => r.code === 'no-partner-nearby')).length;
    expect(noPartner(await isolation('--partner-types', 'public'))).toBeGreaterThan(noPartner(base));
    for (const [flags, message] of [
      [['--weights', 'bogus=1'], /--weights: unknown bogus/],
      [['--weights', 'inactive'], /--weights "inactive": expected key=number/],
      [['--weights', 'inactive=2'], /--weights/],
      [['--partner-types', 'company,dragon'], /--partner-types: unknown dragon/],
    ] as const) {
      const bad = await hubgraph('analyze', sample, ...flags);
      expect(bad.code, flags.join(' ')).toBe(2);
      expect(bad.stderr).toMatch(message);
    }
  });

  it('isolation reason weights and partner types are reachable from the analysis API query', () => {
    const q = AnalysisQuery.parse({ weights: 'inactive=0, far-from-hub=0.3', partnerTypes: 'company,hub' });
    expect(analysisOptions(q)).toMatchObject({ weights: { inactive: 0, 'far-from-hub': 0.3 }, partnerTypes: ['company', 'hub'] });
    expect(analysisOptions(AnalysisQuery.parse({})).partnerTypes).toEqual([...SCHOOL_PARTNER_TYPES]);
    for (const bad of [{ weights: 'bogus=1' }, { weights: 'inactive' }, { weights: 'inactive=2' }, { partnerTypes: 'dragon' }]) {
      const r = AnalysisQuery.safeParse(bad);
      expect(r.success, JSON.stringify(bad)).toBe(false);
      expect(r.error!.issues[0].path[0]).toBe(Object.keys(bad)[0]);
    }
  });

  it('match flags override the config file only when typed: the file keeps what was not given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hubgraph-flags-'));
    try {
      const mentorFile = join(dir, 'mentors.json');
      await writeFile(mentorFile, JSON.stringify({ maxCardinality: false, mentorMinMaturity: 3, rules: { country: 'same' } }));
      const mentors = async (...flags: string[]) => {
        const r = await hubgraph('match', 'mentors', 'data/sample', '--config', mentorFile, '--json', ...flags);
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(r.stdout).config;
      };
      // --no-max-cardinality defaults to true in commander: not typed, it must not override the file's false.
      expect(await mentors()).toMatchObject({ maxCardinality: false, mentorMinMaturity: 3, menteeMaxMaturity: 2, rules: { country: 'same' } });
      expect(await mentors('--mentor-min-maturity', '5', '--level', 'teacher')).toMatchObject({
        maxCardinality: false,
        mentorMinMaturity: 5,
        level: 'teacher',
        rules: { country: 'same' },
      });
      const partnerFile = join(dir, 'partners.json');
      await writeFile(partnerFile, JSON.stringify({ top: 3, linkScore: 'jaccard', scoring: 'weights' }));
      const partners = async (...flags: string[]) => {
        const r = await hubgraph('match', 'partners', 'data/sample', '--config', partnerFile, '--json', ...flags);
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(r.stdout) as { suggestions: { top: unknown[] }[] };
      };
      expect(Math.max(...(await partners()).suggestions.map((x) => x.top.length))).toBe(3);
      expect(Math.max(...(await partners('--top', '1')).suggestions.map((x) => x.top.length))).toBe(1);
      for (const [args, message] of [
        [['mentors', '--mentor-min-maturity', '9'], /--mentor-min-maturity/],
        [['partners', '--top', 'two'], /--top "two": expected a number/],
        [['partners', '--top', '0'], /--top/],
        [['partners', '--partner-types', 'school,dragon'], /--partner-types: unknown dragon/],
      ] as const) {
        const bad = await hubgraph('match', ...args, 'data/sample');
        expect(bad.code, args.join(' ')).toBe(2);
        expect(bad.stderr).toMatch(message);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('match evaluate: a flag for every partner-config field a flag can carry, with its help and default; the rest are config-file only', async () => {
    const options = await commandOptions('match evaluate');
    const shape = PartnerConfigSchema.shape as Record<string, z.ZodType>;
    const flagged = new Set<string>(EVALUATE_CONFIG_FLAGS.keys);
    for (const key of Object.keys(shape)) {
      let field: ReturnType<typeof optionFields>[number] | undefined;
      try {
        [field] = optionFields(PartnerConfigSchema, [key as keyof typeof PartnerConfigSchema.shape & string]);
      } catch {
        field = undefined;
      }
      if (!flagged.has(key)) {
        // Only nested objects, string→list records and arrays of id pairs stay out.
        expect(field === undefined || (field.kind === 'array' && !field.choices && JSON.stringify(field.default) === '[]'), key).toBe(true);
        continue;
      }
      const f = field!;
      const flag = EVALUATE_CONFIG_FLAGS.overrides?.[f.key as keyof typeof EVALUATE_CONFIG_FLAGS.overrides]?.flag ?? kebab(f.key);
      const long = f.kind === 'boolean' && f.default === true ? `--no-${flag}` : `--${flag}`;
      const option = options.find((o) => o.long === long);
      expect(option, long).toBeDefined();
      expect(option!.description, long).toContain(f.description!);
      if (f.default !== undefined && f.default !== false) expect(option!.description, long).toContain(shownDefault(f.default));
    }
    expect([...flagged]).toEqual(expect.arrayContaining([...PARTNER_FLAGS.keys]));
    // No flag is registered twice (the evaluation's own and the config's).
    const longs = options.map((o) => o.long);
    expect(new Set(longs).size).toBe(longs.length);
  });

  it('match evaluate takes its settings and the partner config from flags, naming a bad one', async () => {
    const run = async (...flags: string[]) => {
      const r = await hubgraph('match', 'evaluate', 'data/sample', '--json', ...flags);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { k: number; split: string; scores: { score: string; auc: number | null }[] };
    };
    const a = await run('--split', '2024-09-01', '--k', '3');
    expect(a).toMatchObject({ k: 3, split: '2024-09-01' });
    const jac = await run('--split', '2024-09-01', '--link-score', 'jaccard', '--scoring', 'weights');
    expect(jac.scores.map((x) => x.score)).toContain('combined');
    for (const [args, message] of [
      [['--split', '2024-13-40'], /--split/],
      [['--split', '2024-09-01', '--k', '0'], /--k/],
      [['--split', '2024-09-01', '--link-score', 'magic'], /--link-score/],
    ] as const) {
      const bad = await hubgraph('match', 'evaluate', 'data/sample', ...args);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stderr).toMatch(message);
    }
  });

  it('the learning settings: a flag for every field of the learning schema at any depth, none named by hand', () => {
    // Every learning field a flag can carry (all of them today) has its flag, mapped back to its path.
    expect(
      Object.values(LEARNING_FLAGS.paths)
        .map((p) => p.join('.'))
        .sort(),
    ).toEqual(
      leafPaths(PartnerLearningSchema as unknown as z.ZodObject<Record<string, z.ZodType>>, ['learning'])
        .map((p) => p.join('.'))
        .sort(),
    );
    // The trees' settings, added to the schema after the flags were written, have theirs.
    expect(LEARNING_FLAGS.flags.keys).toEqual(expect.arrayContaining(['learningLearner', 'learningTreesDepth', 'learningTreesCount', 'learningObjective']));
    // A field added to the schema, nested or not, gets its flag without a list to update.
    const grown = nestedSchemaFlags(
      z.object({
        ...PartnerLearningSchema.shape,
        sampler: z.enum(['uniform', 'hard']).default('uniform').describe('Negative sampling'),
        forest: z.object({ depth: z.number().int().min(1).default(3).describe('Tree depth'), rounds: z.number().int().default(50) }).prefault({}),
      }) as unknown as z.ZodObject<Record<string, z.ZodType>>,
      ['learning'],
    );
    expect(grown.flags.keys).toEqual(expect.arrayContaining(['learningSampler', 'learningForestDepth', 'learningForestRounds', 'learningObjective']));
    expect(nestedOptionsFromFlags(grown, { learningForestDepth: '4', learningSampler: 'hard', learningHorizonYears: '2' })).toEqual({
      learning: { forest: { depth: 4 }, sampler: 'hard', horizonYears: 2 },
    });
    expect(() => nestedOptionsFromFlags(grown, { learningForestDepth: '0' })).toThrow(/--learning-forest-depth/);
  });

  it('match partners and match evaluate take the learning settings from flags: a flag beats the config file, which keeps the rest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hubgraph-learning-'));
    try {
      const file = join(dir, 'partners.json');
      await writeFile(file, JSON.stringify({ scoring: 'learned', learning: { objective: 'lambda', windows: 2 } }));
      const p = await hubgraph('match', 'partners', 'data/sample', '--config', file, '--top', '1', '--json', '--learning-objective', 'per-organisation');
      expect(p.code, p.stderr).toBe(0);
      const doc = JSON.parse(p.stdout) as { config: { learning: Record<string, unknown> }; scoring: { model?: { objective: string; windows: number } } };
      expect(doc.config.learning).toMatchObject({ objective: 'per-organisation', windows: 2, horizonYears: 1 });
      expect(doc.scoring.model).toMatchObject({ objective: 'per-organisation', windows: 2 });
      const e = await hubgraph('match', 'evaluate', 'data/sample', '--split', '2024-09-01', '--bootstrap', '0', '--json', '--learning-windows', '2');
      expect(e.code, e.stderr).toBe(0);
      expect(JSON.parse(e.stdout).scoring.model).toMatchObject({ objective: 'pairs', windows: 2 });
      for (const [args, message] of [
        [['partners', '--learning-objective', 'magic'], /--learning-objective.*magic.*pairs, per-organisation, lambda, two-part/],
        [['partners', '--learning-windows', '0'], /--learning-windows/],
        [['evaluate', '--split', '2024-09-01', '--learning-features', 'adamicAdar,dragon'], /--learning-features: unknown dragon; expected some of/],
        [['evaluate', '--split', '2024-09-01', '--learning-horizon-years', 'soon'], /--learning-horizon-years "soon": expected a number/],
      ] as const) {
        const bad = await hubgraph('match', ...args, 'data/sample');
        expect(bad.code, args.join(' ')).toBe(2);
        expect(bad.stderr).toMatch(message);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('qap and significance name a bad flag by its derived name', async () => {
    const q = await hubgraph('qap', join(ROOT, 'data/sample'), '--permutations', 'many');
    expect(q.code).toBe(2);
    expect(q.stderr).toMatch(/--permutations "many": expected a number/);
    const s = await hubgraph('significance', join(ROOT, 'data/sample'), '--swaps', '0');
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/--swaps/);
  });
});
