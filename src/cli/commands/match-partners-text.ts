import { SingleBar } from 'cli-progress';
import type { PartnerEvaluation } from '../../match/evaluate.ts';
import { table, type SourceOptions } from '../output.ts';

/**
 * Runs `fn` with a progress callback that drives a bar on stderr (a terminal only, not with
 * --no-progress): national graphs take tens of seconds.
 */
export function withProgressBar<T>(opts: SourceOptions, phase: string, fn: (onProgress?: (done: number, total: number) => void) => T): T {
  if (opts.progress === false || !process.stderr.isTTY) return fn(undefined);
  const bar = new SingleBar(
    { stream: process.stderr, format: `${phase} {bar} {percentage}% | {value}/{total}`, hideCursor: true, clearOnComplete: true },
    undefined,
  );
  let started = false;
  try {
    return fn((done, total) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      if (done === total || done % 256 === 0) bar.update(done);
    });
  } finally {
    if (started) bar.stop();
  }
}

/** `match evaluate` as text: one table per population, ours and the baselines first. */
export function evaluationText(r: PartnerEvaluation): string {
  const out: string[] = [];
  for (const p of r.populations) {
    out.push(
      p.population === 'established'
        ? `Both organisations active before ${r.split} (standard protocol, headline): ${p.newTies} new ties among ${p.candidates} candidate pairs, ${p.companies} companies with a new tie`
        : `All new ties (including organisations new after ${r.split}): ${p.newTies} among ${p.candidates} pairs`,
    );
    out.push(
      table(
        ['score', 'role', `recall@${r.k}`, `precision@${r.k}`, 'AUC'],
        p.scores.map((s) => [s.score, s.role, s.recallAtK, s.precisionAtK, s.auc]),
      ),
      '',
    );
  }
  const m = r.scoring.model;
  out.push(
    m
      ? `combined = logistic regression trained on ties before ${m.t0} predicting ${m.t0}…${m.until} (${m.positives} ties formed, ${m.negatives} untied pairs).`
      : `combined = hand-set weights${r.scoring.fallback ? ` (${r.scoring.fallback})` : ''}.`,
  );
  out.push(`${r.note} recall@k and precision@k are per company (mean over companies with a new tie); ${r.form} data.`);
  return out.join('\n');
}
