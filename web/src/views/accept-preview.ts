import { api, paths, withQuery } from '../api/client.ts';
import type { Round } from '../api/types.ts';
import type { AcceptPlan, ProposedChoice } from '../../../src/model/rounds.ts';
import type { Impact as ImpactReport } from '../../../src/server/contract/rounds.ts';
import { empty, errorBox, fmt, h, loading, replace } from '../ui/dom.ts';

/** The preview route's answer: the plan and the impact of exactly its ties. */
interface Preview {
  plan: AcceptPlan;
  impact: ImpactReport;
}

const FIGURES: [keyof ImpactReport['before'], string][] = [
  ['isolatedSchools', 'isolated schools'],
  ['components', 'separate groups (components)'],
  ['schoolsWithoutHubPath', 'schools with no path to a hub'],
  ['crossCommunityTies', 'ties across communities'],
];

/**
 * Accept with a preview: what becomes a tie (and its date), what is left out and why, the impact of
 * exactly those ties, and the lead's answer for pairs still proposed. Nothing is written until Confirm;
 * the accept carries the previewed version, so a change in between is refused rather than written.
 */
export function acceptPreview(round: Round, onAccepted: (message: string) => void, onCancel: () => void): HTMLElement {
  const proposedCount = round.pairs.filter((p) => p.status === 'proposed').length;
  const choice = h(
    'select',
    { attrs: { 'aria-label': 'Pairs still proposed', 'data-testid': 'proposed-choice' } },
    h('option', { text: `Leave the ${proposedCount} proposed pairs out`, attrs: { value: 'leave' } }),
    h('option', { text: `Accept all ${proposedCount} proposed pairs too`, attrs: { value: 'accept' } }),
  );
  const date = h('input', {
    attrs: { type: 'date', 'aria-label': 'Start date of the ties', value: new Date().toISOString().slice(0, 10), 'data-testid': 'accept-date' },
  });
  const body = h('div', null, loading('the preview'));
  const confirm = h('button', { class: 'primary', text: 'Confirm accept', attrs: { type: 'button', 'data-testid': 'confirm-accept', disabled: true } });
  const cancel = h('button', { text: 'Cancel', attrs: { type: 'button' }, on: { click: onCancel } });
  let plan: AcceptPlan | null = null;

  const load = async () => {
    confirm.disabled = true;
    replace(body, loading('the preview'));
    try {
      const q = { proposed: choice.value as ProposedChoice, date: date.value, rebase: true };
      const pv = await api<Preview>(withQuery(`${paths.round(round.workspace, String(round.number))}/accept-preview`, q));
      plan = pv.plan;
      const line = (l: string, r: string, extra = '') => h('li', null, h('strong', { text: l }), ' → ', h('strong', { text: r }), extra);
      const figures = FIGURES.map(([k, label]) => `${label}: ${fmt(pv.impact.before[k])} → ${fmt(pv.impact.after[k])}`);
      replace(
        body,
        plan.stale
          ? h('p', {
              class: 'warn',
              attrs: { role: 'note' },
              text: `This round was made on version ${plan.roundVersion}; the data is now version ${plan.currentVersion}. Its pairs were re-checked: those that no longer hold are left out below.`,
            })
          : null,
        h('p', { attrs: { 'data-testid': 'preview-summary' }, text: plan.summary }),
        h('h4', { text: `Become ties dated ${plan.date} (${plan.write.length})` }),
        plan.write.length
          ? h(
              'ul',
              { attrs: { 'data-testid': 'preview-write' } },
              plan.write.map((t) => line(t.leftName, t.rightName, t.status === 'proposed' ? ' (was proposed)' : t.status === 'locked' ? ' (locked)' : '')),
            )
          : empty('No tie would be written.'),
        h('h4', { text: `Left out (${plan.dropped.length})` }),
        plan.dropped.length
          ? h(
              'ul',
              { attrs: { 'data-testid': 'preview-dropped' } },
              plan.dropped.map((d) => line(d.leftName, d.rightName, ` — ${d.reason}`)),
            )
          : h('p', { class: 'meta', text: 'Nothing is left out.' }),
        h('h4', { text: 'Impact of exactly these ties' }),
        figures.length
          ? h(
              'ul',
              { attrs: { 'data-testid': 'preview-impact' } },
              figures.map((f) => h('li', { text: f })),
            )
          : empty('No impact figures.'),
      );
      confirm.disabled = false;
    } catch (e) {
      replace(
        body,
        errorBox(e, () => void load()),
      );
    }
  };

  confirm.addEventListener('click', async () => {
    if (!plan) return;
    confirm.disabled = true;
    try {
      const res = await api<{ written: number; version: { number: number }; plan: AcceptPlan }>(
        `${paths.round(round.workspace, String(round.number))}/accept`,
        {
          method: 'POST',
          json: { proposed: plan.proposed, date: plan.date, rebase: plan.stale, expectVersion: plan.currentVersion },
        },
      );
      onAccepted(
        `Round accepted: ${res.written} tie${res.written === 1 ? '' : 's'} written into version ${res.version.number}` +
          (res.plan.dropped.length ? `, ${res.plan.dropped.length} pair${res.plan.dropped.length === 1 ? '' : 's'} left out` : ''),
      );
    } catch (e) {
      replace(
        body,
        errorBox(e, () => void load()),
      );
    }
  });
  choice.addEventListener('change', () => void load());
  date.addEventListener('change', () => void load());
  void load();
  return h(
    'section',
    { class: 'card', attrs: { 'data-testid': 'accept-preview', 'aria-label': 'Accept preview' } },
    h('h3', { text: `Accept round #${round.number}?` }),
    h('div', { class: 'row' }, proposedCount ? h('label', null, 'Pairs still proposed ', choice) : null, h('label', null, 'Ties start on ', date)),
    body,
    h('div', { class: 'row' }, confirm, cancel),
  );
}
