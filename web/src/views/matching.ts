import type { App } from '../app.ts';
import { api, paths, withQuery } from '../api/client.ts';
import type { Pair, PairStatus, Round, RoundSummary } from '../api/types.ts';
import { pairBars } from '../ui/charts.ts';
import { empty, errorBox, fmt, h, loading, replace } from '../ui/dom.ts';
import { schemaForm, type JsonSchema, type SchemaForm } from '../ui/schema-form.ts';
import { virtualTable } from '../ui/table.ts';

type Kind = 'mentor' | 'partner';

/**
 * The programme lead's workbench: rules and weights from the config schema, a run, the proposed
 * pairs (table + dashed edges on the map) with explanations, unmatched and impact; approve (lock)
 * or reject pairs, rerun keeping those decisions, accept the round, download CSV.
 */
export function mountMatching(app: App, host: HTMLElement): () => void {
  const ws = app.ws!;
  const kindSel = h('select', { attrs: { 'aria-label': 'Kind of matching', 'data-testid': 'match-kind' } },
    h('option', { text: 'Mentors for schools / teachers', attrs: { value: 'mentor' } }),
    h('option', { text: 'Partners for organisations', attrs: { value: 'partner' } }));
  const formHost = h('div', null, loading('matching rules'));
  const runBtn = h('button', { class: 'primary', text: 'Run matching', attrs: { type: 'button', 'data-testid': 'run-match' } });
  const roundsSel = h('select', { attrs: { 'aria-label': 'Earlier rounds' } });
  const roundHost = h('div');
  let schemas: Record<Kind, JsonSchema> | null = null;
  let form: SchemaForm | null = null;
  let round: Round | null = null;

  replace(host,
    h('h2', { text: 'Matching' }),
    h('div', { class: 'row' }, h('label', null, 'Round ', roundsSel)),
    h('details', { attrs: { open: true } }, h('summary', { text: 'Rules and weights' }),
      h('label', { class: 'field' }, 'Kind', kindSel), formHost),
    h('div', { class: 'row' }, runBtn),
    roundHost,
  );

  const buildForm = () => {
    if (!schemas) return;
    const kind = kindSel.value as Kind;
    form = schemaForm(schemas[kind], { idPrefix: kind });
    replace(formHost, form.el);
  };

  const loadSchemas = async () => {
    try {
      const s = await app.get<Record<Kind, JsonSchema>>('/api/schemas/match-config');
      schemas = s;
      buildForm();
    } catch (e) {
      replace(formHost, errorBox(e, () => void loadSchemas()));
    }
  };
  kindSel.addEventListener('change', buildForm);

  const loadRounds = async (selectId?: string) => {
    try {
      const res = await api<{ rounds: RoundSummary[] }>(paths.rounds(ws));
      const rounds = [...res.rounds].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
      replace(roundsSel, h('option', { text: rounds.length ? 'Pick a round…' : 'No rounds yet', attrs: { value: '' } }),
        rounds.map((r) => h('option', { text: `${r.label ?? r.kind} · ${r.status} · ${String(r.createdAt).slice(0, 16).replace('T', ' ')}`, attrs: { value: r.id } })));
      const id = selectId ?? rounds[0]?.id;
      if (id) { roundsSel.value = id; await showRound(id); }
      else replace(roundHost, empty('No round yet: set the rules and run one.'));
    } catch (e) {
      replace(roundHost, errorBox(e, () => void loadRounds()));
    }
  };
  roundsSel.addEventListener('change', () => { if (roundsSel.value) void showRound(roundsSel.value); });

  const showRound = async (id: string) => {
    replace(roundHost, loading('the round'));
    try {
      round = await api<Round>(paths.round(ws, id));
      drawRound();
    } catch (e) {
      replace(roundHost, errorBox(e, () => void showRound(id)));
    }
  };

  runBtn.addEventListener('click', async () => {
    if (!form) return;
    const { value, errors } = form.value();
    if (errors.length) { replace(roundHost, errorBox(new Error('Fix the rules first'), undefined), h('ul', null, errors.map((e) => h('li', { text: e })))); return; }
    if (round && round.status === 'draft') carryDecisions(value, round, schemas![kindSel.value as Kind]);
    runBtn.disabled = true;
    replace(roundHost, loading('matching (exact optimisation)'));
    try {
      const created = await api<Round>(withQuery(paths.newRound(ws, app.version!), { wait: true }), {
        method: 'POST', json: { kind: kindSel.value, config: value, label: `${kindSel.value} round` },
      });
      await loadRounds(created.id);
    } catch (e) {
      replace(roundHost, errorBox(e));
    } finally {
      runBtn.disabled = false;
    }
  });

  const setStatus = async (p: Pair, status: PairStatus) => {
    try {
      const updated = await api<Pair>(paths.pair(ws, round!.id, p.id), { method: 'PATCH', json: { status } });
      Object.assign(p, { status: updated?.status ?? status });
      drawRound();
    } catch (e) {
      app.toast(e instanceof Error ? e.message : String(e));
    }
  };

  const drawRound = () => {
    const r = round!;
    app.map?.setPairs(r.pairs.map((p) => ({ left: p.left, right: p.right, status: p.status })));
    const accepted = r.status === 'accepted';
    const explain = h('div', { class: 'card', attrs: { 'aria-live': 'polite' } }, h('span', { class: 'meta', text: 'Click a pair to see why it was proposed.' }));
    const showExplain = (p: Pair) => {
      replace(explain, h('strong', { text: `${p.leftLabel ?? p.left} ↔ ${p.rightLabel ?? p.right}` }), ` score ${fmt(p.score, 3)}`,
        h('ul', { class: 'explain' }, p.explanation.map((x) => h('li', { text: `${x.text}${Number.isFinite(x.score) ? ` (${fmt(x.score, 2)})` : ''}` }))));
      app.update({ selected: p.left });
      void app.map?.focus(p.left, 0.4);
    };
    const actions = (p: Pair) => {
      if (accepted) return h('span', { class: `tag ${p.status === 'rejected' ? 'bad' : 'ok'}`, text: p.status });
      const b = (text: string, status: PairStatus, title: string) => h('button', {
        text, title, attrs: { type: 'button', 'aria-pressed': String(p.status === status), 'aria-label': `${title}: ${p.leftLabel ?? p.left} and ${p.rightLabel ?? p.right}` },
        on: { click: (e) => { e.stopPropagation(); void setStatus(p, p.status === status ? 'proposed' : status); } },
      });
      return h('span', { class: 'row' }, b('🔒', 'approved', 'Lock (keep in reruns)'), b('✕', 'rejected', 'Reject'));
    };
    const table = virtualTable<Pair>([
      { key: 'left', label: r.kind === 'mentor' ? 'Mentee' : 'A', value: (p) => p.leftLabel ?? p.left },
      { key: 'right', label: r.kind === 'mentor' ? 'Mentor' : 'B', value: (p) => p.rightLabel ?? p.right },
      { key: 'score', label: 'Score', value: (p) => p.score, numeric: true },
      { key: 'status', label: 'Status', value: (p) => p.status },
      { key: 'actions', label: '', value: () => '', render: actions },
    ], r.pairs, { height: Math.min(320, 34 + r.pairs.length * 28), rowHeight: 28, onRowClick: showExplain, testid: 'pairs-table', initialSort: { key: 'score', desc: true }, rowClass: (p) => (p.status === 'rejected' ? 'rejected' : '') });
    const counts = { approved: 0, rejected: 0, proposed: 0 };
    for (const p of r.pairs) counts[p.status]++;
    const unmatched = unmatchedOf(r);
    const impactHost = h('div');
    replace(roundHost,
      h('h3', { text: `Round ${r.label ?? r.id}` }),
      h('p', { attrs: { 'data-testid': 'round-status' } },
        h('span', { class: `tag ${accepted ? 'ok' : ''}`, text: accepted ? 'accepted' : 'draft' }),
        ` ${r.pairs.length} pairs · total score ${fmt(r.summary?.total, 3)} · ${counts.approved} locked · ${counts.rejected} rejected`),
      r.pairs.length ? table.el : empty('No pair could be formed under these rules.'),
      explain,
      h('div', { class: 'row' },
        accepted ? null : h('button', { text: 'Rerun keeping locks and rejections', attrs: { type: 'button' }, on: { click: () => runBtn.click() } }),
        accepted ? null : h('button', { class: 'primary', text: 'Accept round', attrs: { type: 'button', 'data-testid': 'accept-round' }, on: { click: () => void accept() } }),
        h('a', { text: 'Download CSV', attrs: { href: withQuery(`${paths.round(ws, r.id)}/export`, { format: 'csv' }), download: `${ws}-round.csv` } }),
      ),
      h('h3', { text: `Unmatched (${unmatched.length})` }),
      unmatched.length ? h('ul', { class: 'reasons' }, unmatched.slice(0, 100).map((u) => h('li', null, h('strong', { text: u.label }), u.why ? ` — ${u.why}` : ''))) : h('p', { class: 'meta', text: 'Everyone who needed a match got one, or the run did not report unmatched.' }),
      h('h3', { text: 'Impact (before → after)' }),
      impactHost,
    );
    void loadImpact(r, impactHost);
  };

  const accept = async () => {
    if (!round) return;
    try {
      await api<Round>(`${paths.round(ws, round.id)}/accept`, { method: 'POST', json: {} });
      app.toast('Round accepted: its pairs are now ties in a new dataset version');
      const id = round.id;
      app.forget();
      await app.reload({ newest: true });
      void id;
    } catch (e) {
      app.toast(e instanceof Error ? e.message : String(e));
    }
  };

  void loadSchemas();
  void loadRounds();
  return () => app.map?.setPairs([]);
}

async function loadImpact(r: Round, host: HTMLElement): Promise<void> {
  replace(host, loading('impact'));
  try {
    const doc = await api<Record<string, unknown>>(`${paths.round(r.workspace, r.id)}/impact`);
    const rows = beforeAfter(doc);
    if (!rows.length) { replace(host, empty('No impact figures for this round.')); return; }
    replace(host, pairBars(rows, { aLabel: 'before', bLabel: 'after' }),
      h('ul', { class: 'explain', attrs: { 'data-testid': 'impact' } }, rows.map((x) => h('li', { text: `${x.label}: ${fmt(x.a)} → ${fmt(x.b)}` }))));
  } catch (e) {
    replace(host, errorBox(e));
  }
}

/** Pairs numeric figures found under `before` and `after` (any nesting) by their path. */
export function beforeAfter(doc: Record<string, unknown>): { label: string; a: number; b: number }[] {
  const flat = (v: unknown, p: string, out: Map<string, number>) => {
    if (typeof v === 'number' && Number.isFinite(v)) out.set(p, v);
    else if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) flat(x, p ? `${p}.${k}` : k, out);
  };
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  flat(doc.before, '', a);
  flat(doc.after, '', b);
  return [...a.keys()].filter((k) => b.has(k)).slice(0, 14).map((k) => ({ label: k, a: a.get(k)!, b: b.get(k)! }));
}

function unmatchedOf(r: Round): { label: string; why: string }[] {
  const raw = (r.unmatched ?? (r.report as Record<string, unknown> | undefined)?.unmatched ?? (r.result as Record<string, unknown> | undefined)?.unmatched) as unknown;
  if (!Array.isArray(raw)) return [];
  return raw.map((u) => {
    if (typeof u === 'string') return { label: u, why: '' };
    const o = u as Record<string, unknown>;
    const reasons = (o.reasons ?? o.reason ?? o.why) as unknown;
    const why = Array.isArray(reasons) ? reasons.map((x) => (typeof x === 'string' ? x : String((x as { text?: string }).text ?? JSON.stringify(x)))).join('; ') : reasons ? String(reasons) : '';
    return { label: String(o.label ?? o.id ?? '?'), why };
  });
}

/**
 * Carries the lead's decisions into a rerun: approved pairs go into the config's locked-pairs
 * list and rejected pairs into its excluded pairs, whatever those fields are called in the schema.
 */
export function carryDecisions(config: Record<string, unknown>, round: Round, schema: JsonSchema): void {
  const props = schema.properties ?? {};
  const find = (re: RegExp) => Object.keys(props).find((k) => re.test(k));
  const pairShape = (key: string): [string, string] => {
    const defs = schema.$defs ?? {};
    let items = props[key]?.items ?? props[key]?.anyOf?.find((x) => x.type === 'array')?.items ?? {};
    if (items.$ref?.startsWith('#/$defs/')) items = defs[items.$ref.slice(8)] ?? {};
    const names = Object.keys(items.properties ?? {});
    return names.length >= 2 ? [names[0], names[1]] : ['left', 'right'];
  };
  const locked = round.pairs.filter((p) => p.status === 'approved');
  const rejected = round.pairs.filter((p) => p.status === 'rejected');
  const lockKey = find(/lock/i);
  if (lockKey && locked.length) {
    const [a, b] = pairShape(lockKey);
    config[lockKey] = locked.map((p) => ({ [a]: p.left, [b]: p.right }));
  }
  const exKey = find(/exclu|forbid|reject/i);
  if (exKey && rejected.length) {
    const exSchema = props[exKey];
    if (exSchema?.properties) {
      // e.g. exclusions: {pairs: [...], mentors: [...]}
      const pairsKey = Object.keys(exSchema.properties).find((k) => /pair/i.test(k)) ?? 'pairs';
      const sub = { ...schema, properties: exSchema.properties };
      const [a, b] = pairShape.call(null, pairsKey) && (Object.keys(sub.properties[pairsKey]?.items?.properties ?? {}).slice(0, 2) as [string, string]);
      const prev = (config[exKey] as Record<string, unknown>) ?? {};
      config[exKey] = { ...prev, [pairsKey]: rejected.map((p) => ({ [a ?? 'left']: p.left, [b ?? 'right']: p.right })) };
    } else {
      const [a, b] = pairShape(exKey);
      config[exKey] = rejected.map((p) => ({ [a]: p.left, [b]: p.right }));
    }
  }
}
