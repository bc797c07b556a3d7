import { api, paths } from '../api/client.ts';
import type { Pair, Round } from '../api/types.ts';
import type { MaturityAssessment, PairOutcome, PairOutcomeInput } from '../../../src/model/rounds.ts';
import { empty, errorBox, h, loading, replace } from '../ui/dom.ts';
import { numberProblem } from '../ui/field-message.ts';

/**
 * After a round is accepted the lead closes the loop: per pair whether it met, how it went (1–5)
 * and a note (PUT …/rounds/:n/outcomes), and each mentee's new maturity self-assessment, 1–5 and
 * dated (POST …/maturity). The next round can use both ("use recorded outcomes"); the researcher
 * view compares the maturity change of mentees with schools that had no mentor.
 */
export function roundOutcomes(round: Round, name: (id: string) => string, toast: (m: string) => void): HTMLElement {
  const tied = round.pairs.filter((p) => p.status === 'accepted' || p.status === 'locked');
  const host = h('div', null, loading('recorded outcomes'));
  const section = h(
    'section',
    { class: 'card', attrs: { 'data-testid': 'round-outcomes', 'aria-labelledby': `outcomes-h-${round.number}` } },
    h('h3', { text: 'How the pairs went', attrs: { id: `outcomes-h-${round.number}` } }),
    host,
  );
  if (!tied.length) {
    replace(host, empty('This round wrote no pairs, so there is nothing to record.'));
    return section;
  }
  const base = paths.round(round.workspace, String(round.number));
  const load = async () => {
    try {
      const [{ outcomes }, { assessments }] = await Promise.all([
        api<{ outcomes: PairOutcome[] }>(`${base}/outcomes`),
        api<{ assessments: MaturityAssessment[] }>(`/api/workspaces/${encodeURIComponent(round.workspace)}/maturity`),
      ]);
      replace(host, outcomeForm(round, tied, outcomes, name, toast), maturityForm(round, tied, assessments, name, toast));
    } catch (e) {
      replace(
        host,
        errorBox(e, () => void load()),
      );
    }
  };
  void load();
  return section;
}

function outcomeForm(round: Round, tied: Pair[], recorded: PairOutcome[], name: (id: string) => string, toast: (m: string) => void): HTMLElement {
  const key = (l: string, r: string) => JSON.stringify([l, r]);
  const before = new Map(recorded.map((o) => [key(o.left, o.right), o]));
  const status = h('p', { class: 'meta', attrs: { role: 'status', 'data-testid': 'outcomes-status' } });
  const rows = tied.map((p, i) => {
    const o = before.get(key(p.left, p.right));
    const who = `${name(p.left)} → ${name(p.right)}`;
    const id = `outcome-${round.number}-${i}`;
    const met = h(
      'select',
      { attrs: { id: `${id}-met`, 'aria-label': `Did they meet: ${who}`, 'data-testid': 'outcome-met' } },
      h('option', { text: 'Not recorded', attrs: { value: '' } }),
      h('option', { text: 'Met', attrs: { value: 'yes', selected: o?.met === true } }),
      h('option', { text: 'Did not meet', attrs: { value: 'no', selected: o?.met === false } }),
    );
    const rating = h(
      'select',
      { attrs: { id: `${id}-rating`, 'aria-label': `How it went, 1 to 5: ${who}`, 'data-testid': 'outcome-rating' } },
      h('option', { text: 'No rating', attrs: { value: '' } }),
      [1, 2, 3, 4, 5].map((n) =>
        h('option', { text: `${n}${n === 1 ? ' (poorly)' : n === 5 ? ' (very well)' : ''}`, attrs: { value: String(n), selected: o?.rating === n } }),
      ),
    );
    const note = h('input', {
      attrs: { id: `${id}-note`, type: 'text', maxlength: 2000, 'aria-label': `Note: ${who}`, value: o?.note ?? '', 'data-testid': 'outcome-note' },
    });
    const err = h('small', { class: 'field-error', attrs: { id: `${id}-error`, 'aria-live': 'polite' } });
    for (const el of [met, rating, note]) el.setAttribute('aria-describedby', `${id}-error`);
    const read = (): { ok: true; value: PairOutcomeInput | null } | { ok: false } => {
      err.textContent = '';
      met.removeAttribute('aria-invalid');
      if (!met.value) {
        if (rating.value || note.value.trim()) {
          err.textContent = `Say whether ${who} met before giving a rating or a note`;
          met.setAttribute('aria-invalid', 'true');
          return { ok: false };
        }
        return { ok: true, value: null };
      }
      return {
        ok: true,
        value: {
          left: p.left,
          right: p.right,
          met: met.value === 'yes',
          ...(rating.value ? { rating: Number(rating.value) } : {}),
          ...(note.value.trim() ? { note: note.value.trim() } : {}),
        },
      };
    };
    const el = h(
      'li',
      { class: 'outcome-row', attrs: { 'data-testid': 'outcome-row' } },
      h('strong', { text: who }),
      h('div', { class: 'row' }, met, rating, note),
      err,
    );
    return { el, read };
  });
  const save = h('button', { class: 'primary', text: 'Save outcomes', attrs: { type: 'button', 'data-testid': 'save-outcomes' } });
  save.addEventListener('click', async () => {
    const read = rows.map((r) => r.read());
    if (read.some((r) => !r.ok)) {
      status.textContent = 'Some pairs need a fix (see above); nothing was saved.';
      return;
    }
    const outcomes = read.flatMap((r) => (r.ok && r.value ? [r.value] : []));
    if (!outcomes.length) {
      status.textContent = 'Choose Met or Did not meet for at least one pair.';
      return;
    }
    save.disabled = true;
    try {
      const res = await api<{ outcomes: PairOutcome[] }>(`${paths.round(round.workspace, String(round.number))}/outcomes`, {
        method: 'PUT',
        json: { outcomes },
      });
      const met = res.outcomes.filter((o) => o.met).length;
      status.textContent = `Saved: ${res.outcomes.length} of ${tied.length} pairs recorded, ${met} met.`;
      toast(`Outcomes saved for ${outcomes.length} pair${outcomes.length === 1 ? '' : 's'}`);
    } catch (e) {
      replace(status, errorBox(e));
    } finally {
      save.disabled = false;
    }
  });
  if (recorded.length) status.textContent = `${recorded.length} of ${tied.length} pairs recorded, ${recorded.filter((o) => o.met).length} met.`;
  return h(
    'div',
    null,
    h('p', { class: 'meta', text: 'For each pair: did they meet, how did it go (1 poorly – 5 very well), and a short note.' }),
    h(
      'ul',
      { class: 'outcome-list' },
      rows.map((r) => r.el),
    ),
    h('div', { class: 'row' }, save),
    status,
  );
}

function maturityForm(round: Round, tied: Pair[], recorded: MaturityAssessment[], name: (id: string) => string, toast: (m: string) => void): HTMLElement {
  const mentees = [...new Set(tied.map((p) => p.right))];
  const latest = new Map<string, MaturityAssessment>();
  for (const a of recorded) latest.set(a.node, a); // ordered by date: the last is the latest
  const unit = (round.config as { level?: string }).level === 'teacher' ? 'teacher' : 'school';
  const today = new Date().toISOString().slice(0, 10);
  const date = h('input', { attrs: { id: `maturity-date-${round.number}`, type: 'date', value: today, max: today, 'data-testid': 'maturity-date' } });
  const status = h('p', { class: 'meta', attrs: { role: 'status', 'data-testid': 'maturity-status' } });
  const rows = mentees.map((id, i) => {
    const fid = `maturity-${round.number}-${i}`;
    const label = `New maturity of ${name(id)}`;
    const input = h('input', {
      attrs: {
        id: fid,
        type: 'number',
        min: 1,
        max: 5,
        step: 'any',
        inputmode: 'decimal',
        'aria-describedby': `${fid}-error`,
        'data-testid': 'maturity-value',
      },
    });
    const err = h('small', { class: 'field-error', attrs: { id: `${fid}-error`, 'aria-live': 'polite' } });
    const had = latest.get(id);
    const read = (): { ok: true; value: number | null } | { ok: false } => {
      const problem = numberProblem({ label, minimum: 1, maximum: 5 }, input.validity?.badInput ? 'not a number' : input.value);
      err.textContent = problem ?? '';
      if (problem) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      return problem ? { ok: false } : { ok: true, value: input.value.trim() ? Number(input.value) : null };
    };
    input.addEventListener('change', () => void read());
    const el = h(
      'li',
      { class: 'field' },
      h('label', { text: label, attrs: { for: fid } }),
      input,
      had ? h('small', { class: 'meta', text: `last recorded ${had.value} on ${had.date}` }) : null,
      err,
    );
    return { id, el, read };
  });
  const save = h('button', { class: 'primary', text: 'Save assessments', attrs: { type: 'button', 'data-testid': 'save-maturity' } });
  save.addEventListener('click', async () => {
    const read = rows.map((r) => ({ id: r.id, r: r.read() }));
    if (read.some((x) => !x.r.ok)) {
      status.textContent = 'Some values need a fix (see above); nothing was saved.';
      return;
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date.value)) {
      status.textContent = 'Assessed on must be a date.';
      return;
    }
    const assessments = read.flatMap((x) => (x.r.ok && x.r.value !== null ? [{ node: x.id, value: x.r.value, date: date.value }] : []));
    if (!assessments.length) {
      status.textContent = `Enter a new maturity (1–5) for at least one ${unit}.`;
      return;
    }
    save.disabled = true;
    try {
      await api(`/api/workspaces/${encodeURIComponent(round.workspace)}/maturity`, { method: 'POST', json: { assessments } });
      status.textContent = `Saved ${assessments.length} assessment${assessments.length === 1 ? '' : 's'} dated ${date.value}.`;
      toast(status.textContent);
    } catch (e) {
      replace(status, errorBox(e));
    } finally {
      save.disabled = false;
    }
  });
  return h(
    'div',
    { attrs: { 'data-testid': 'maturity-form' } },
    h('h4', { text: `New maturity self-assessments of the mentees (${mentees.length})` }),
    h('p', { class: 'meta', text: `SELFIE style, 1 (lowest) to 5. Leave a ${unit} empty to record nothing for it.` }),
    h('div', { class: 'field' }, h('label', { text: 'Assessed on', attrs: { for: date.id } }), date),
    h(
      'ul',
      { class: 'maturity-list' },
      rows.map((r) => r.el),
    ),
    h('div', { class: 'row' }, save),
    status,
  );
}
