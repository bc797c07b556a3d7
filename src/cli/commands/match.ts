import { Option, type Command } from 'commander';
import type { z } from 'zod';
import { MentorConfigSchema, PartnerConfigSchema, PartnerLearningSchema } from '../../match/config.ts';
import { writeDataset } from '../../io/export.ts';
import { ImportError, IssueCollector } from '../../io/errors.ts';
import { VersionEvaluateRequestSchema } from '../../match/evaluate-options.ts';
import { evaluateVersion } from '../../match/evaluate-version.ts';
import { evaluationText, scoringText, StdoutChunks, streamJson, withProgressAsync, withProgressBar } from './match-partners-text.ts';
import { mentorPairsCsv, withProposedMentoring } from '../../match/export.ts';
import { simulateImpact, type ImpactReport } from '../../match/impact.ts';
import { parsePreferencesCsv } from '../../match/input.ts';
import { matchMentors, parseMentorConfig } from '../../match/mentors.ts';
import { parsePartnerConfig, planPartners } from '../../match/partners.ts';
import { matchMentorsStable, STABLE_NOTE } from '../../match/stable.ts';
import { createRound, type RoundInfo } from '../../store/index.ts';
import { mentorRound, partnerRound } from '../../store/match-rounds.ts';
import { action, addSourceOptions, emit, fmt, readText, table, UsageError, writeAtomic, type SourceOptions } from '../output.ts';
import {
  addSchemaOptions,
  flagKeys,
  givenOnCommandLine,
  nestedOptionsFromFlags,
  nestedSchemaFlags,
  optionsFromFlags,
  schemaFlags,
  type SchemaFlags,
} from '../schema-options.ts';
import { addWorkspaceSourceOptions, withInput, type LoadedInput, type WorkspaceSourceFlags } from '../source.ts';
import { absentTypeNote } from '../absent-type.ts';
import { IMPACT_INDICATORS } from '../../model/index.ts';

/** `match mentors` flags that override the config file's top-level settings; help and defaults from MentorConfigSchema. */
export const MENTOR_FLAGS = schemaFlags({
  schema: MentorConfigSchema.pick({
    level: true,
    mentorMinMaturity: true,
    menteeMaxMaturity: true,
    idealMaturityGap: true,
    distanceScaleKm: true,
    defaultCapacity: true,
    maxCardinality: true,
    maxCandidates: true,
  }),
  keys: ['level', 'mentorMinMaturity', 'menteeMaxMaturity', 'idealMaturityGap', 'distanceScaleKm', 'defaultCapacity', 'maxCardinality', 'maxCandidates'],
  overrides: { level: { value: 'level' }, distanceScaleKm: { value: 'km' } },
});

/** `match partners` flags that override the config file's top-level settings; help and defaults from PartnerConfigSchema. */
export const PARTNER_FLAGS = schemaFlags({
  schema: PartnerConfigSchema.pick({
    top: true,
    scoring: true,
    linkScore: true,
    companyTypes: true,
    partnerTypes: true,
    maxCandidates: true,
    defaultCapacity: true,
    partnerCapacity: true,
    recencyHalfLifeYears: true,
    distanceScaleKm: true,
    region: true,
    country: true,
  }),
  keys: [
    'top',
    'scoring',
    'linkScore',
    'companyTypes',
    'partnerTypes',
    'maxCandidates',
    'defaultCapacity',
    'partnerCapacity',
    'recencyHalfLifeYears',
    'distanceScaleKm',
    'region',
    'country',
  ],
  overrides: { recencyHalfLifeYears: { value: 'years' }, distanceScaleKm: { value: 'km' }, region: { value: 'rule' }, country: { value: 'rule' } },
});

/** `match evaluate`'s own settings as the API takes them (split, k, seed, …; the split may be left to chooseSplit). */
const EvaluateSettingsSchema = VersionEvaluateRequestSchema.omit({ config: true });

/** `match evaluate`'s own settings (split, k, seed): every field of its schema, none listed by hand. */
export const EVALUATE_FLAGS = schemaFlags({
  schema: EvaluateSettingsSchema,
  keys: flagKeys(EvaluateSettingsSchema),
  overrides: { split: { value: 'date' } },
});

/**
 * `match evaluate` flags for the partner config it scores with: every PartnerConfigSchema field a
 * flag can carry (flagKeys), so a setting added to the schema can be evaluated without a config file.
 */
export const EVALUATE_CONFIG_FLAGS = schemaFlags({
  schema: PartnerConfigSchema,
  keys: flagKeys(PartnerConfigSchema),
  overrides: PARTNER_FLAGS.overrides,
});

/**
 * `match partners` and `match evaluate` flags for the learned score's settings: every field of the
 * learning schema at any depth, `--learning-<path>` (`--learning-objective`, `--learning-horizon-years`),
 * none listed by hand, so a field added to PartnerLearningSchema gets its flag.
 */
export const LEARNING_FLAGS = nestedSchemaFlags(PartnerLearningSchema, ['learning']);

/** The flags typed for the partner config: its top-level settings (`top`) and the learning ones, nested as the config has them. */
function partnerFlags<S extends Record<string, z.ZodType>>(spec: SchemaFlags<S>, typed: Record<string, unknown>): Record<string, unknown> {
  return { ...optionsFromFlags(spec.schema, spec.keys, typed, spec.overrides), ...nestedOptionsFromFlags(LEARNING_FLAGS, typed) };
}

/** A JSON config file; syntax errors name the file. */
async function readConfig(path: string | undefined): Promise<unknown> {
  if (!path) return {};
  const text = await readText(path, 'config');
  try {
    return JSON.parse(text);
  } catch (e) {
    const c = new IssueCollector();
    c.add(path, undefined, undefined, undefined, `valid JSON (${(e as Error).message})`);
    throw new ImportError(c.issues, c.total);
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

/**
 * The config file's settings with the flags the user typed on top, nested objects merged (a
 * `--learning-windows` keeps the file's `learning.objective`); a file or part that is not an object is
 * left for the parser to report.
 */
function withFlags(raw: unknown, given: Record<string, unknown>): unknown {
  if (!Object.keys(given).length || !isObject(raw)) return raw;
  const out: Record<string, unknown> = { ...raw };
  for (const [key, value] of Object.entries(given)) {
    if (!isObject(value)) out[key] = value;
    else if (out[key] === undefined || isObject(out[key])) out[key] = withFlags(out[key] ?? {}, value);
  }
  return out;
}

function impactText(r: ImpactReport): string {
  const rows = IMPACT_INDICATORS.map(({ key, label }) => [label, r.before[key], r.after[key], r.delta[key]]);
  return [table(['indicator', 'before', 'after', 'change'], rows), r.noLongerIsolated.length ? `no longer isolated: ${r.noLongerIsolated.join(', ')}` : '']
    .filter(Boolean)
    .join('\n');
}

interface MentorOptions extends SourceOptions, WorkspaceSourceFlags {
  config?: string;
  mode: 'optimal' | 'stable';
  preferences?: string;
  impact?: boolean;
  csv?: string;
  exportDataset?: string;
  name?: string;
}
interface PartnerOptions extends SourceOptions, WorkspaceSourceFlags {
  config?: string;
  impact?: boolean;
  name?: string;
}
interface EvaluateOptions extends SourceOptions, WorkspaceSourceFlags {
  config?: string;
}

/** `hubgraph match mentors|partners|evaluate <source>`. */
function roundText(r: RoundInfo): string {
  return `stored as round ${r.number} of workspace "${r.workspace}" (on version ${r.version}); decide with: hubgraph workspace decide "${r.workspace}" ${r.number} …`;
}

export function register(program: Command): void {
  const match = program.command('match').description('matchmaking: mentor matches, partner pairings, their evaluation and impact');

  const mentors = addWorkspaceSourceOptions(
    addSourceOptions(
      match
        .command('mentors')
        .argument('[source]', 'folder with nodes.csv + edges.csv, or a .json / .gexf / .graphml file (or use --workspace)')
        .description('optimal (or stable) mentor matching with explanations, unmatched reasons and network impact')
        .option('--config <file>', 'JSON matching config (rules, weights, thresholds; see the JSON Schema); the flags below override it')
        .addOption(
          new Option('--mode <mode>', 'optimal: maximum total score; stable: deferred acceptance on ranked preferences')
            .choices(['optimal', 'stable'])
            .default('optimal'),
        )
        .option('--preferences <file>', 'with --mode stable: CSV from,to,rank (1 = first choice)')
        .option('--impact', 'apply the pairs to a copy of the network and report the changes')
        .option('--csv <out>', 'write the pairs and the unmatched to a CSV for programme leads')
        .option('--export-dataset <dir>', 'write the dataset with the pairs added as proposed mentoring edges (CSV folder)')
        .option('--name <name>', 'with --workspace: a name for the stored round'),
    ),
  );
  addSchemaOptions(mentors, MENTOR_FLAGS.schema, MENTOR_FLAGS.keys, MENTOR_FLAGS.overrides).action(
    action(async (source: string | undefined, opts: MentorOptions, cmd: Command) => {
      if (opts.mode === 'stable' && !opts.preferences) throw new UsageError('--mode stable needs --preferences FILE');
      if (opts.mode !== 'stable' && opts.preferences) throw new UsageError('--preferences is only used with --mode stable');
      const raw = await readConfig(opts.config);
      const given = optionsFromFlags(MENTOR_FLAGS.schema, MENTOR_FLAGS.keys, givenOnCommandLine(cmd), MENTOR_FLAGS.overrides);
      const config = parseMentorConfig(withFlags(raw, given), opts.config);
      const preferences = opts.mode === 'stable' ? parsePreferencesCsv(await readText(opts.preferences!, 'preferences'), opts.preferences!) : undefined;
      let round: RoundInfo | undefined;
      const { dataset, result } = await withInput(
        source,
        opts,
        async (input: LoadedInput) => {
          const result = preferences ? matchMentorsStable(input.dataset, config, preferences, { file: opts.preferences }) : matchMentors(input.dataset, config);
          if (input.store)
            round = await createRound(
              input.store,
              opts.workspace!,
              mentorRound(
                { pairs: result.pairs, config, unmatched: result.unmatched, ineligible: 'ineligible' in result ? result.ineligible : undefined },
                { name: opts.name, version: input.version!.number },
              ),
              opts.as,
            );
          return { dataset: input.dataset, result };
        },
        false,
      );
      const impact = opts.impact
        ? simulateImpact(
            dataset,
            result.pairs.map((p) => ({ source: p.mentor, target: p.mentee })),
          )
        : undefined;
      if (opts.csv) await writeAtomic(opts.csv, mentorPairsCsv(result));
      if (opts.exportDataset) await writeDataset(withProposedMentoring(dataset, result.pairs), 'csv', opts.exportDataset);
      const { config: _omit, ...doc } = result as typeof result & { config?: unknown };
      emit(opts, { source: source ?? null, ...(round ? { round } : {}), ...doc, config, ...(impact ? { impact } : {}) }, () => {
        const out: string[] = [];
        out.push(
          table(
            ['mentor', 'mentee', 'score', 'why'],
            result.pairs.map((p) => [p.mentorLabel, p.menteeLabel, p.score, p.explanation]),
          ),
        );
        if (result.unmatched.length)
          out.push(
            '',
            table(
              ['unmatched mentee', 'reason'],
              result.unmatched.map((u) => [u.label, u.reason]),
            ),
          );
        if ('ineligible' in result && result.ineligible.length)
          out.push(
            '',
            `INELIGIBLE (${result.ineligible.length}): neither mentor nor mentee under the maturity rules`,
            table(
              [`${config.level}`, 'reason'],
              result.ineligible.map((u) => [u.label, u.reason]),
            ),
          );
        const s = result.summary;
        out.push(
          '',
          `${s.matched} of ${s.mentees} mentees matched with ${s.mentors} possible mentors (${config.level} level), total score ${fmt(s.totalScore)}`,
        );
        const absent = s.mentees + s.mentors === 0 && absentTypeNote(config.level, dataset.nodes, `${config.level}-level mentoring pairs`);
        if (absent) out.push(absent);
        if (result.mode === 'stable') {
          out.push(
            result.stability.stable
              ? 'stable: no mentee and mentor would both rather be together (no blocking pair)'
              : `NOT stable: ${result.stability.blockingPairs.length} blocking pairs`,
          );
          out.push(`${STABLE_NOTE} Maximum total score here: ${fmt(result.summary.optimalTotalScore)}.`);
        }
        for (const w of result.warnings) out.push(`warning: ${w}`);
        if (impact) out.push('', impactText(impact));
        if (opts.csv) out.push(`wrote ${opts.csv}`);
        if (opts.exportDataset) out.push(`wrote the dataset with ${result.pairs.length} proposed mentoring edges to ${opts.exportDataset}`);
        if (round) out.push(roundText(round));
        return out.join('\n');
      });
    }),
  );

  const partners = addWorkspaceSourceOptions(
    addSourceOptions(
      match
        .command('partners')
        .argument('[source]', 'folder with nodes.csv + edges.csv, or a .json / .gexf / .graphml file (or use --workspace)')
        .description('company ↔ school / VET / university suggestions (top-N) and a global capacitated pairing')
        .option('--config <file>', 'JSON partner config (types, weights, link score, rules); the flags below override it')
        .option('--impact', 'apply the global pairing to a copy of the network and report the changes')
        .option('--name <name>', 'with --workspace: a name for the stored round'),
    ),
  );
  addSchemaOptions(partners, PARTNER_FLAGS.schema, PARTNER_FLAGS.keys, PARTNER_FLAGS.overrides);
  addSchemaOptions(partners, LEARNING_FLAGS.flags.schema, LEARNING_FLAGS.flags.keys, LEARNING_FLAGS.flags.overrides).action(
    action(async (source: string | undefined, opts: PartnerOptions, cmd: Command) => {
      const raw = await readConfig(opts.config);
      const given = partnerFlags(PARTNER_FLAGS, givenOnCommandLine(cmd));
      const config = parsePartnerConfig(withFlags(raw, given), opts.config);
      let round: RoundInfo | undefined;
      const { dataset, r } = await withInput(
        source,
        opts,
        async (input: LoadedInput) => {
          const r = withProgressBar(opts, 'scoring companies', (onProgress) => planPartners(input.dataset, config, { onProgress }));
          if (input.store)
            round = await createRound(input.store, opts.workspace!, partnerRound(r, { name: opts.name, version: input.version!.number }), opts.as);
          return { dataset: input.dataset, r };
        },
        false,
      );
      const labelOf = new Map(dataset.nodes.map((n) => [n.id, n.label ?? n.id]));
      const impact = opts.impact
        ? simulateImpact(
            dataset,
            r.pairing.pairs.map((p) => ({ source: p.company, target: p.partner })),
            { edgeType: 'partnership' },
          )
        : undefined;
      // Written one organisation at a time: at national size neither the JSON document nor the text fits in one string.
      const out = new StdoutChunks();
      await withProgressAsync(opts, 'writing suggestions', async (onProgress) => {
        const tick = onProgress && ((done: number) => onProgress(done, r.organisations));
        if (opts.json) {
          const { suggestions, organisations: _n, ...rest } = r;
          await streamJson(
            { source: source ?? null, ...(round ? { round } : {}), suggestions: [], ...rest, ...(impact ? { impact } : {}) },
            'suggestions',
            suggestions(),
            out,
            tick,
          );
          return;
        }
        let done = 0;
        for (const s of r.suggestions()) {
          tick?.(++done);
          if (!config.companyTypes.includes(s.type)) continue;
          const lines = [`${s.label} (${s.id})`];
          for (const t of s.top) lines.push(`  ${fmt(t.score).padStart(6)}  ${t.label} [${t.type}] — ${t.explanation}`);
          await out.write(`${lines.join('\n')}\n`);
        }
        const tail: string[] = [];
        tail.push(
          '',
          table(
            ['company', 'partner', 'score', 'why'],
            r.pairing.pairs.map((p) => [labelOf.get(p.company), labelOf.get(p.partner), p.score, p.explanation]),
          ),
        );
        tail.push(
          '',
          `global pairing: ${r.pairing.count} pairs, total score ${fmt(r.pairing.total)} (${r.summary.candidates} candidate pairs; suggestions for education partners are in --json)`,
          scoringText(r.scoring),
        );
        if (impact) tail.push('', impactText(impact));
        if (round) tail.push(roundText(round));
        await out.write(tail.join('\n').replace(/\n*$/, '\n'));
      });
      await out.flush();
    }),
  );

  const evaluate = addWorkspaceSourceOptions(
    addSourceOptions(
      match
        .command('evaluate')
        .argument('[source]', 'folder with nodes.csv + edges.csv, or a .json / .gexf / .graphml file with dated ties (or use --workspace)')
        .description(
          'temporal hold-out of partner scores: recall@k, precision@k (per company) and AUC on ties formed after --split (default: the latest 1 January with ≥ 30 companies forming a new tie after it), against baselines',
        )
        .option('--config <file>', 'JSON partner config (the flags below override its top-level settings)'),
    ),
  );
  addSchemaOptions(evaluate, EVALUATE_FLAGS.schema, EVALUATE_FLAGS.keys, EVALUATE_FLAGS.overrides);
  addSchemaOptions(evaluate, EVALUATE_CONFIG_FLAGS.schema, EVALUATE_CONFIG_FLAGS.keys, EVALUATE_CONFIG_FLAGS.overrides);
  addSchemaOptions(evaluate, LEARNING_FLAGS.flags.schema, LEARNING_FLAGS.flags.keys, LEARNING_FLAGS.flags.overrides).action(
    action(async (source: string | undefined, opts: EvaluateOptions, cmd: Command) => {
      const typed = givenOnCommandLine(cmd);
      const settings = EvaluateSettingsSchema.parse(optionsFromFlags(EVALUATE_FLAGS.schema, EVALUATE_FLAGS.keys, typed, EVALUATE_FLAGS.overrides));
      const given = partnerFlags(EVALUATE_CONFIG_FLAGS, typed);
      const config = parsePartnerConfig(withFlags(await readConfig(opts.config), given), opts.config);
      const dataset = await withInput(source, opts, async (input) => input.dataset, false);
      // The API's own path: the same default split, the same checks, the same words when there is nothing to evaluate.
      // A bar on a terminal: at national size the scoring and the bootstrap take minutes (the fraction, in thousandths).
      const out = withProgressBar(opts, 'evaluating', (tick) =>
        evaluateVersion(dataset, { ...settings, config }, tick && ((f) => tick(Math.round(f * 1000), 1000))),
      );
      if (!out.ok)
        throw new UsageError(
          `--${out.path.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: nothing to evaluate: ${out.message}; expected ${out.expected}${out.datedRange && !out.expected.includes(out.datedRange.first) ? ` (the ties are dated ${out.datedRange.first} to ${out.datedRange.last})` : ''}`,
        );
      const r = out.evaluation;
      if (opts.json && r.splitChosen.warning) process.stderr.write(`warning: ${r.splitChosen.warning}\n`);
      emit(opts, { source: source ?? null, ...r }, () => evaluationText(r));
    }),
  );
}
