import type { App } from '../app.ts';
import { api } from '../api/client.ts';
import type { SurveyInfo, SurveyStatusResponse } from '../../../src/server/contract/surveys.ts';
import { download, empty, errorBox, h, loading, replace } from '../ui/dom.ts';
import { schemaForm, type JsonSchema } from '../ui/schema-form.ts';

/**
 * The coordinator's surveys: create a wave (form generated from the survey config's JSON Schema), hand out
 * personal links as a mail-merge CSV, follow who has answered, review added names, and close the wave into
 * a new version (after which the temporal diff and the isolation list show the change between waves).
 */

/** The wave to show again after the app remounts the view (closing a wave reloads the versions). */
let reopen: number | undefined;
type Status = SurveyStatusResponse['status'];

const enc = encodeURIComponent;
const surveysPath = (ws: string) => `/api/workspaces/${enc(ws)}/surveys`;
const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);

export function mountSurveys(app: App, root: HTMLElement): () => void {
  const listHost = h('section', { attrs: { 'aria-labelledby': 'surveys-h' } });
  const detailHost = h('section', { attrs: { 'aria-live': 'polite', 'data-testid': 'survey-detail' } });
  const createHost = h('section', { attrs: { 'aria-labelledby': 'survey-new-h' } });
  replace(
    root,
    h(
      'div',
      { class: 'page' },
      h('h1', { text: 'Relationship surveys', attrs: { id: 'surveys-h' } }),
      h('p', { class: 'muted', text: 'Ask schools, companies and teachers whom they actually work with. Each wave becomes a dated version of the network.' }),
      listHost,
      detailHost,
      createHost,
    ),
  );
  const ws = app.ws;
  if (!ws) {
    replace(listHost, empty('No workspace yet.'));
    return () => {};
  }

  const open = async (n: number) => {
    replace(detailHost, loading(`survey ${n}`));
    try {
      const { survey, status } = await api<{ survey: SurveyInfo; status: Status }>(`${surveysPath(ws)}/${n}/status`);
      renderDetail(app, ws, survey, status, detailHost, () => void refresh(n));
    } catch (e) {
      replace(
        detailHost,
        errorBox(e, () => void open(n)),
      );
    }
  };
  const refresh = async (select?: number) => {
    try {
      const { surveys } = await api<{ surveys: SurveyInfo[] }>(surveysPath(ws));
      replace(
        listHost,
        surveys.length
          ? h(
              'table',
              { class: 'grid', attrs: { 'data-testid': 'survey-list' } },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  ['Wave', 'Title', 'Status', 'Answered', 'On version', 'Into version'].map((t) => h('th', { text: t, attrs: { scope: 'col' } })),
                ),
              ),
              h(
                'tbody',
                null,
                surveys.map((s) =>
                  h(
                    'tr',
                    null,
                    h(
                      'td',
                      null,
                      h('button', { text: `Wave ${s.number}`, attrs: { type: 'button', 'data-wave': s.number }, on: { click: () => void refresh(s.number) } }),
                    ),
                    h('td', { text: s.title }),
                    h('td', { text: s.status }),
                    h('td', { text: `${s.submitted} / ${s.respondents}` }),
                    h('td', { text: s.baseVersion ?? '–' }),
                    h('td', { text: s.closedVersion ?? '–' }),
                  ),
                ),
              ),
            )
          : empty('No survey yet: create the first wave below.'),
      );
      if (select) await open(select);
    } catch (e) {
      replace(
        listHost,
        errorBox(e, () => void refresh(select)),
      );
    }
  };
  void refresh(reopen);
  reopen = undefined;
  void renderCreate(ws, createHost, (n) => void refresh(n));
  return () => {};
}

async function renderCreate(ws: string, host: HTMLElement, created: (n: number) => void): Promise<void> {
  replace(host, loading('the survey form'));
  let schema: JsonSchema;
  try {
    schema = await api<JsonSchema>('/api/survey-config-schema');
  } catch (e) {
    replace(host, errorBox(e));
    return;
  }
  const form = schemaForm(schema, { idPrefix: 'survey' });
  const out = h('div', { attrs: { 'aria-live': 'polite' } });
  const go = h('button', { class: 'primary', text: 'Create wave', attrs: { type: 'button', 'data-testid': 'survey-create' } });
  go.addEventListener('click', async () => {
    const { value, errors } = form.value();
    if (errors.length) {
      replace(
        out,
        errorBox(new Error('Fix these fields first'), undefined),
        h(
          'ul',
          null,
          errors.map((e) => h('li', { text: e })),
        ),
      );
      return;
    }
    go.disabled = true;
    try {
      const s = await api<SurveyInfo>(surveysPath(ws), { method: 'POST', json: value });
      replace(out, h('p', { class: 'state', attrs: { role: 'status' }, text: `Wave ${s.number} created with ${s.respondents} respondents.` }));
      created(s.number);
    } catch (e) {
      replace(out, errorBox(e));
    } finally {
      go.disabled = false;
    }
  });
  replace(
    host,
    h('h2', { text: 'New wave', attrs: { id: 'survey-new-h' } }),
    h('p', { class: 'muted', text: 'Respondents and the list they may name are taken from the current version.' }),
    form.el,
    go,
    out,
  );
}

function renderDetail(app: App, ws: string, s: SurveyInfo, st: Status, host: HTMLElement, refresh: () => void): void {
  const base = `${surveysPath(ws)}/${s.number}`;
  const out = h('div', { attrs: { 'aria-live': 'polite' } });
  const links = h('button', {
    text: 'Download personal links (CSV)',
    attrs: { type: 'button', 'data-testid': 'survey-links' },
    on: {
      click: async () => {
        if (s.submitted && !confirm('New links replace the earlier ones (answers are kept). Continue?')) return;
        try {
          const csv = await api<string>(`${base}/links`, { method: 'POST', json: { format: 'csv' } });
          download(`${ws}-survey-${s.number}-links.csv`, csv);
          replace(
            out,
            h('p', { class: 'state', attrs: { role: 'status' }, text: `${st.total} links downloaded. Each respondent's earlier link no longer works.` }),
          );
        } catch (e) {
          replace(out, errorBox(e));
        }
      },
    },
  });
  const decisions = new Map<string, { action: HTMLSelectElement; into: HTMLInputElement }>();
  const review = st.additions.length
    ? h(
        'div',
        null,
        h('h3', { text: `Added by respondents — decide before closing (${st.additions.length})` }),
        h(
          'table',
          { class: 'grid', attrs: { 'data-testid': 'survey-additions' } },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['Name', 'Kind', 'Added by', 'Note', 'Decision', 'Merge into (node id)'].map((t) => h('th', { text: t, attrs: { scope: 'col' } })),
            ),
          ),
          h(
            'tbody',
            null,
            st.additions.map((a) => {
              const action = h(
                'select',
                { attrs: { 'aria-label': `Decision for ${a.name}` } },
                h('option', { text: 'add as a new node', attrs: { value: 'add' } }),
                h('option', { text: 'same as an existing node', attrs: { value: 'merge' } }),
                h('option', { text: 'drop', attrs: { value: 'drop' } }),
              );
              const into = h('input', { attrs: { type: 'text', 'aria-label': `Existing node for ${a.name}`, placeholder: 'node id' } });
              decisions.set(a.key, { action, into });
              return h(
                'tr',
                null,
                h('td', { text: a.name }),
                h('td', { text: a.type }),
                h('td', { text: a.respondentLabel }),
                h('td', { text: a.note }),
                h('td', null, action),
                h('td', null, into),
              );
            }),
          ),
        ),
      )
    : null;

  const close = h('button', {
    class: 'primary',
    text: 'Close wave into a new version',
    attrs: { type: 'button', 'data-testid': 'survey-close' },
    on: {
      click: async () => {
        if (!confirm(`Close wave ${s.number}? ${st.submitted} of ${st.total} have answered; answers can no longer be changed after closing.`)) return;
        const body: Record<string, unknown> = {
          review: Object.fromEntries(
            [...decisions].map(([k, d]) => [k, d.action.value === 'merge' ? { action: 'merge', into: d.into.value.trim() } : { action: d.action.value }]),
          ),
        };
        try {
          const r = await api<{
            version: { number: number };
            summary: { ties: { written: number; confirmed: number; oneSided: number }; respondents: { submitted: number } };
          }>(`${base}/close`, { method: 'POST', json: body });
          app.forget();
          reopen = s.number;
          await app.reload({ newest: true });
          app.toast(`Wave ${s.number} is version ${r.version.number}: ${r.summary.ties.written} ties`);
        } catch (e) {
          replace(out, errorBox(e));
        }
      },
    },
  });

  const rates = (title: string, rows: Status['byRegion']) =>
    rows.length
      ? h(
          'div',
          null,
          h('h3', { text: title }),
          h(
            'table',
            { class: 'grid' },
            h(
              'tbody',
              null,
              rows.map((g) => h('tr', null, h('td', { text: g.group }), h('td', { text: `${g.submitted} / ${g.total}` }), h('td', { text: pct(g.rate) }))),
            ),
          ),
        )
      : null;

  replace(
    host,
    h('h2', { text: `Wave ${s.number}: ${s.title}` }),
    h('p', {
      attrs: { 'data-testid': 'survey-progress' },
      text: `${st.submitted} / ${st.total} answered (${pct(st.rate)}) · ${st.drafts} started · ${st.pending} not started · ${s.status === 'open' ? `links work until ${s.expiresAt.slice(0, 10)}` : `closed into version ${s.closedVersion}`}`,
    }),
    h(
      'dl',
      { class: 'kv' },
      h('dt', { text: 'Named both ways' }),
      h('dd', {
        attrs: { 'data-testid': 'survey-reciprocity' },
        text: `${st.reciprocity.confirmed} of ${st.reciprocity.pairs} ties between respondents (${pct(st.reciprocity.share)})`,
      }),
      h('dt', { text: 'Never named' }),
      h('dd', { text: `${st.roster.neverNamed} of ${st.roster.size} on the list (${pct(st.roster.neverNamedShare)})` }),
    ),
    h('div', { class: 'two' }, rates('By region', st.byRegion), rates('By hub', st.byHub)),
    st.notAnswered.length
      ? h(
          'details',
          null,
          h('summary', { text: `Not answered yet (${st.notAnswered.length}) — for reminders` }),
          h(
            'ul',
            null,
            st.notAnswered.map((r) => h('li', { text: `${r.label}${r.region ? ` · ${r.region}` : ''}${r.state === 'draft' ? ' (started)' : ''}` })),
          ),
        )
      : null,
    review,
    s.status === 'open'
      ? h('p', { class: 'row' }, links, ' ', h('button', { text: 'Refresh', attrs: { type: 'button' }, on: { click: refresh } }), ' ', close)
      : null,
    out,
  );
}
