import type { RespondentView } from '../../../src/server/contract/surveys.ts';
import type { SurveyAnswers, SurveyConfig } from '../../../src/model/survey.ts';
import { h, replace } from '../ui/dom.ts';

/**
 * The respondent's form, opened from a personal link (`/survey.html#<token>`). The token stays in the
 * fragment (never sent as part of a URL) and goes to the API in a header. Every user string is set as
 * text, never HTML. Drafts are saved on the server, so the same link resumes on any device.
 */

type View = RespondentView & { config: SurveyConfig };
type Entry = View['roster'][number];
type Named = SurveyAnswers['named'][number];
type Added = SurveyAnswers['added'][number];
interface Problem {
  path: string;
  message: string;
  expected?: string;
}

const root = document.getElementById('survey')!;
const token = decodeURIComponent(location.hash.replace(/^#/, ''));
const TYPE_WORDS: Record<string, string> = {
  school: 'school',
  teacher: 'teacher',
  company: 'company',
  university: 'university',
  vet: 'vocational school',
  research: 'research organisation',
  hub: 'innovation hub',
  public: 'public body',
  community: 'community organisation',
  project: 'project',
  other: 'other',
};
const TIE_WORDS: Record<string, string> = {
  collaboration: 'worked together',
  partnership: 'formal partnership',
  mentoring: 'I mentor them',
  cocreation: 'co-created something',
  participation: 'joint project',
  affiliation: 'I work there',
};

async function call<T>(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { 'X-Survey-Token': token, Accept: 'application/json, application/problem+json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok)
    throw Object.assign(new Error(json.detail ?? json.title ?? `HTTP ${res.status}`), { status: res.status, problems: (json.errors ?? []) as Problem[] });
  return json as T;
}

/** Case- and accent-insensitive matching, so "skola" finds "Škola". */
const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

function fail(message: string): void {
  replace(
    root,
    h('h1', { text: 'This survey link does not work' }),
    h('p', { class: 'status bad', attrs: { role: 'alert' }, text: message }),
    h('p', { class: 'note', text: 'Ask the coordinator who sent it for a new link.' }),
  );
}

async function boot(): Promise<void> {
  if (!/^hs_/.test(token)) {
    fail('The link is incomplete: it should end with #hs_ followed by letters and digits.');
    return;
  }
  let view: View;
  try {
    view = await call<View>('GET', '/api/survey/form');
  } catch (e) {
    fail((e as Error).message);
    return;
  }
  render(view);
}

function render(view: View): void {
  const c = view.config;
  const byKey = new Map(view.roster.map((e) => [e.key, e]));
  const saved = (view.answers ?? {}) as Partial<SurveyAnswers>;
  const named: Named[] = (saved.named ?? []).filter((t) => byKey.has(t.key));
  const added: Added[] = [...(saved.added ?? [])];
  const node: Record<string, SurveyAnswers['node'][string]> = { ...(saved.node ?? {}) };
  const index = view.roster.map((e) => ({ e, text: fold(`${e.label} ${e.school ?? ''} ${e.region ?? ''} ${TYPE_WORDS[e.type] ?? e.type}`) }));

  const statusLine = h('p', { class: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const errors = h('div', { attrs: { role: 'alert' } });
  const namedList = h('div');
  const addedList = h('div');
  const search = h('input', {
    attrs: {
      type: 'search',
      id: 'roster-search',
      autocomplete: 'off',
      role: 'combobox',
      'aria-expanded': 'false',
      'aria-controls': 'roster-suggestions',
      'aria-autocomplete': 'list',
      placeholder: 'Type a name, school or region',
    },
  });
  const suggestions = h('ul', { class: 'suggestions', attrs: { id: 'roster-suggestions', role: 'listbox', 'aria-label': 'Matching names' } });
  let active = -1;
  let shown: Entry[] = [];

  const defaultTie = c.tieTypes[0];
  const followUps = (t: Named | Added, at: string) =>
    h(
      'div',
      { class: 'row' },
      c.tieTypes.length > 1
        ? h(
            'div',
            null,
            h('label', { text: 'Kind of tie', attrs: { for: `${at}-tie` } }),
            h(
              'select',
              {
                attrs: { id: `${at}-tie` },
                on: {
                  change: (ev) => {
                    t.tieType = (ev.target as HTMLSelectElement).value as Named['tieType'];
                  },
                },
              },
              c.tieTypes.map((k) => h('option', { text: TIE_WORDS[k] ?? k, attrs: { value: k, selected: (t.tieType ?? defaultTie) === k } })),
            ),
          )
        : null,
      c.frequency.length
        ? h(
            'div',
            null,
            h('label', { text: 'How often', attrs: { for: `${at}-freq` } }),
            h(
              'select',
              {
                attrs: { id: `${at}-freq` },
                on: {
                  change: (ev) => {
                    const v = (ev.target as HTMLSelectElement).value;
                    t.frequency = v || undefined;
                  },
                },
              },
              h('option', { text: '—', attrs: { value: '' } }),
              c.frequency.map((f) => h('option', { text: f, attrs: { value: f, selected: t.frequency === f } })),
            ),
          )
        : null,
      c.strength
        ? h(
            'div',
            null,
            h('label', { text: `How important (${c.strength.min} = a little, ${c.strength.max} = very)`, attrs: { for: `${at}-str` } }),
            h(
              'select',
              {
                attrs: { id: `${at}-str` },
                on: {
                  change: (ev) => {
                    const v = (ev.target as HTMLSelectElement).value;
                    t.strength = v ? Number(v) : undefined;
                  },
                },
              },
              h('option', { text: '—', attrs: { value: '' } }),
              range(c.strength.min, c.strength.max).map((v) => h('option', { text: String(v), attrs: { value: String(v), selected: t.strength === v } })),
            ),
          )
        : null,
    );

  const drawNamed = () => {
    replace(
      namedList,
      named.length
        ? named.map((t, i) => {
            const e = byKey.get(t.key)!;
            return h(
              'div',
              { class: 'card', attrs: { 'data-named': e.label } },
              h(
                'div',
                { class: 'row' },
                h(
                  'div',
                  null,
                  h('div', { class: 'who', text: e.label }),
                  h('div', { class: 'sub', text: [e.school, TYPE_WORDS[e.type] ?? e.type, e.region].filter(Boolean).join(' · ') }),
                ),
                h(
                  'div',
                  { style: { flex: '0 0 auto' } },
                  h('button', {
                    class: 'link',
                    text: 'Remove',
                    attrs: { type: 'button', 'aria-label': `Remove ${e.label}` },
                    on: {
                      click: () => {
                        named.splice(i, 1);
                        drawNamed();
                      },
                    },
                  }),
                ),
              ),
              followUps(t, `n${i}`),
            );
          })
        : h('p', { class: 'note', text: 'Nobody named yet.' }),
    );
  };
  const drawAdded = () => {
    replace(
      addedList,
      added.map((t, i) =>
        h(
          'div',
          { class: 'card', attrs: { 'data-added': t.name } },
          h(
            'div',
            { class: 'row' },
            h(
              'div',
              null,
              h('div', { class: 'who', text: t.name }),
              h('div', { class: 'sub', text: `${TYPE_WORDS[t.type] ?? t.type} · not on the list yet${t.note ? ` · ${t.note}` : ''}` }),
            ),
            h(
              'div',
              { style: { flex: '0 0 auto' } },
              h('button', {
                class: 'link',
                text: 'Remove',
                attrs: { type: 'button', 'aria-label': `Remove ${t.name}` },
                on: {
                  click: () => {
                    added.splice(i, 1);
                    drawAdded();
                  },
                },
              }),
            ),
          ),
          followUps(t, `a${i}`),
        ),
      ),
    );
  };

  const pick = (e: Entry) => {
    if (!named.some((t) => t.key === e.key)) {
      if (named.length >= c.nameGenerator.maxNames) {
        statusLine.textContent = `At most ${c.nameGenerator.maxNames} names.`;
        return;
      }
      named.push({ key: e.key, tieType: defaultTie });
    }
    search.value = '';
    drawSuggestions();
    drawNamed();
    search.focus();
  };
  const drawSuggestions = () => {
    const q = fold(search.value.trim());
    const taken = new Set(named.map((t) => t.key));
    shown =
      q.length < 2
        ? []
        : index
            .filter((x) => !taken.has(x.e.key) && q.split(/\s+/).every((w) => x.text.includes(w)))
            .slice(0, 8)
            .map((x) => x.e);
    active = shown.length ? 0 : -1;
    search.setAttribute('aria-expanded', String(shown.length > 0));
    replace(
      suggestions,
      shown.map((e, i) =>
        h(
          'li',
          { attrs: { role: 'none' } },
          h(
            'button',
            {
              attrs: { type: 'button', role: 'option', id: `sugg-${i}`, 'aria-selected': i === active ? 'true' : 'false' },
              on: { click: () => pick(e) },
            },
            h('span', { class: 'who', text: e.label }),
            ' ',
            h('span', { class: 'sub', text: [e.school, TYPE_WORDS[e.type] ?? e.type, e.region].filter(Boolean).join(' · ') }),
          ),
        ),
      ),
    );
    if (q.length >= 2 && !shown.length) suggestions.append(h('li', { class: 'note', text: 'No one on the list matches. You can add them below.' }));
  };
  search.addEventListener('input', drawSuggestions);
  search.addEventListener('keydown', (ev) => {
    if (!shown.length) return;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      active = (active + (ev.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length;
      suggestions.querySelectorAll('button[role=option]').forEach((b, i) => b.setAttribute('aria-selected', i === active ? 'true' : 'false'));
      search.setAttribute('aria-activedescendant', `sugg-${active}`);
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      pick(shown[Math.max(0, active)]);
    }
  });

  const addName = h('input', { attrs: { type: 'text', id: 'add-name', maxlength: 200 } });
  const addType = h(
    'select',
    { attrs: { id: 'add-type' } },
    Object.entries(TYPE_WORDS)
      .filter(([k]) => k !== 'project')
      .map(([k, w]) => h('option', { text: w, attrs: { value: k } })),
  );
  const addNote = h('input', { attrs: { type: 'text', id: 'add-note', maxlength: 500, placeholder: 'e.g. town, or what you did together' } });
  const addSection = c.allowAdditions
    ? h(
        'section',
        null,
        h('h2', { text: 'Someone not on the list?' }),
        h(
          'div',
          { class: 'card' },
          h('label', { text: 'Name', attrs: { for: 'add-name' } }),
          addName,
          h('label', { text: 'What kind of organisation or person', attrs: { for: 'add-type' } }),
          addType,
          h('label', { text: 'Note for the coordinator (optional)', attrs: { for: 'add-note' } }),
          addNote,
          h(
            'p',
            null,
            h('button', {
              text: 'Add',
              attrs: { type: 'button', id: 'add-button' },
              on: {
                click: () => {
                  const name = addName.value.trim();
                  if (!name) {
                    addName.focus();
                    return;
                  }
                  added.push({ name, type: addType.value as Added['type'], note: addNote.value.trim(), tieType: defaultTie });
                  addName.value = '';
                  addNote.value = '';
                  drawAdded();
                },
              },
            }),
          ),
        ),
        addedList,
      )
    : null;

  const questions = c.nodeQuestions.map((q) => {
    const id = `q-${q.id}`;
    if (q.kind === 'scale') {
      return h(
        'fieldset',
        { class: 'card' },
        h('legend', { text: q.label }),
        h(
          'div',
          { class: 'scale' },
          range(q.min, q.max).map((v) =>
            h(
              'label',
              null,
              h('input', {
                attrs: { type: 'radio', name: id, value: String(v), checked: node[q.id] === v },
                on: {
                  change: () => {
                    node[q.id] = v;
                  },
                },
              }),
              h('span', { text: String(v) }),
            ),
          ),
        ),
      );
    }
    if (q.kind === 'text') {
      return h(
        'div',
        { class: 'card' },
        h('label', { text: q.label, attrs: { for: id } }),
        h('textarea', {
          attrs: { id, maxlength: 2000 },
          text: typeof node[q.id] === 'string' ? (node[q.id] as string) : '',
          on: {
            input: (ev) => {
              node[q.id] = (ev.target as HTMLTextAreaElement).value;
            },
          },
        }),
      );
    }
    if (q.kind === 'choice') {
      return h(
        'div',
        { class: 'card' },
        h('label', { text: q.label, attrs: { for: id } }),
        h(
          'select',
          {
            attrs: { id },
            on: {
              change: (ev) => {
                const v = (ev.target as HTMLSelectElement).value;
                if (v) node[q.id] = v;
                else delete node[q.id];
              },
            },
          },
          h('option', { text: '—', attrs: { value: '' } }),
          q.options.map((o) => h('option', { text: o, attrs: { value: o, selected: node[q.id] === o } })),
        ),
      );
    }
    const chosen = new Set(Array.isArray(node[q.id]) ? (node[q.id] as string[]) : []);
    return h(
      'fieldset',
      { class: 'card checks' },
      h('legend', { text: q.label }),
      q.options.map((o) =>
        h(
          'label',
          null,
          h('input', {
            attrs: { type: 'checkbox', value: o, checked: chosen.has(o) },
            on: {
              change: (ev) => {
                if ((ev.target as HTMLInputElement).checked) chosen.add(o);
                else chosen.delete(o);
                node[q.id] = [...chosen];
              },
            },
          }),
          o,
        ),
      ),
    );
  });

  const answers = (): SurveyAnswers => ({ named, added, node });
  const save = async (submit: boolean) => {
    replace(errors);
    statusLine.className = 'status';
    statusLine.textContent = submit ? 'Submitting…' : 'Saving…';
    try {
      const r = await call<{ state: string; savedAt: string }>('PUT', '/api/survey/answers', { answers: answers(), submit });
      statusLine.className = 'status ok';
      statusLine.textContent =
        r.state === 'submitted'
          ? `Thank you — your answers are submitted (${time(r.savedAt)}). You can change them until the survey closes.`
          : `Saved at ${time(r.savedAt)}. Open the same link later to continue.`;
    } catch (e) {
      statusLine.className = 'status bad';
      statusLine.textContent = (e as Error).message;
      const problems = (e as { problems?: Problem[] }).problems ?? [];
      replace(
        errors,
        problems.map((p) =>
          h('p', { class: 'error', text: `${describe(p.path, named, added, byKey)}: ${p.message}${p.expected ? ` (expected ${p.expected})` : ''}` }),
        ),
      );
    }
  };

  replace(
    root,
    h('h1', { text: view.title }),
    c.intro ? h('p', { text: c.intro }) : null,
    h('p', {
      class: 'note',
      text: `You are answering for ${view.self.label}. Only the coordinator sees your answers. The link works until ${view.expiresAt.slice(0, 10)}.`,
    }),
    !view.open ? h('p', { class: 'status bad', attrs: { role: 'alert' }, text: 'This survey is closed; your answers can no longer be changed.' }) : null,
    view.state === 'submitted'
      ? h('p', { class: 'status ok', text: 'You have already submitted; you can still change your answers until the survey closes.' })
      : null,
    h(
      'section',
      null,
      h('h2', { text: c.nameGenerator.prompt }),
      h('label', { text: 'Find a name', attrs: { for: 'roster-search' } }),
      search,
      suggestions,
      namedList,
    ),
    addSection,
    questions.length ? h('section', null, h('h2', { text: 'About your organisation' }), questions) : null,
    errors,
    statusLine,
    view.open
      ? h(
          'div',
          { class: 'actions' },
          h('button', { text: 'Save and continue later', attrs: { type: 'button', id: 'save-draft' }, on: { click: () => void save(false) } }),
          h('button', { class: 'primary', text: 'Submit', attrs: { type: 'button', id: 'submit' }, on: { click: () => void save(true) } }),
        )
      : null,
  );
  drawNamed();
  drawAdded();
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

function time(isoText: string): string {
  return new Date(isoText).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** A problem's JSON path in the respondent's words ("answers.named.2.strength" → "Robo Ltd, how important"). */
function describe(path: string, named: Named[], added: Added[], byKey: Map<string, Entry>): string {
  const m = /^answers\.(named|added)\.(\d+)(?:\.(\w+))?/.exec(path);
  if (!m) return path.replace(/^answers\./, '').replace(/^node\./, 'question ');
  const who = m[1] === 'named' ? byKey.get(named[Number(m[2])]?.key ?? '')?.label : added[Number(m[2])]?.name;
  const field = { tieType: 'kind of tie', frequency: 'how often', strength: 'how important', key: 'name' }[m[3] ?? 'key'] ?? m[3];
  return `${who ?? 'a name'}, ${field}`;
}

void boot();
