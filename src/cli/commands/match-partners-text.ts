import { once } from 'node:events';
import { SingleBar } from 'cli-progress';
import type { PartnerEvaluation } from '../../match/evaluate.ts';
import type { VersionEvaluation } from '../../model/index.ts';
import type { ScoringInfo } from '../../model/partner-evaluation.ts';
import { table, toJson, type SourceOptions } from '../output.ts';

type Progress = (done: number, total: number) => void;

/** A progress bar on stderr (a terminal only, not with --no-progress), or null; `stop()` when done. */
function progressBar(opts: SourceOptions, phase: string): { tick: Progress; stop: () => void } | null {
  if (opts.progress === false || !process.stderr.isTTY) return null;
  const bar = new SingleBar(
    { stream: process.stderr, format: `${phase} {bar} {percentage}% | {value}/{total}`, hideCursor: true, clearOnComplete: true },
    undefined,
  );
  let started = false;
  return {
    tick: (done, total) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      if (done === total || done % 256 === 0) bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/** Writes to stdout in chunks of about `chunkChars`, waiting for 'drain' so a slow reader never makes the output pile up in memory. */
export class StdoutChunks {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly chunkChars = 1 << 16) {}
  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= this.chunkChars) await this.flush();
  }
  async flush(): Promise<void> {
    if (!this.parts.length) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  }
}

/**
 * Writes `doc` as toJson would, except that `doc[key]` is the array `items` written one element at
 * a time (the same bytes as toJson of the whole document): a national-size partner result is
 * larger than V8's largest string. `onItem` is told how many were written.
 */
export async function streamJson(
  doc: Record<string, unknown>,
  key: string,
  items: Iterable<unknown>,
  out: { write(text: string): Promise<void> },
  onItem?: (done: number) => void,
): Promise<void> {
  const marker = `\u0000stream:${key}\u0000`;
  const whole = toJson({ ...doc, [key]: marker });
  const at = whole.indexOf(JSON.stringify(marker));
  if (at < 0) throw new Error(`streamJson: ${key} is not a top-level field`);
  await out.write(whole.slice(0, at));
  let n = 0;
  for (const item of items) {
    await out.write(`${n ? ',' : '['}\n    ${toJson(item).replace(/\n/g, '\n    ')}`);
    n++;
    onItem?.(n);
  }
  await out.write(n ? '\n  ]' : '[]');
  await out.write(`${whole.slice(at + JSON.stringify(marker).length)}\n`);
}

/** withProgressBar for async work. */
export async function withProgressAsync<T>(opts: SourceOptions, phase: string, fn: (onProgress?: Progress) => Promise<T>): Promise<T> {
  const bar = progressBar(opts, phase);
  try {
    return await fn(bar?.tick);
  } finally {
    bar?.stop();
  }
}

/**
 * Runs `fn` with a progress callback that drives a bar on stderr (a terminal only, not with
 * --no-progress): national graphs take tens of seconds.
 */
export function withProgressBar<T>(opts: SourceOptions, phase: string, fn: (onProgress?: Progress) => T): T {
  const bar = progressBar(opts, phase);
  try {
    return fn(bar?.tick);
  } finally {
    bar?.stop();
  }
}

/** `match evaluate` as text: one table per population, ours and the baselines first. */
export function evaluationText(r: PartnerEvaluation | VersionEvaluation): string {
  const out: string[] = [];
  // How the split was chosen, and the warning when it leaves too few companies for narrow intervals (the same words as the panel's).
  if ('splitChosen' in r) {
    const c = r.splitChosen;
    out.push(
      c.by === 'default'
        ? `split ${r.split} (default: ${c.reason}; the ties run ${r.datedRange.first} to ${r.datedRange.last})`
        : `split ${r.split}: ${c.companies} companies form a new tie after it (the ties run ${r.datedRange.first} to ${r.datedRange.last})`,
    );
    if (c.warning) out.push(`warning: ${c.warning}`);
    out.push('');
  }
  for (const p of r.populations) {
    out.push(
      p.population === 'established'
        ? `Both organisations active before ${r.split} (standard protocol, headline): ${p.newTies} new ties among ${p.candidates} candidate pairs, ${p.companies} companies with a new tie`
        : `All new ties (including organisations new after ${r.split}): ${p.newTies} among ${p.candidates} pairs`,
    );
    const b = p.population === 'established' ? r.bootstrap : undefined;
    const range = (x: readonly [number, number] | null | undefined) => (x ? `${x[0].toFixed(3)}–${x[1].toFixed(3)}` : '');
    const within = new Map(b?.scores.map((x) => [x.score, x]));
    out.push(
      b
        ? table(
            ['score', 'role', `recall@${r.k}`, '95 %', `precision@${r.k}`, '95 %', 'AUC', '95 %'],
            p.scores.map((s) => {
              const b = within.get(s.score);
              return [s.score, s.role, s.recallAtK, range(b?.recallAtK), s.precisionAtK, range(b?.precisionAtK), s.auc, range(b?.auc)];
            }),
          )
        : table(
            ['score', 'role', `recall@${r.k}`, `precision@${r.k}`, 'AUC'],
            p.scores.map((s) => [s.score, s.role, s.recallAtK, s.precisionAtK, s.auc]),
          ),
      '',
    );
    if (b) out.push(ratioWords(b, r.k), '');
  }
  const m = r.scoring.model;
  out.push(scoringText(r.scoring));
  if (m?.inner) out.push(innerWords(m.inner));
  out.push(`${r.note} recall@k and precision@k are per company (mean over companies with a new tie); ${r.form} data.`);
  return out.join('\n');
}

/** How the combined score was made, one line for `match evaluate` and `match partners`: the learned model, or the hand-set weights by signal, largest first. */
export function scoringText(scoring: ScoringInfo): string {
  const m = scoring.model;
  if (m)
    return `combined = ${m.learner === 'trees' ? `gradient-boosted trees (${m.trees.count}, depth ≤ ${m.trees.depth}; ${m.objective === 'lambda' ? 'LambdaMART' : 'logistic loss'})` : MODEL_WORDS[m.objective]}${m.learner === 'linear' && m.choice ? `, choice by ${MODEL_WORDS[m.choice]},` : ''} trained ${m.windows > 1 ? `on ${m.windows} consecutive windows from ${m.t0} to ${m.until}, each window's new ties predicted from the ties before it` : `on ties before ${m.t0} predicting ${m.t0}…${m.until}`} (${m.positives} ties formed, ${m.negatives} untied pairs).`;
  const weights = scoring.weights
    ? `: ${Object.entries(scoring.weights)
        .sort((a, b) => b[1] - a[1])
        .map(([k, w]) => `${k} ${w}`)
        .join(', ')}`
    : '';
  return `combined = hand-set weights${weights}${scoring.fallback ? ` (${scoring.fallback})` : ''}.`;
}

const MODEL_WORDS: Record<NonNullable<PartnerEvaluation['scoring']['model']>['objective'], string> = {
  pairs: 'logistic regression',
  'per-organisation': 'conditional logit (each organisation’s candidates)',
  lambda: 'LambdaRank (recall@k per organisation)',
  'two-part': 'two-part model (the company’s propensity to form a new tie × its choice among its candidates)',
};

/** The combined score's paired ratios to the better baseline, with their intervals. */
function ratioWords(b: NonNullable<PartnerEvaluation['bootstrap']>, k: number): string {
  const one = (x: typeof b.ratio.recallAtK, what: string) =>
    x.point === null
      ? `${what}: no ratio (the baseline scores 0)`
      : `${what} ${x.point.toFixed(2)}× ${x.baseline}${x.interval ? ` (95 % ${x.interval[0].toFixed(2)}–${x.interval[1].toFixed(2)})` : ''}`;
  return `combined against the better baseline: ${one(b.ratio.recallAtK, `recall@${k}`)}, ${one(b.ratio.auc, 'AUC')}; intervals from ${b.resamples} paired bootstrap resamples of the ${b.companies} companies with a new tie (seed ${b.seed}).`;
}

/** The inner temporal validation's choice, for the evaluation text. */
function innerWords(inner: NonNullable<NonNullable<PartnerEvaluation['scoring']['model']>['inner']>): string {
  if (!inner.results.length) return `model family: ${inner.family} (no company formed a tie in the inner window ${inner.window}, so nothing was compared).`;
  const each = inner.results.map((x) => `${x.name} ${x.recall === null ? 'could not be trained' : x.recall.toFixed(3)}`).join('; ');
  return `model family: ${inner.family}, chosen by recall@20 on ${inner.window} (${inner.companies} companies, ${inner.newTies} new ties): ${each}.`;
}
