import type { AnalyzeProgress } from '../analysis/analyze.ts';

export interface ProgressReporter {
  onProgress: ((p: AnalyzeProgress) => void) | undefined;
  /** Clears the terminal line (tty mode). */
  end(): void;
}

interface Stream {
  write(s: string): boolean;
  isTTY?: boolean;
}

const secs = (x: number): string => (x < 60 ? `${x.toFixed(x < 10 ? 1 : 0)} s` : `${Math.floor(x / 60)} min ${Math.round(x % 60)} s`);

/**
 * Progress of `analyze` on stderr. `mode` is the `--progress` flag: 'json' writes one JSON line per
 * step ({stage, done, total, elapsedSeconds, etaSeconds}, the first with the all-pairs plan), for
 * scripts; 'tty' (the default when `stream` is a terminal, with or without --json) rewrites one
 * line with the step and an ETA; false (`--no-progress`) or a non-terminal without 'json' shows
 * nothing. The ETA counts the all-pairs estimate (budget.ts) until betweenness is done, and the
 * average of the steps so far for the others.
 */
export function progressReporter(mode: boolean | string | undefined, stream: Stream, now: () => number = () => performance.now()): ProgressReporter {
  const json = mode === 'json';
  const tty = !json && mode !== false && (mode === 'tty' || stream.isTTY === true);
  if (!json && !tty) return { onProgress: undefined, end() {} };
  const t0 = now();
  let plan: AnalyzeProgress['plan'];
  let allPairsLeft = false;
  let cheapTime = 0,
    cheapSteps = 0,
    last = t0;
  let drawn = false;
  return {
    onProgress(p) {
      const t = now();
      if (p.plan) {
        plan = p.plan;
        allPairsLeft = true;
      }
      if (p.stage === 'betweenness') allPairsLeft = false;
      else if (p.done > 0) {
        cheapTime += (t - last) / 1000;
        cheapSteps++;
      }
      last = t;
      const elapsed = (t - t0) / 1000;
      const perStep = cheapSteps ? cheapTime / cheapSteps : 0.5;
      const left = p.total - p.done;
      const eta = left <= 0 ? 0 : (allPairsLeft && plan ? plan.estimatedSeconds : 0) + Math.max(0, left - (allPairsLeft ? 1 : 0)) * perStep;
      if (json) {
        stream.write(
          `${JSON.stringify({ stage: p.stage, done: p.done, total: p.total, elapsedSeconds: +elapsed.toFixed(3), etaSeconds: +eta.toFixed(1), ...(p.plan ? { plan: p.plan } : {}) })}\n`,
        );
        return;
      }
      const mode = plan ? (plan.mode === 'exact' ? 'exact' : `sampled, ${plan.samples} pivots`) : '';
      stream.write(
        `\r\x1b[2Kanalyze ${p.done}/${p.total} ${p.stage}${mode ? ` (${mode})` : ''} · ${secs(elapsed)} elapsed${left > 0 ? ` · about ${secs(eta)} left` : ''}`,
      );
      drawn = true;
    },
    end() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
