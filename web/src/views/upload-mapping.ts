import { api, ApiError, describeProblem } from '../api/client.ts';
import type { UploadPreview } from '../api/types.ts';
import { errorBox, h, loading, replace } from '../ui/dom.ts';

type Preview = UploadPreview;
type OwnTypeUse = NonNullable<NonNullable<Preview['report']>['ownTypes']>['nodes'][number];

/** What the mapping step settled, sent with the upload: `columns` as `field=Header,…` (scoped per file). */
export interface UploadReading {
  columns?: string;
  decimalComma: boolean;
  /** Unchecked: columns without a :number header stay text (`inferTypes=false`). */
  inferTypes: boolean;
  /** The type map chosen in the own-types step, as JSON ({"nodes": {…}, "edges": {…}}); absent when nothing was chosen. */
  typeMap?: string;
  /** The types of a two-mode file's rows and columns (UCINET DL NR/NC, Pajek *Vertices n n1), as `rows,columns`; absent unless the last check read two-mode data. */
  twoModeKinds?: string;
}

/** The import report's two-mode field: the file, its format and size, the kinds its rows and columns were read as, the ties, and that as a line. */
type TwoModeRead = NonNullable<NonNullable<Preview['report']>['twoMode']>;

/**
 * The column-mapping step of the upload, as Kumu's and Gephi's importers ask: each CSV's first rows
 * with, for every field hubgraph reads (id, type, source, target, weight, start, end, …), the column
 * that feeds it — preselected the way the import would read the file — and the import's answer
 * (counts, own types, or every problem) for the mapping chosen. When the files carry types of the
 * user's own, a second step lists them with counts and lets the user pick the built-in kind each is
 * read as (and, for ties, the direction); that type map goes with the preview and the upload.
 * Nothing is stored.
 */
export function mountUploadMapping(host: HTMLElement, files: () => File[]): { reading: () => UploadReading } {
  const chosen = new Map<string, string>(); // `nodes.id` → header
  // Own type → kind (nodes) / {kind, directed} (ties) as the user set them; untouched types keep the import's default.
  const nodeKinds = new Map<string, string>();
  const tieKinds = new Map<string, { kind?: string; directed?: boolean }>();
  // Two-mode DL: the kinds the user named for rows and columns (sent once the check read two-mode data).
  let twoMode: { rows: string; columns: string } | null = null;
  let lastTwoMode = false;
  let checkedFiles = '';
  const decimal = h('input', { attrs: { type: 'checkbox', 'data-testid': 'upload-decimal-comma' } });
  const infer = h('input', { attrs: { type: 'checkbox', checked: '', 'data-testid': 'upload-infer-types' } });
  const out = h('div', { attrs: { 'data-testid': 'upload-preview', 'aria-live': 'polite' } });
  const check = h('button', { text: 'Check columns', attrs: { type: 'button', 'data-testid': 'upload-check' } });
  const typeMapJson = (): string | undefined => {
    if (!nodeKinds.size && !tieKinds.size) return undefined;
    return JSON.stringify({
      ...(nodeKinds.size ? { nodes: Object.fromEntries(nodeKinds) } : {}),
      ...(tieKinds.size ? { edges: Object.fromEntries(tieKinds) } : {}),
    });
  };
  const reading = (): UploadReading => ({
    columns: chosen.size ? [...chosen].map(([k, v]) => `${k}=${v}`).join(',') : undefined,
    decimalComma: decimal.checked,
    inferTypes: infer.checked,
    typeMap: typeMapJson(),
    twoModeKinds: lastTwoMode && twoMode ? `${twoMode.rows},${twoMode.columns}` : undefined,
  });

  const run = async () => {
    const list = files();
    if (!list.length) {
      replace(out, errorBox(new Error('Choose the files to upload first.')));
      return;
    }
    replace(out, loading('a preview'));
    // Other files: the kinds named for the last ones do not carry over.
    const names = list.map((f) => `${f.name}:${f.size}`).join('|');
    if (names !== checkedFiles) twoMode = null;
    checkedFiles = names;
    const fd = new FormData();
    for (const f of list) fd.append('files', f, f.name);
    const r = reading();
    if (r.columns) fd.append('columns', r.columns);
    if (r.decimalComma) fd.append('decimalComma', 'true');
    if (!r.inferTypes) fd.append('inferTypes', 'false');
    if (r.typeMap) fd.append('typeMap', r.typeMap);
    // Named kinds go with every check of two-mode data (the first check of a file learns that it is).
    if (twoMode) fd.append('twoModeKinds', `${twoMode.rows},${twoMode.columns}`);
    try {
      render(await api<Preview>('/api/uploads/preview', { method: 'POST', body: fd }));
    } catch (e) {
      replace(
        out,
        e instanceof ApiError && e.problems.length
          ? h(
              'ul',
              { class: 'upload-errors' },
              e.problems.map((p) => h('li', { text: describeProblem(p) })),
            )
          : errorBox(e),
      );
    }
  };

  const render = (p: Preview) => {
    const two = p.valid ? (p.report?.twoMode ?? null) : null;
    lastTwoMode = two !== null;
    const tables = p.files
      .filter((f) => f.header)
      .map((f) => {
        const scope = f.role === 'nodes' ? 'nodes' : 'edges';
        const selects = (f.fields ?? []).map(({ field }) => {
          const sel = h(
            'select',
            { attrs: { 'aria-label': `${f.name}: column for ${field}`, 'data-field': `${scope}.${field}` } },
            h('option', { text: '—', attrs: { value: '' } }),
            (f.header ?? []).map((col) =>
              h('option', { text: col, attrs: { value: col, selected: (chosen.get(`${scope}.${field}`) ?? f.mapping?.[field]) === col } }),
            ),
          );
          sel.addEventListener('change', () => {
            if (sel.value) chosen.set(`${scope}.${field}`, sel.value);
            else chosen.delete(`${scope}.${field}`);
          });
          return h('label', { class: 'mapping-field' }, `${field} `, sel);
        });
        return h(
          'figure',
          { class: 'upload-file' },
          h('figcaption', { text: `${f.name}${f.delimiter ? ` (separated by ${f.delimiter === '\t' ? 'tabs' : `"${f.delimiter}"`})` : ''}` }),
          h('div', { class: 'row mapping' }, selects),
          h(
            'table',
            { class: 'preview-rows' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                (f.header ?? []).map((c) => h('th', { text: c })),
              ),
            ),
            h(
              'tbody',
              null,
              (f.rows ?? []).map((r) =>
                h(
                  'tr',
                  null,
                  r.map((c) => h('td', { text: c })),
                ),
              ),
            ),
          ),
        );
      });
    const verdict = p.valid
      ? h(
          'div',
          { class: 'state', attrs: { role: 'status' } },
          `Reads as ${p.report?.nodes ?? 0} nodes and ${p.report?.edges ?? 0} ties.`,
          p.report?.directionSummary ? h('p', { text: p.report.directionSummary, attrs: { 'data-testid': 'upload-direction-summary' } }) : null,
          p.report?.typeSummary ? h('p', { text: p.report.typeSummary }) : null,
          (p.report?.columnSummary ?? []).map((line) => h('p', { text: line, attrs: { 'data-testid': 'upload-column-summary' } })),
          // The two-mode line is shown in its own step below, not again among the warnings.
          (p.report?.warnings ?? []).some((w) => w !== two?.summary)
            ? h(
                'ul',
                null,
                p
                  .report!.warnings!.filter((w) => w !== two?.summary)
                  .slice(0, 20)
                  .map((w) => h('li', { text: w })),
              )
            : null,
        )
      : h(
          'div',
          { class: 'state error', attrs: { role: 'alert' } },
          h('strong', { text: `${p.total ?? p.problems?.length ?? 0} problem(s) with this mapping:` }),
          h(
            'ul',
            { class: 'upload-errors' },
            (p.problems ?? []).slice(0, 50).map((i) => h('li', { text: i.message })),
          ),
        );
    replace(
      out,
      ...tables,
      verdict,
      two ? twoModeStep(two) : null,
      p.valid ? ownTypesStep(p) : null,
      h('p', { class: 'meta', text: 'Change a column or a type above and check again; the upload uses the columns and types chosen here.' }),
    );
  };

  /**
   * Two-mode data: the import's summary and the two kinds its rows and columns are read as, named
   * here (defaults actor / event); a change checks again, so the own-types step lists those names.
   */
  const twoModeStep = (t: TwoModeRead): HTMLElement => {
    const input = (side: 'rows' | 'columns', label: string) => {
      const el = h('input', {
        attrs: { type: 'text', value: t.kinds[side], 'aria-label': label, 'data-testid': `upload-two-mode-${side}`, size: '14' },
      });
      el.addEventListener('change', () => {
        const rows = side === 'rows' ? el.value.trim() : (twoMode?.rows ?? t.kinds.rows);
        const columns = side === 'columns' ? el.value.trim() : (twoMode?.columns ?? t.kinds.columns);
        // Two different names, no comma (the field is sent as "rows,columns"): otherwise say so and keep the last good pair.
        const bad =
          !rows || !columns
            ? 'Name both kinds.'
            : rows.includes(',') || columns.includes(',')
              ? 'A kind’s name cannot contain a comma.'
              : rows === columns
                ? 'The rows and the columns need two different kinds.'
                : '';
        note.textContent = bad;
        if (bad) return;
        twoMode = { rows, columns };
        void run();
      });
      return h('label', null, `${label} `, el);
    };
    const note = h('p', { class: 'field-error', attrs: { 'data-testid': 'upload-two-mode-problem', 'aria-live': 'polite' } });
    return h(
      'fieldset',
      { class: 'two-mode', attrs: { 'data-testid': 'upload-two-mode' } },
      h('legend', { text: 'Two-mode data' }),
      h('p', { text: t.summary, attrs: { 'data-testid': 'upload-two-mode-summary' } }),
      h('div', { class: 'row' }, input('rows', 'Rows are'), input('columns', 'Columns are')),
      note,
    );
  };

  /** The type-map step: each own node and tie type with its count, the kind it is read as, and (ties) whether it is directed. */
  const ownTypesStep = (p: Preview): HTMLElement | null => {
    const own = p.report?.ownTypes;
    if (!own || (!own.nodes.length && !own.edges.length)) return null;
    // The report lists a tie type once per kind it ended up as; the step offers each own type once.
    const ties = new Map<string, OwnTypeUse>();
    for (const u of own.edges) {
      const t = ties.get(u.ownType);
      if (t) ties.set(u.ownType, { ...t, count: t.count + u.count, directed: (t.directed ?? 0) + (u.directed ?? 0) });
      else ties.set(u.ownType, u);
    }
    const chosenLine = h('p', { attrs: { 'data-testid': 'upload-type-map', 'aria-live': 'polite' } });
    const showChosen = () => {
      const parts = [
        ...[...nodeKinds].map(([t, k]) => `${t} → ${k}`),
        ...[...tieKinds].map(
          ([t, e]) => `${t} → ${e.kind ?? ties.get(t)?.kind ?? 'collaboration'}${e.directed === undefined ? '' : e.directed ? ', directed' : ', undirected'}`,
        ),
      ];
      chosenLine.textContent = parts.length
        ? `Sent with the upload: ${parts.join('; ')}.`
        : 'No type mapped yet: own node types are read as other and own tie types as collaboration unless you choose here.';
    };
    const row = (u: OwnTypeUse, of: 'node' | 'tie') => {
      const options = of === 'node' ? p.kinds.nodes : p.kinds.edges.map((e) => e.kind);
      const current = of === 'node' ? (nodeKinds.get(u.ownType) ?? u.kind) : (tieKinds.get(u.ownType)?.kind ?? u.kind);
      const sel = h(
        'select',
        { attrs: { 'aria-label': `${of === 'node' ? 'Node' : 'Tie'} type ${u.ownType}: read as`, 'data-own-type': `${of}:${u.ownType}` } },
        options.map((k) => h('option', { text: k, attrs: { value: k, selected: k === current } })),
      );
      let dir: HTMLInputElement | null = null;
      if (of === 'tie') {
        dir = h('input', { attrs: { type: 'checkbox', 'aria-label': `Tie type ${u.ownType}: directed`, 'data-own-directed': u.ownType } });
        const set = tieKinds.get(u.ownType)?.directed;
        dir.checked = set ?? (u.directed ?? 0) === u.count;
        // Some ties of this type directed and some not (the file said so per tie): neither state until the user decides.
        dir.indeterminate = set === undefined && (u.directed ?? 0) > 0 && (u.directed ?? 0) < u.count;
        dir.addEventListener('change', () => {
          tieKinds.set(u.ownType, { ...tieKinds.get(u.ownType), directed: dir!.checked });
          showChosen();
        });
      }
      sel.addEventListener('change', () => {
        if (of === 'node') nodeKinds.set(u.ownType, sel.value);
        else {
          const prev = tieKinds.get(u.ownType);
          // A tie kind brings its own default direction unless the user set one.
          const kindDir = p.kinds.edges.find((e) => e.kind === sel.value)?.directed;
          tieKinds.set(u.ownType, { ...prev, kind: sel.value });
          if (dir && prev?.directed === undefined && kindDir !== undefined) dir.checked = kindDir;
        }
        showChosen();
      });
      return h(
        'tr',
        null,
        h('th', { text: u.ownType, attrs: { scope: 'row' } }),
        h('td', { text: of }),
        h('td', { class: 'num', text: u.count.toLocaleString('en') }),
        h('td', null, sel),
        h('td', null, dir ?? '—'),
      );
    };
    const LIMIT = 100;
    const nodeRows = own.nodes.slice(0, LIMIT).map((u) => row(u, 'node'));
    const tieRows = [...ties.values()].slice(0, LIMIT).map((u) => row(u, 'tie'));
    const more = Math.max(0, own.nodes.length - LIMIT) + Math.max(0, ties.size - LIMIT);
    showChosen();
    return h(
      'fieldset',
      { class: 'own-types', attrs: { 'data-testid': 'upload-own-types' } },
      h('legend', { text: 'Your own types' }),
      h('p', {
        class: 'meta',
        text: 'The analyses read built-in kinds; each type of your own is kept as it is and read as the kind chosen here.',
      }),
      h(
        'table',
        null,
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['Your type', 'Of', 'Records', 'Read as', 'Directed'].map((c) => h('th', { text: c, attrs: { scope: 'col' } })),
          ),
        ),
        h('tbody', null, nodeRows, tieRows),
      ),
      more ? h('p', { class: 'meta', text: `… and ${more} more: give them in a type map file (meta.json "types").` }) : null,
      chosenLine,
    );
  };

  check.addEventListener('click', () => void run());
  replace(
    host,
    h(
      'div',
      { class: 'row' },
      check,
      h('label', null, decimal, ' numbers use a decimal comma (0,5)'),
      h('label', null, infer, ' read number-like columns as numbers'),
    ),
    out,
  );
  return { reading };
}
