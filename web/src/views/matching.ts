import type { App } from '../app.ts';
import { api, ApiError, paths, withQuery } from '../api/client.ts';
import type { MatchConfigSchemas, MatchKind, Pair, PairStatus, Round, RoundSummary } from '../api/types.ts';
import { pairBars } from '../ui/charts.ts';
import { empty, errorBox, fmt, h, loading, replace } from '../ui/dom.ts';
import { schemaForm, type IdPair, type JsonSchema, type NodeSource, type SchemaForm } from '../ui/schema-form.ts';
import { rankOptions } from '../ui/node-picker.ts';
import { virtualTable } from '../ui/table.ts';
import { IMPACT_INDICATORS } from '../../../src/model/vocabulary.ts';
import { explanationLines } from '../ui/explain.ts';
import { acceptPreview } from './accept-preview.ts';
import { icon, leftOutList } from './left-out.ts';
import { pairCards } from './pair-cards.ts';
import { pairNodeOptions } from './pair-nodes.ts';
import { roundOutcomes } from './round-outcomes.ts';
import { type PrunedParts, versionLabel } from './pruned-version.ts';
import { mountPartnerEvaluation } from './matching-evaluate.ts';
import { scoringBlock } from './scoring-info.ts';
import './rounds.css';

type Kind = MatchKind;

/** Node types each side of a pair field offers in its picker. */
const PICK_TYPES: Record<Kind, [string[], string[]]> = {
  mentoring: [
    ['school', 'teacher'],
    ['school', 'teacher'],
  ],
  partnership: [['company'], ['school', 'vet', 'university', 'research']],
};
/** Below this width the pairs table becomes cards (the workbench is a drawer on phones). */
const NARROW = '(max-width: 700px)';

/**
 * The programme lead's workbench: rules and weights from the config schema, a run, the proposed
 * pairs (table + dashed edges on the map) with explanations, unmatched and impact; approve (lock)
 * or reject pairs, rerun keeping those decisions, accept the round, download CSV.
 */
export function mountMatching(app: App, host: HTMLElement): () => void {
  const ws = app.ws!;
  const kindSel = h(
    'select',
    { attrs: { 'aria-label': 'Kind of matching', 'data-testid': 'match-kind' } },
    h('option', { text: 'Mentors for schools / teachers', attrs: { value: 'mentoring' satisfies MatchKind } }),
    h('option', { text: 'Partners for organisations', attrs: { value: 'partnership' satisfies MatchKind } }),
  );
  const formHost = h('div', null, loading('matching rules'));
  const runBtn = h('button', { class: 'primary', text: 'Run matching', attrs: { type: 'button', 'data-testid': 'run-match' } });
  // Until the rules form is built (schemas and the version's nodes for the pickers), a click could not run.
  runBtn.disabled = true;
  let running = false;
  const roundsSel = h('select', { attrs: { 'aria-label': 'Earlier rounds', id: 'match-round' }, style: { 'max-width': '100%' } });
  const roundHost = h('div', { attrs: { 'data-testid': 'round' } });
  const evalHost = h('section', { class: 'card', attrs: { 'aria-labelledby': 'eval-h', 'data-testid': 'partner-evaluation' } });
  let schemas: Record<MatchKind, JsonSchema> | null = null;
  let form: SchemaForm | null = null;
  /** One form per kind, kept when switching kinds so each kind's rules stay as the lead set them. */
  const forms: Partial<Record<MatchKind, SchemaForm>> = {};
  let round: Round | null = null;
  let rulesBox: HTMLDetailsElement;

  replace(
    host,
    h('h2', { text: 'Matching' }),
    h('div', { class: 'field' }, h('label', { text: 'Round', attrs: { for: 'match-round' } }), roundsSel),
    (rulesBox = h(
      'details',
      { attrs: { open: true } },
      h('summary', { text: 'Rules and weights' }),
      h('label', { class: 'field' }, 'Kind', kindSel),
      formHost,
    )),
    h('div', { class: 'row' }, runBtn),
    roundHost,
    evalHost,
  );
  // Partner mode: how the suggestions under these rules would have predicted the ties that formed.
  mountPartnerEvaluation(app, evalHost, () => {
    const r = formFor('partnership')?.value();
    if (r?.errors.length) ruleProblems(r.errors);
    return r && !r.errors.length ? r.value : null;
  });
  const showEvaluation = () => (evalHost.hidden = kindSel.value !== 'partnership');
  showEvaluation();
  kindSel.addEventListener('change', showEvaluation);

  let nodeOptions: ReturnType<typeof pairNodeOptions> | null = null;
  /** The version's nodes for the pair fields' pickers, named as rounds name them (teachers with their school). */
  const nodeSource = (kind: Kind): NodeSource | undefined => {
    const opts = nodeOptions;
    if (!opts) return undefined;
    const pools = PICK_TYPES[kind].map((types) => types.flatMap((t) => opts.byType.get(t) ?? []));
    return {
      search: (q, side) => {
        // Mentor rounds match one level: offer only schools, or only teachers, as the form's Level says.
        const level = kind === 'mentoring' ? forms.mentoring?.el.querySelector<HTMLSelectElement>('#mentoring-level')?.value : undefined;
        return rankOptions(level ? (opts.byType.get(level) ?? []) : pools[side], q);
      },
      name: (id) => opts.byId.get(id)?.name ?? id,
    };
  };
  const formFor = (kind: Kind): SchemaForm | null => {
    if (!schemas) return null;
    return (forms[kind] ??= schemaForm(schemas[kind], { idPrefix: kind, nodes: nodeSource(kind) }));
  };
  const buildForm = () => {
    const f = formFor(kindSel.value as Kind);
    if (!f) return;
    form = f;
    replace(formHost, form.el);
    if (!running) runBtn.disabled = false;
  };

  const loadSchemas = async () => {
    try {
      const [s, graph] = await Promise.all([
        app.get<MatchConfigSchemas>('/api/schemas/match-config'),
        app.ws && app.version ? app.loadGraph().catch(() => null) : Promise.resolve(null),
      ]);
      if (graph) nodeOptions = pairNodeOptions(graph);
      schemas = s as Record<MatchKind, JsonSchema>;
      buildForm();
    } catch (e) {
      replace(
        formHost,
        errorBox(e, () => void loadSchemas()),
      );
    }
  };
  kindSel.addEventListener('change', buildForm);

  const loadRounds = async (selectId?: string) => {
    try {
      const res = await api<{ rounds: RoundSummary[] }>(paths.rounds(ws));
      const rounds = [...res.rounds].sort((a, b) => b.number - a.number);
      replace(
        roundsSel,
        h('option', { text: rounds.length ? 'Pick a round…' : 'No rounds yet', attrs: { value: '' } }),
        rounds.map((r) => {
          // A round made on a version retention pruned names that version as the version select does.
          const base = app.versions.find((v) => v.number === r.version);
          return h('option', {
            text: `#${r.number} ${r.name ?? r.kind} · ${r.status}${base?.prunedAt ? ` · on ${versionLabel(base).text}` : ''} · ${String(r.createdAt).slice(0, 16).replace('T', ' ')}`,
            attrs: { value: String(r.number), title: base?.prunedAt ? versionLabel(base).title : undefined },
          });
        }),
      );
      const id = selectId ?? (rounds[0] ? String(rounds[0].number) : undefined);
      if (id) {
        roundsSel.value = id;
        rulesBox.open = false;
        await showRound(id);
      } else replace(roundHost, empty('No round yet: set the rules and run one.'));
    } catch (e) {
      replace(
        roundHost,
        errorBox(e, () => void loadRounds()),
      );
    }
  };
  roundsSel.addEventListener('change', () => {
    if (roundsSel.value) void showRound(roundsSel.value);
  });

  const showRound = async (id: string) => {
    replace(roundHost, loading('the round'));
    try {
      round = await api<Round>(paths.round(ws, id));
      drawRound();
    } catch (e) {
      replace(
        roundHost,
        errorBox(e, () => void showRound(id)),
      );
    }
  };

  runBtn.addEventListener('click', async () => {
    if (!form) return;
    const { value, errors } = form.value();
    if (errors.length) {
      ruleProblems(errors);
      return;
    }
    if (round && round.status === 'open') carryDecisions(value, round);
    running = true;
    runBtn.disabled = true;
    replace(roundHost, loading('matching (exact optimisation)'));
    try {
      const created = await api<Round>(withQuery(paths.newRound(ws, app.version!), { wait: true }), {
        method: 'POST',
        json: { kind: kindSel.value as MatchKind, config: value, name: `${kindSel.value} round` },
      });
      await loadRounds(String(created.number));
    } catch (e) {
      // The server's validation problems belong next to their fields, said as a fix, not as a failure.
      if (e instanceof ApiError && (e.status === 400 || e.status === 422) && e.problems.length) ruleProblems(form.showProblems(e.problems, 'config'));
      else replace(roundHost, errorBox(e));
    } finally {
      running = false;
      runBtn.disabled = false;
    }
  });

  /** The banner for rules that need a fix: each problem in words (also shown next to its field). */
  const ruleProblems = (messages: string[]) => {
    rulesBox.open = true;
    replace(
      roundHost,
      h(
        'div',
        { class: 'state error', attrs: { role: 'alert', 'data-testid': 'rule-errors' } },
        h('strong', { text: `The rules need a fix before running (${messages.length}):` }),
        h(
          'ul',
          null,
          messages.map((e) => h('li', { text: e })),
        ),
      ),
    );
    (formHost.querySelector('[aria-invalid=true]') as HTMLElement | null)?.focus();
  };

  /** "Exclude this pair" / "Lock this pair" from a pair: into the kind's rules, shown as a chip there. */
  const addToRules = (r: Round, p: Pair, what: 'exclude' | 'lock') => {
    const kind: Kind = r.kind;
    const f = formFor(kind);
    const path = kind === 'mentoring' ? ['rules', what === 'exclude' ? 'excludePairs' : 'lockedPairs'] : ['excludePairs'];
    if (!f?.addPair(path, [p.left, p.right] as IdPair)) {
      app.toast('The rules form is not ready yet');
      return;
    }
    if (kindSel.value !== kind) {
      kindSel.value = kind;
      buildForm();
      showEvaluation();
    }
    rulesBox.open = true;
    app.toast(`${what === 'exclude' ? 'Excluded' : 'Locked'} in the rules for the next run: ${p.leftName ?? p.left} → ${p.rightName ?? p.right}`);
  };

  const setStatus = async (p: Pair, status: PairStatus) => {
    try {
      round = await api<Round>(`${paths.round(ws, String(round!.number))}/pairs`, {
        method: 'PATCH',
        json: { decisions: [{ left: p.left, right: p.right, status }] },
      });
      drawRound();
    } catch (e) {
      app.toast(e instanceof Error ? e.message : String(e));
    }
  };

  const drawRound = () => {
    const r = round!;
    app.map?.setPairs(r.pairs.map((p) => ({ left: p.left, right: p.right, status: p.status })));
    const accepted = r.status === 'accepted';
    // The server names pairs for people (teachers with their school); the map's label is the fallback.
    const names = new Map<string, string>();
    for (const p of r.pairs) {
      if (p.leftName) names.set(p.left, p.leftName);
      if (p.rightName) names.set(p.right, p.rightName);
    }
    const name = (id: string) => names.get(id) ?? app.nodeLabel(id);
    const explain = h(
      'div',
      { class: 'card', attrs: { 'aria-live': 'polite', 'data-testid': 'pair-explanation' } },
      h('span', { class: 'meta', text: 'Click a pair to see why it was proposed.' }),
    );
    const showExplain = (p: Pair) => {
      replace(
        explain,
        h('strong', { text: `${name(p.left)} ↔ ${name(p.right)}` }),
        ` score ${fmt(p.score, 3)}`,
        h(
          'ul',
          { class: 'explain' },
          explanationLines(p.explanation).map((x) => h('li', { text: x })),
        ),
        h(
          'div',
          { class: 'row' },
          h('button', {
            text: 'Exclude this pair in the next runs',
            attrs: { type: 'button', 'data-testid': 'rule-exclude-pair' },
            on: { click: () => addToRules(r, p, 'exclude') },
          }),
          r.kind === 'mentoring'
            ? h('button', {
                text: 'Lock this pair in the next runs',
                attrs: { type: 'button', 'data-testid': 'rule-lock-pair' },
                on: { click: () => addToRules(r, p, 'lock') },
              })
            : null,
        ),
      );
      app.update({ selected: p.left });
      void app.map?.focus(p.left, 0.4);
    };
    const actions = (p: Pair) => {
      if (accepted) return h('span', { class: `tag ${p.status === 'rejected' ? 'bad' : 'ok'}`, text: p.status });
      const b = (glyph: SVGElement, status: PairStatus, title: string) =>
        h(
          'button',
          {
            title,
            attrs: { type: 'button', 'aria-pressed': String(p.status === status), 'aria-label': `${title}: ${name(p.left)} and ${name(p.right)}` },
            on: {
              click: (e) => {
                e.stopPropagation();
                void setStatus(p, p.status === status ? 'proposed' : status);
              },
            },
          },
          glyph,
        );
      return h(
        'span',
        { class: 'row' },
        b(icon('check'), 'accepted', 'Accept'),
        b(icon('lock'), 'locked', 'Lock (keep in reruns)'),
        b(icon('cross'), 'rejected', 'Reject'),
      );
    };
    // Three columns so the decision buttons stay on screen in the 400 px workbench (1024 px windows too):
    // the pair on two lines, the score, the buttons (their pressed state is the status).
    const table = virtualTable<Pair>(
      [
        {
          key: 'pair',
          label: r.kind === 'mentoring' ? 'Mentor → mentee' : 'Company → partner',
          value: (p) => `${name(p.left)} → ${name(p.right)}`,
          render: (p) =>
            h(
              'span',
              { style: { 'white-space': 'normal', 'overflow-wrap': 'anywhere', display: 'block', 'max-width': '190px' } },
              name(p.left),
              h('br'),
              `→ ${name(p.right)}`,
            ),
        },
        { key: 'score', label: 'Score', value: (p) => Number(p.score.toFixed(2)), numeric: true },
        { key: 'actions', label: 'Decision', value: (p) => p.status, render: actions },
      ],
      r.pairs,
      {
        height: Math.min(360, 34 + r.pairs.length * 44),
        rowHeight: 44,
        onRowClick: showExplain,
        testid: 'pairs-table',
        initialSort: { key: 'score', desc: true },
        rowClass: (p) => (p.status === 'rejected' ? 'rejected' : ''),
      },
    );
    const counts: Record<PairStatus, number> = { accepted: 0, locked: 0, rejected: 0, proposed: 0 };
    for (const p of r.pairs) counts[p.status]++;
    const unmatched = unmatchedOf(r);
    const impactHost = h('div');
    const previewHost = h('div');
    replace(
      roundHost,
      h('h3', { text: `Round #${r.number}${r.name ? ` — ${r.name}` : ''} (on version ${r.version})` }),
      h(
        'p',
        { attrs: { 'data-testid': 'round-status' } },
        h('span', { class: `tag ${accepted ? 'ok' : ''}`, text: r.status }),
        ` ${r.pairs.length} pairs · total score ${fmt(
          r.pairs.reduce((s, p) => s + p.score, 0),
          4,
        )} · ${counts.accepted} accepted · ${counts.locked} locked · ${counts.rejected} rejected`,
        accepted && r.acceptedVersion ? ` · written as ties into version ${r.acceptedVersion}` : '',
      ),
      // The version the round was made on is past retention: the server's words, and what that means here.
      r.versionPruned
        ? h('p', {
            class: 'meta',
            attrs: { 'data-testid': 'round-version-pruned' },
            text: `${r.versionPruned[0].toUpperCase()}${r.versionPruned.slice(1)}: the pairs read as ids, since the names went with that version's nodes; the impact was simulated on it.`,
          })
        : null,
      // What a partner round's scores rest on, right above its pairs (the evaluation panel shows the same block).
      r.kind === 'partnership' ? scoringBlock(r.scoring) : null,
      r.pairs.length ? (narrow.matches ? pairCards(r, { name, actions, onOpen: showExplain }) : table.el) : empty('No pair could be formed under these rules.'),
      explain,
      h(
        'div',
        { class: 'row' },
        accepted ? null : h('button', { text: 'Rerun keeping locks and rejections', attrs: { type: 'button' }, on: { click: () => runBtn.click() } }),
        r.status === 'open'
          ? h('button', {
              class: 'primary',
              text: 'Accept round…',
              attrs: { type: 'button', 'data-testid': 'accept-round' },
              on: { click: () => accept(previewHost) },
            })
          : null,
        accepted
          ? h('button', {
              text: 'Revert round (new version without its ties)',
              attrs: { type: 'button', 'data-testid': 'revert-round' },
              on: { click: () => void lifecycle('revert') },
            })
          : null,
        r.status === 'reverted'
          ? h('button', { text: 'Reopen round', attrs: { type: 'button', 'data-testid': 'reopen-round' }, on: { click: () => void lifecycle('reopen') } })
          : null,
        h('a', {
          text: 'Download CSV',
          attrs: { href: withQuery(`${paths.round(ws, String(r.number))}/export`, { format: 'csv' }), download: `${ws}-round-${r.number}.csv` },
        }),
      ),
      previewHost,
      Array.isArray(r.leftOut)
        ? leftOutList(r, (relax) => void rerunRelaxed(r, relax))
        : h(
            'section',
            null,
            h('h3', { text: `Unmatched (${unmatched.length})` }),
            unmatched.length
              ? h(
                  'ul',
                  { class: 'reasons' },
                  unmatched.slice(0, 100).map((u) => h('li', null, h('strong', { text: u.label }), u.why ? ` — ${u.why}` : '')),
                )
              : h('p', { class: 'meta', text: 'This round does not report who was left out.' }),
          ),
      accepted && r.kind === 'mentoring' ? roundOutcomes(r, name, (m) => app.toast(m)) : null,
      h('h3', { text: 'Impact (before → after)' }),
      impactHost,
    );
    void loadImpact(r, impactHost);
  };

  /** Reruns the round's own config with one rule relaxed for the named mentees, keeping the lead's decisions. */
  const rerunRelaxed = async (r: Round, relax: { rule: string; ids: string[] }) => {
    const config = structuredClone(r.config) as Record<string, unknown>;
    const rules = { ...((config.rules as Record<string, unknown>) ?? {}) };
    rules.relax = [...((rules.relax as unknown[]) ?? []), relax];
    config.rules = rules;
    if (r.status === 'open') carryDecisions(config, r);
    replace(roundHost, loading(`matching again with the rule relaxed for ${relax.ids.length}`));
    try {
      const created = await api<Round>(withQuery(paths.newRound(ws, app.version!), { wait: true }), {
        method: 'POST',
        json: { kind: r.kind, config, name: `${r.name ?? r.kind} (relaxed)` },
      });
      await loadRounds(String(created.number));
    } catch (e) {
      replace(roundHost, errorBox(e));
    }
  };

  /** Accept goes through a preview the lead confirms (see accept-preview.ts). */
  const accept = (host: HTMLElement) => {
    if (!round) return;
    replace(
      host,
      acceptPreview(
        round,
        async (message) => {
          app.toast(message);
          app.forget();
          await app.reload({ newest: true });
        },
        () => replace(host),
      ),
    );
    host.scrollIntoView({ block: 'nearest' });
  };
  const lifecycle = async (action: 'revert' | 'reopen') => {
    if (!round) return;
    try {
      await api(`${paths.round(ws, String(round.number))}/${action}`, { method: 'POST', json: {} });
      app.toast(action === 'revert' ? `Round #${round.number} reverted: a new version without its ties` : `Round #${round.number} is open again`);
      app.forget();
      await app.reload({ newest: true });
    } catch (e) {
      app.toast(e instanceof Error ? e.message : String(e));
    }
  };

  // Crossing the phone width redraws the pairs as cards or as the table.
  const narrow = matchMedia(NARROW);
  const onNarrow = () => {
    if (round) drawRound();
  };
  narrow.addEventListener('change', onNarrow);

  void loadSchemas();
  void loadRounds();
  return () => {
    narrow.removeEventListener('change', onNarrow);
    app.map?.setPairs([]);
  };
}

/** Matching on a pruned version: no round can run on nodes that are gone; the rounds it had are tallied. */
export const matchingPrunedParts = (): PrunedParts => ({
  view: 'Matching',
  gone: 'A new round, a rerun and the pickers of the rules need the nodes and ties, which retention removed. The rounds that used this version are listed below with their tallies; each still opens in the Matching view of a version that has its network (its pairs read as ids).',
  off: [{ label: 'Run matching', why: 'there are no mentors, schools or organisations left to match' }],
});

async function loadImpact(r: Round, host: HTMLElement): Promise<void> {
  replace(host, loading('impact'));
  try {
    const doc = await api<Record<string, unknown>>(`${paths.round(r.workspace, String(r.number))}/impact`);
    const rows = beforeAfter(doc);
    if (!rows.length) {
      replace(host, empty('No impact figures for this round.'));
      return;
    }
    replace(
      host,
      pairBars(rows, { aLabel: 'before', bLabel: 'after' }),
      h(
        'ul',
        { class: 'explain', attrs: { 'data-testid': 'impact' } },
        rows.map((x) => h('li', { text: `${x.label}: ${fmt(x.a)} → ${fmt(x.b)}` })),
      ),
    );
  } catch (e) {
    // Simulated on a version retention pruned since: nothing to show, and not a failure.
    if (e instanceof ApiError && e.status === 410 && r.versionPruned)
      replace(host, empty(`No impact figures: ${r.versionPruned}, and the impact is simulated on its nodes and ties.`));
    else replace(host, errorBox(e));
  }
}

const IMPACT_LABELS = new Map<string, string>(IMPACT_INDICATORS.map((i) => [i.key, i.label]));

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
  return [...a.keys()]
    .filter((k) => b.has(k))
    .slice(0, 14)
    .map((k) => ({ label: IMPACT_LABELS.get(k) ?? k, a: a.get(k)!, b: b.get(k)! }));
}

function unmatchedOf(r: Round): { label: string; why: string }[] {
  return (r.unmatched ?? []).map((u) => ({ label: u.label || u.mentee, why: u.reason }));
}

/**
 * Carries the lead's decisions into a rerun: locked and accepted pairs must stay
 * (`rules.lockedPairs`, [mentor, mentee]); rejected pairs must not come back (`excludePairs`).
 */
export function carryDecisions(config: Record<string, unknown>, round: Round): void {
  const keep = round.pairs.filter((p) => p.status === 'locked' || p.status === 'accepted').map((p) => [p.left, p.right] as IdPair);
  const reject = round.pairs.filter((p) => p.status === 'rejected').map((p) => [p.left, p.right] as IdPair);
  // Added to what the lead chose in the rules (chips), each pair once.
  const merge = (had: unknown, add: IdPair[]) => {
    const out = Array.isArray(had) ? [...(had as IdPair[])] : [];
    for (const p of add) if (!out.some((q) => q[0] === p[0] && q[1] === p[1])) out.push(p);
    return out;
  };
  if (round.kind === 'mentoring') {
    const rules = { ...((config.rules as Record<string, unknown>) ?? {}) };
    if (keep.length) rules.lockedPairs = merge(rules.lockedPairs, keep);
    if (reject.length) rules.excludePairs = merge(rules.excludePairs, reject);
    config.rules = rules;
  } else if (reject.length) {
    config.excludePairs = merge(config.excludePairs, reject);
  }
}
