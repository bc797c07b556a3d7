/**
 * The researcher's "is it real?" panel: runs the significance job (…/significance, answered as a
 * job with progress) for the graph-level statistics against degree-preserving or G(n, m) nulls, and
 * shows observed, null mean ± sd, z and p in a table and beside the matching graph-level figure.
 */
import type { App } from '../app.ts';
import { api, paths, withQuery } from '../api/client.ts';
import type { Job } from '../../../src/server/contract/index.ts';
import { errorBox, fmt, h, replace } from '../ui/dom.ts';

/** Significance statistic → the key of its graph-level figure card. */
const FIGURE_OF: Record<string, string> = { modularity: 'modularity', transitivity: 'transitivity', assortativity: 'degreeAssortativity' };
const STAT_LABELS: Record<string, string> = {
  modularity: 'Modularity',
  transitivity: 'Transitivity',
  assortativity: 'Degree assortativity',
  ei: 'E-I index (by region)',
};

/** One test as the API gives it (read field by field: the schema lives with the engine, not in the contract). */
interface Shown {
  stat: string;
  observed: number | null;
  nullMean: number | null;
  nullSd: number | null;
  z: number | null;
  p: number | null;
}
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
function readTests(doc: unknown): { tests: Shown[]; settings: Record<string, unknown> } {
  const d = (doc ?? {}) as { tests?: unknown[]; settings?: Record<string, unknown> };
  const tests = (d.tests ?? []).map((t) => {
    const o = (t ?? {}) as Record<string, unknown>;
    return { stat: String(o.stat), observed: num(o.observed), nullMean: num(o.nullMean), nullSd: num(o.nullSd), z: num(o.z), p: num(o.p) };
  });
  return { tests, settings: d.settings ?? {} };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** GET a heavy route as a job: 202 → poll the job, showing its progress, then read the result. */
export async function runJob<T>(path: string, onProgress: (fraction: number, message?: string) => void): Promise<T> {
  const first = await fetch(path, { headers: { Prefer: 'respond-async', Accept: 'application/json' } });
  if (first.status !== 202) return api<T>(path); // cached: the answer itself (api() turns errors into ApiError)
  let job = (await first.json()) as Job;
  for (;;) {
    onProgress(job.progress.fraction, job.progress.message);
    if (job.status === 'succeeded') return api<T>(job.resultUrl ?? path);
    if (job.status === 'failed') throw new Error(String(job.error?.detail ?? job.error?.title ?? 'the job failed'));
    await sleep(400);
    job = await api<Job>(job.url);
  }
}

/** Mounts the panel into `host`; `figures` is the graph-level figures section, annotated after a run. */
export function mountSignificancePanel(app: App, host: HTMLElement, figures: HTMLElement): void {
  const model = h(
    'select',
    { attrs: { 'aria-label': 'Null model', 'data-testid': 'sig-null' } },
    h('option', { text: 'degree-preserving rewiring', attrs: { value: 'degree' } }),
    h('option', { text: 'random G(n, m)', attrs: { value: 'erdos-renyi' } }),
  );
  const samples = h('input', { attrs: { type: 'number', min: '10', max: '5000', value: '200', 'aria-label': 'Null samples', 'data-testid': 'sig-samples' } });
  const run = h('button', { class: 'primary', text: 'Test against the null model', attrs: { type: 'button', 'data-testid': 'sig-run' } });
  const bar = h('progress', { attrs: { max: '1', value: '0', 'aria-label': 'Null samples drawn', hidden: true, 'data-testid': 'sig-progress' } });
  const status = h('span', { class: 'meta', attrs: { 'aria-live': 'polite' } });
  const out = h('div', { attrs: { 'data-testid': 'sig-result' } });
  run.addEventListener('click', async () => {
    const n = Math.max(10, Math.min(5000, Math.floor(Number(samples.value) || 200)));
    const path = withQuery(`${paths.analysis(app.ws!, app.version!).replace(/\/analysis$/, '')}/significance`, { null: model.value, samples: n, seed: 1 });
    run.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    status.textContent = 'starting…';
    try {
      const doc = await runJob<unknown>(path, (f, msg) => {
        bar.value = f;
        status.textContent = `${Math.round(f * 100)} % ${msg ?? ''}`.trim();
      });
      const { tests, settings } = readTests(doc);
      status.textContent = `${fmt(settings.samples)} ${model.value === 'degree' ? 'rewired' : 'G(n, m)'} samples, seed ${fmt(settings.seed)}`;
      replace(out, table(tests));
      annotate(figures, tests);
    } catch (e) {
      status.textContent = '';
      replace(out, errorBox(e));
    } finally {
      run.disabled = false;
      bar.hidden = true;
    }
  });
  replace(
    host,
    h('h2', { text: 'Significance against null models', attrs: { id: 'sig-h' } }),
    h('p', {
      class: 'meta',
      text: 'Is a figure higher or lower than in random networks with the same degrees (or the same density)? Ties count unweighted here, as in the null graphs, so observed values can differ from the weighted figures above. z = (observed − null mean) / sd; p is the two-sided empirical p-value, at least 2/(samples + 1).',
    }),
    h('div', { class: 'row' }, h('label', null, 'Null ', model), h('label', null, 'Samples ', samples), run, bar, status),
    out,
  );
}

function table(tests: Shown[]): HTMLElement {
  return h(
    'table',
    { class: 'data', attrs: { 'data-testid': 'sig-table' } },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ['statistic', 'observed', 'null mean ± sd', 'z', 'p'].map((c) => h('th', { text: c, attrs: { scope: 'col' } })),
      ),
    ),
    h(
      'tbody',
      null,
      tests.map((t) =>
        h(
          'tr',
          { attrs: { 'data-stat': t.stat } },
          h('th', { text: STAT_LABELS[t.stat] ?? t.stat, attrs: { scope: 'row' } }),
          h('td', { text: fmt(t.observed, 4) }),
          h('td', { text: `${fmt(t.nullMean, 4)} ± ${fmt(t.nullSd, 3)}` }),
          h('td', { text: fmt(t.z, 3), attrs: { 'data-z': '' } }),
          h('td', { text: pText(t.p), attrs: { 'data-p': '' } }),
        ),
      ),
    ),
  );
}

const pText = (p: number | null) => (p === null ? '—' : p < 0.001 ? p.toExponential(1) : fmt(p, 3));

/** Puts "z …, p …" on the figure card of each tested statistic. */
function annotate(figures: HTMLElement, tests: Shown[]): void {
  for (const t of tests) {
    const key = FIGURE_OF[t.stat];
    const card = key ? figures.querySelector<HTMLElement>(`.card[data-key="${key}"]`) : null;
    if (!card) continue;
    card.querySelector('.sig')?.remove();
    card.append(h('div', { class: 'sig meta', text: `z ${fmt(t.z, 3)} · p ${pText(t.p)} vs null`, attrs: { 'data-testid': `sig-${key}` } }));
  }
}
