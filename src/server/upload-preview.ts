import { basename } from 'node:path';
import type { ImportIssue } from '../io/errors.ts';
import { COLUMN_ALIASES, MAPPABLE_COLUMNS, mappedColumns } from '../io/csv.ts';
import { parseCsv } from '../io/csv-parse.ts';
import type { LoadOptions, LoadResult } from '../io/load.ts';
import { headOf, toTaskFiles, type SpooledFile } from './upload-stream.ts';
import { DIRECTED_BY_DEFAULT, EDGE_TYPES, NODE_TYPES } from '../model/index.ts';
import type { WorkerPool } from './worker-pool.ts';

/** Most text of a file read for its preview rows (the whole file is still parsed for the report). */
const PREVIEW_CHARS = 256 * 1024;

export interface FilePreview {
  name: string;
  /** nodes / edges (a CSV folder's files), edgelist (one CSV), or a document (json, gexf, graphml). */
  role: 'nodes' | 'edges' | 'edgelist' | 'document';
  delimiter?: string;
  header?: string[];
  rows?: string[][];
  /** Model field → the header that feeds it, as the import maps it now. */
  mapping?: Record<string, string>;
  /** Fields the user may map, with the header names read as them without asking. */
  fields?: { field: string; aliases: string[] }[];
}

/**
 * The column-mapping step of an upload: each CSV's header and first rows with the mapping the
 * import would use, and the import's answer for the files as they are mapped (the report, or
 * every problem). Nothing is stored.
 */
export async function previewUpload(
  pool: WorkerPool,
  files: { name: string; content: string | Uint8Array | SpooledFile }[],
  options: Pick<LoadOptions, 'format' | 'typeMap' | 'columns' | 'selfLoops' | 'decimalComma' | 'inferTypes' | 'twoModeKinds'>,
  rows: number,
): Promise<{
  files: FilePreview[];
  valid: boolean;
  report?: LoadResult['report'];
  total?: number;
  problems?: ImportIssue[];
  kinds: { nodes: string[]; edges: { kind: string; directed: boolean }[] };
}> {
  const kinds = { nodes: [...NODE_TYPES], edges: EDGE_TYPES.map((kind) => ({ kind, directed: DIRECTED_BY_DEFAULT[kind] })) };
  const csvLike = (n: string) => /\.(csv|tsv|txt)$/i.test(n);
  const folder = files.some((f) => /^(nodes|edges)\.(csv|tsv|txt)$/i.test(basename(f.name)));
  const previews: FilePreview[] = files.map((f) => {
    if (!csvLike(f.name) || (options.format && options.format !== 'csv' && options.format !== 'edgelist')) return { name: f.name, role: 'document' };
    const role = folder ? (/^nodes\./i.test(basename(f.name)) ? 'nodes' : 'edges') : 'edgelist';
    const head = headOf(f.content, PREVIEW_CHARS);
    const cut = head.cut ? head.text.slice(0, head.text.lastIndexOf('\n') + 1) : head.text;
    let table;
    try {
      table = parseCsv(cut);
    } catch {
      return { name: f.name, role };
    }
    const header = table.records[0] ?? [];
    const what = role === 'nodes' ? 'nodes' : 'edges';
    return {
      name: f.name,
      role,
      delimiter: table.delimiter,
      header,
      rows: table.records.slice(1, rows + 1),
      mapping: mappedColumns(header, what, options.columns),
      fields: MAPPABLE_COLUMNS[what].map((field) => ({ field, aliases: COLUMN_ALIASES[what][field] ?? [field] })),
    };
  });
  try {
    const parsed = await pool.run('parse', { ...options, files: toTaskFiles(files) });
    return { files: previews, valid: true, report: parsed.report, kinds };
  } catch (e) {
    const details = (e as { details?: { issues?: ImportIssue[]; total?: number } }).details;
    if (!details?.issues) throw e;
    return { files: previews, valid: false, total: details.total ?? details.issues.length, problems: details.issues, kinds };
  }
}
