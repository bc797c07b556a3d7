import { api, ApiError, describeProblem } from '../api/client.ts';
import { errorBox, h, loading, replace } from '../ui/dom.ts';

/** One file as the preview route describes it (POST /api/uploads/preview). */
interface FilePreview {
  name: string;
  role: 'nodes' | 'edges' | 'edgelist' | 'document';
  delimiter?: string;
  header?: string[];
  rows?: string[][];
  mapping?: Record<string, string>;
  fields?: { field: string; aliases: string[] }[];
}
interface Preview {
  files: FilePreview[];
  valid: boolean;
  report?: { nodes: number; edges: number; typeSummary?: string | null; warnings?: string[] };
  total?: number;
  problems?: { file: string; line?: number; field?: string; message: string; expected: string }[];
}

/** What the mapping step settled, sent with the upload: `columns` as `field=Header,…` (scoped per file). */
export interface UploadReading {
  columns?: string;
  decimalComma: boolean;
}

/**
 * The column-mapping step of the upload, as Kumu's and Gephi's importers ask: each CSV's first rows
 * with, for every field hubgraph reads (id, type, source, target, weight, start, end, …), the column
 * that feeds it — preselected the way the import would read the file — and the import's answer
 * (counts, own types, or every problem) for the mapping chosen. Nothing is stored.
 */
export function mountUploadMapping(host: HTMLElement, files: () => File[]): { reading: () => UploadReading } {
  const chosen = new Map<string, string>(); // `nodes.id` → header
  const decimal = h('input', { attrs: { type: 'checkbox', 'data-testid': 'upload-decimal-comma' } });
  const out = h('div', { attrs: { 'data-testid': 'upload-preview', 'aria-live': 'polite' } });
  const check = h('button', { text: 'Check columns', attrs: { type: 'button', 'data-testid': 'upload-check' } });
  const reading = (): UploadReading => ({
    columns: chosen.size ? [...chosen].map(([k, v]) => `${k}=${v}`).join(',') : undefined,
    decimalComma: decimal.checked,
  });

  const run = async () => {
    const list = files();
    if (!list.length) {
      replace(out, errorBox(new Error('Choose the files to upload first.')));
      return;
    }
    replace(out, loading('a preview'));
    const fd = new FormData();
    for (const f of list) fd.append('files', f, f.name);
    const r = reading();
    if (r.columns) fd.append('columns', r.columns);
    if (r.decimalComma) fd.append('decimalComma', 'true');
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
          p.report?.typeSummary ? h('p', { text: p.report.typeSummary }) : null,
          (p.report?.warnings ?? []).length
            ? h(
                'ul',
                null,
                p.report!.warnings!.slice(0, 20).map((w) => h('li', { text: w })),
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
    replace(out, ...tables, verdict, h('p', { class: 'meta', text: 'Change a column above and check again; the upload uses the columns chosen here.' }));
  };

  check.addEventListener('click', () => void run());
  replace(host, h('div', { class: 'row' }, check, h('label', null, decimal, ' numbers use a decimal comma (0,5)')), out);
  return { reading };
}
