/**
 * The partner mode's "How well would these suggestions have predicted?" panel: runs POST
 * …/partners/evaluate (a job with progress), then shows our score against preferential attachment,
 * Adamic–Adar and random — recall@k, precision@k and AUC with their 95 % intervals — and one plain
 * sentence built from the figures and intervals that never claims more than the intervals allow.
 */
import type { App } from '../app.ts';
import { api, ApiError, paths } from '../api/client.ts';
import type { Job, ProblemEntry, VersionEvaluation } from '../../../src/server/contract/index.ts';
import { errorBox, h, replace } from '../ui/dom.ts';
import { scoringBlock } from './scoring-info.ts';

/** The rows of the table, ours first: the scores a programme lead compares. */
const SHOWN = ['combined', 'preferentialAttachment', 'adamicAdar', 'random'] as const;
const LABELS: Record<string, string> = {
  combined: 'Our suggestions',
  preferentialAttachment: 'Most active (preferential attachment)',
  adamicAdar: 'Shared partners (Adamic–Adar)',
  random: 'Random',
};
/** The baseline a ratio is taken to, in a programme lead's words. */
const IN_WORDS: Record<string, string> = {
  preferentialAttachment: '“the most active organisations” (preferential attachment)',
  adamicAdar: '“organisations with shared partners” (Adamic–Adar)',
};

const two = (x: number) => x.toFixed(2);
const range = (x: readonly [number, number] | null | undefined) => (x ? `${two(x[0])}–${two(x[1])}` : '');

/**
 * One sentence from the figures: "more"/"fewer" only when the ratio's 95 % interval lies wholly
 * above / below 1, "better than chance" only when the AUC's interval lies wholly above 0.5;
 * without intervals (bootstrap 0) the point figures are given as such and nothing is concluded.
 */
export function evaluationSentence(doc: VersionEvaluation): string {
  const ours = doc.scores.find((s) => s.score === 'combined');
  const b = doc.bootstrap;
  const found = `the ${doc.newTies} partnerships that formed from ${doc.split} on`;
  if (!ours || ours.recallAtK === null) return `On this data there is nothing to compare: ${doc.note}`;
  const parts: string[] = [];
  const r = b?.ratio.recallAtK;
  const base = r?.baseline ? (IN_WORDS[r.baseline] ?? r.baseline) : '';
  if (!b || !r || r.point === null) {
    parts.push(
      `On this data the suggestions put ${Math.round(ours.recallAtK * 100)} % of ${found} in each company's top ${doc.k} (no interval computed, so no comparison is concluded)`,
    );
  } else if (!r.interval) {
    parts.push(`On this data the suggestions find ${two(r.point)}× as many of ${found} as ${base}, without an interval to judge that by`);
  } else {
    const [lo, hi] = r.interval;
    const how = lo > 1 ? 'more' : hi < 1 ? 'fewer' : 'about as many';
    // A wide interval is said as such: with a handful of companies, "about as many" is all the data can say.
    const wide = lo < 0.5 || hi > 2 ? `; the interval is wide: only ${b.companies} companies formed new ties` : '';
    parts.push(`On this data the suggestions find ${how} of ${found} ${how === 'about as many' ? 'as' : 'than'} ${base} do (${range(r.interval)}×${wide})`);
  }
  const auc = ours.auc;
  const ai = b?.scores.find((s) => s.score === 'combined')?.auc;
  if (auc !== null) {
    if (!ai) parts.push(`rank likely partners with AUC ${two(auc)} (0.5 is chance; no interval computed)`);
    else if (ai[0] > 0.5) parts.push(`rank likely partners better than chance (AUC ${two(auc)}, 95 % ${range(ai)})`);
    else if (ai[1] < 0.5) parts.push(`rank likely partners worse than chance (AUC ${two(auc)}, 95 % ${range(ai)})`);
    else parts.push(`cannot be told apart from chance at ranking likely partners (AUC ${two(auc)}, 95 % ${range(ai)})`);
  }
  return `${parts.join(', and ')}.`;
}

/**
 * Why the evaluation splits where it does, in one sentence: the default is the latest 1 January
 * after which at least `minCompanies` companies form a new tie (chooseSplit), else the one with
 * the most; an asked-for split is said as asked, with its figure (a low one is also warned of).
 */
export function splitSentence(doc: Pick<VersionEvaluation, 'split' | 'splitChosen' | 'datedRange'>): string {
  const c = doc.splitChosen;
  const day = doc.split.slice(0, 10);
  const n = `${c.companies.toLocaleString('en')} ${c.companies === 1 ? 'company does' : 'companies do'}`;
  const until = `between then and the last dated tie, ${doc.datedRange.last}`;
  if (c.by === 'request')
    return `Split at ${day}, as asked: ${c.companies.toLocaleString('en')} ${c.companies === 1 ? 'company forms' : 'companies form'} a new tie with a partner ${until}.`;
  if (c.companies >= c.minCompanies)
    return `Split at ${day}: the latest 1 January after which at least ${c.minCompanies} companies form a new tie with a partner (${n}, ${until}); fewer would make the intervals wide.`;
  return `Split at ${day}: no 1 January leaves ${c.minCompanies} companies forming a new tie with a partner after it; this one leaves the most (${n}).`;
}

/** The companies each 1 January leaves, the default's choice marked: what the sentence above was chosen from. */
function splitYears(doc: VersionEvaluation): HTMLElement | null {
  const years = doc.splitChosen.years;
  if (!years.length) return null;
  return h(
    'details',
    { attrs: { 'data-testid': 'eval-split-years' } },
    h('summary', { text: `Companies forming a new tie after each 1 January (${years.length})` }),
    h(
      'table',
      { class: 'eval split-years' },
      h(
        'thead',
        null,
        h('tr', null, h('th', { text: 'Split', attrs: { scope: 'col' } }), h('th', { text: 'Companies', class: 'num', attrs: { scope: 'col' } })),
      ),
      h(
        'tbody',
        null,
        years.map((y) => {
          const chosen = y.split.slice(0, 10) === doc.split.slice(0, 10);
          return h(
            'tr',
            { attrs: chosen ? { 'aria-current': 'true', 'data-chosen': 'true' } : {} },
            h('th', { text: chosen ? `${y.split.slice(0, 10)} (used)` : y.split.slice(0, 10), attrs: { scope: 'row' } }),
            h('td', { class: 'num', text: y.companies.toLocaleString('en') }),
          );
        }),
      ),
    ),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** POSTs the evaluation as a job: 202 → poll it with progress → the same POST answers from the cache. */
async function runEvaluation(path: string, body: object, onProgress: (fraction: number, message?: string) => void): Promise<VersionEvaluation> {
  const first = await api<VersionEvaluation | Job>(path, { method: 'POST', json: body, headers: { Prefer: 'respond-async' } });
  if (!('eventsUrl' in first)) return first;
  let job = first;
  for (;;) {
    onProgress(job.progress.fraction, job.progress.message);
    if (job.status === 'succeeded') return api<VersionEvaluation>(path, { method: 'POST', json: body });
    // A job that found nothing to evaluate carries the same problem as the direct answer: shown the same way.
    if (job.status === 'failed') {
      const e = job.error as { status?: number; detail?: string; title?: string; errors?: ProblemEntry[] } | undefined;
      throw new ApiError(e?.status ?? 500, String(e?.detail ?? e?.title ?? 'the evaluation failed'), e?.errors ?? []);
    }
    await sleep(400);
    job = await api<Job>(job.url);
  }
}

/** Mounts the panel into `host`; `config` reads the partner rules as the form has them now. */
export function mountPartnerEvaluation(app: App, host: HTMLElement, config: () => Record<string, unknown> | null): void {
  const split = h('input', { attrs: { type: 'date', id: 'eval-split', 'data-testid': 'eval-split', 'aria-describedby': 'eval-split-help' } });
  const k = h('input', { attrs: { type: 'number', min: '1', max: '200', value: '10', id: 'eval-k', 'data-testid': 'eval-k' }, style: { width: '5em' } });
  const run = h('button', { class: 'primary', text: 'Run', attrs: { type: 'button', 'data-testid': 'eval-run' } });
  const bar = h('progress', { attrs: { max: '1', value: '0', 'aria-label': 'Evaluation progress', hidden: true, 'data-testid': 'eval-progress' } });
  const status = h('span', { class: 'meta', attrs: { 'aria-live': 'polite', 'data-testid': 'eval-status' } });
  const out = h('div', { attrs: { 'data-testid': 'eval-result' } });
  run.addEventListener('click', async () => {
    const cfg = config();
    if (!cfg) return;
    const body = { ...(split.value ? { split: split.value } : {}), k: Math.max(1, Math.min(200, Math.floor(Number(k.value) || 10))), config: cfg };
    run.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    status.textContent = 'starting…';
    try {
      const doc = await runEvaluation(`${paths.version(app.ws!, app.version!)}/partners/evaluate`, body, (f, msg) => {
        bar.value = f;
        status.textContent = `${Math.round(f * 100)} % ${msg ?? ''}`.trim();
      });
      if (!split.value) split.value = doc.split;
      status.textContent = `done: split ${doc.split.slice(0, 10)}`;
      replace(out, result(doc));
      // A split leaving too few companies for narrow intervals: the figure and a better split, in the CLI's words.
      if (doc.splitChosen.warning)
        out.prepend(
          h(
            'p',
            { attrs: { role: 'status', 'data-testid': 'eval-warning' }, style: { 'border-left': '3px solid var(--warn)', 'padding-left': '8px' } },
            h('strong', { text: 'Few companies: ' }),
            doc.splitChosen.warning,
          ),
        );
    } catch (e) {
      status.textContent = '';
      // Nothing to evaluate (undated ties, a split outside their range, no new tie after it) is said as such, with what would work.
      replace(
        out,
        e instanceof ApiError && e.status === 400
          ? h(
              'div',
              { class: 'state error', attrs: { role: 'alert', 'data-testid': 'eval-problem' } },
              h('strong', { text: 'Cannot evaluate: ' }),
              e.message,
              h(
                'ul',
                null,
                e.details.map((d) => h('li', { text: d })),
              ),
            )
          : errorBox(e),
      );
    } finally {
      run.disabled = false;
      bar.hidden = true;
    }
  });
  replace(
    host,
    h('h3', { text: 'How well would these suggestions have predicted?', attrs: { id: 'eval-h' } }),
    h('p', {
      class: 'meta',
      attrs: { id: 'eval-split-help' },
      text: 'The suggestions are computed from the ties before the split date only, then checked against the company–partner ties that actually formed after it. Leave the date empty for the default: the latest 1 January after which at least 30 companies form a new tie (else the one with the most), so the intervals are not needlessly wide.',
    }),
    h(
      'div',
      { class: 'row' },
      h('label', { attrs: { for: 'eval-split' } }, 'Split date ', split),
      h('label', { attrs: { for: 'eval-k' } }, 'Top k ', k),
      run,
      bar,
      status,
    ),
    out,
  );
}

function result(doc: VersionEvaluation): HTMLElement {
  const within = new Map(doc.bootstrap?.scores.map((s) => [s.score, s]));
  const cell = (v: number | null, iv: readonly [number, number] | null | undefined) =>
    // The interval on its own line, so four columns fit the drawer at 390 px.
    h('td', { class: 'num' }, v === null ? '—' : two(v), iv ? h('span', { class: 'iv', text: range(iv) }) : null);
  return h(
    'div',
    null,
    // Where the split is and why, before what was found after it.
    h('p', { text: splitSentence(doc), attrs: { 'data-testid': 'eval-split-why' } }),
    splitYears(doc),
    h('p', { text: evaluationSentence(doc), attrs: { 'data-testid': 'eval-sentence' } }),
    h(
      'div',
      { style: { 'overflow-x': 'auto' }, attrs: { 'data-testid': 'eval-table-box' } },
      h(
        'table',
        { class: 'eval', attrs: { 'data-testid': 'eval-table', 'aria-describedby': 'eval-h' } },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['score', `recall @${doc.k}`, `precision @${doc.k}`, 'AUC'].map((c, i) =>
              h('th', { text: c, class: i ? 'num' : undefined, attrs: { scope: 'col' } }),
            ),
          ),
        ),
        h(
          'tbody',
          null,
          SHOWN.map((name) => {
            const s = doc.scores.find((x) => x.score === name);
            const b = within.get(name);
            return s
              ? h(
                  'tr',
                  { attrs: { 'data-score': name } },
                  h('th', { text: LABELS[name], attrs: { scope: 'row' } }),
                  cell(s.recallAtK, b?.recallAtK),
                  cell(s.precisionAtK, b?.precisionAtK),
                  cell(s.auc, b?.auc),
                )
              : null;
          }),
        ),
      ),
    ),
    h('p', {
      class: 'meta',
      text: `${doc.newTies} new ties of ${doc.populations[0]?.companies ?? 0} companies among ${doc.candidates.toLocaleString('en')} candidate pairs, both organisations active before the split; below each figure its 95 % interval${doc.bootstrap ? ` from ${doc.bootstrap.resamples} bootstrap resamples of those companies` : ''}.`,
    }),
    // What "our suggestions" rest on here: the model trained on the ties before this split.
    scoringBlock(doc.scoring),
  );
}
