import type { InputFile } from '../io/load.ts';

/**
 * Caps on the shape of an uploaded file, checked by a quick scan of the raw text before parsing (issue
 * 20, defect 7: a 49.6 MB GraphML with 1.75M `<data>` elements took 5.26 GB and 163 s to refuse).
 * Each can be changed with the environment variable named beside it (read by the workers).
 */
export interface UploadShapeLimits {
  /** Columns in a CSV header (HUBGRAPH_UPLOAD_MAX_COLUMNS, default 1000). */
  columns: number;
  /** Attribute values on one node or tie, GraphML `<data>` / GEXF `<attvalue>` (HUBGRAPH_UPLOAD_MAX_ATTRIBUTES, default 500). */
  attributesPerElement: number;
  /** Declared attribute keys, GraphML `<key>` / GEXF `<attribute>` (HUBGRAPH_UPLOAD_MAX_KEYS, default 1000). */
  keys: number;
  /** Nesting depth of XML elements (HUBGRAPH_UPLOAD_MAX_DEPTH, default 64; JSON's is the reader's own, 64). */
  depth: number;
}

export const UPLOAD_SHAPE_DEFAULTS: UploadShapeLimits = { columns: 1000, attributesPerElement: 500, keys: 1000, depth: 64 };

export function uploadShapeLimits(env: NodeJS.ProcessEnv = process.env): UploadShapeLimits {
  const n = (v: string | undefined, d: number) => (v && /^[1-9][0-9]*$/.test(v) ? Number(v) : d);
  return {
    columns: n(env.HUBGRAPH_UPLOAD_MAX_COLUMNS, UPLOAD_SHAPE_DEFAULTS.columns),
    attributesPerElement: n(env.HUBGRAPH_UPLOAD_MAX_ATTRIBUTES, UPLOAD_SHAPE_DEFAULTS.attributesPerElement),
    keys: n(env.HUBGRAPH_UPLOAD_MAX_KEYS, UPLOAD_SHAPE_DEFAULTS.keys),
    depth: n(env.HUBGRAPH_UPLOAD_MAX_DEPTH, UPLOAD_SHAPE_DEFAULTS.depth),
  };
}

/** A file over a cap: reported like an import problem (422 with file, line and field), so clients show it the same way. */
export class UploadLimitError extends Error {
  override readonly name = 'UploadLimitError';
  readonly kind = 'invalid-data';
  readonly total = 1;
  readonly issues: { file: string; line?: number; field: string; expected: string; message: string }[];
  constructor(file: string, line: number | undefined, limit: string, expected: string, message: string) {
    super(message);
    this.issues = [{ file, line, field: limit, expected, message }];
  }
}

const text = (f: InputFile) => (typeof f.content === 'string' ? f.content : new TextDecoder().decode(f.content));
const lineAt = (s: string, i: number) => {
  let n = 1;
  for (let k = s.indexOf('\n'); k !== -1 && k < i; k = s.indexOf('\n', k + 1)) n++;
  return n;
};

/** Throws UploadLimitError for the first cap a file breaks; a linear scan, no parse. */
export function checkUploadShape(files: readonly InputFile[], limits: UploadShapeLimits = uploadShapeLimits()): void {
  for (const f of files) {
    const s = text(f);
    const head = s
      .slice(0, 2000)
      .trimStart()
      .replace(/^\uFEFF/, '');
    if (head.startsWith('<')) checkXml(f.name, s, limits);
    // JSON nesting is checked by the JSON reader itself, which names the field (src/io/storable.ts).
    else if (!head.startsWith('{') && !head.startsWith('[')) checkCsv(f.name, s, limits);
  }
}

function checkCsv(file: string, s: string, limits: UploadShapeLimits): void {
  const end = s.indexOf('\n');
  const header = end === -1 ? s : s.slice(0, end);
  // The delimiter the header uses most; quoted commas make this an over-count at worst by the quoted ones.
  const count = Math.max(...[',', ';', '\t', '|'].map((d) => header.split(d).length));
  if (count > limits.columns)
    throw new UploadLimitError(
      file,
      1,
      'columns',
      `at most ${limits.columns} columns (HUBGRAPH_UPLOAD_MAX_COLUMNS)`,
      `the header has ${count} columns; the server accepts at most ${limits.columns}`,
    );
}

function checkXml(file: string, s: string, limits: UploadShapeLimits): void {
  let depth = 0;
  let keys = 0;
  let attrs = 0;
  for (let i = s.indexOf('<'); i !== -1; i = s.indexOf('<', i + 1)) {
    const next = s.charCodeAt(i + 1);
    if (next === 33 || next === 63) continue; // <!-- --> <!DOCTYPE> <?xml?>
    const close = next === 47;
    const gt = s.indexOf('>', i);
    if (gt === -1) return; // malformed: the parser reports it
    const selfClosing = s.charCodeAt(gt - 1) === 47;
    const name = /^\/?([A-Za-z_][\w.:-]*)/.exec(s.slice(i + 1, Math.min(gt, i + 80)))?.[1] ?? '';
    const local = name.slice(name.indexOf(':') + 1);
    if (close) {
      depth--;
      if (local === 'node' || local === 'edge') attrs = 0;
      continue;
    }
    if (local === 'node' || local === 'edge') attrs = 0;
    if (local === 'key' || local === 'attribute') {
      if (++keys > limits.keys)
        throw new UploadLimitError(
          file,
          lineAt(s, i),
          'keys',
          `at most ${limits.keys} declared attributes (HUBGRAPH_UPLOAD_MAX_KEYS)`,
          `more than ${limits.keys} attribute keys are declared`,
        );
    }
    if (local === 'data' || local === 'attvalue') {
      if (++attrs > limits.attributesPerElement)
        throw new UploadLimitError(
          file,
          lineAt(s, i),
          'attributes',
          `at most ${limits.attributesPerElement} attribute values per node or tie (HUBGRAPH_UPLOAD_MAX_ATTRIBUTES)`,
          `a node or tie has more than ${limits.attributesPerElement} attribute values`,
        );
    }
    if (!selfClosing && ++depth > limits.depth)
      throw new UploadLimitError(
        file,
        lineAt(s, i),
        'depth',
        `elements nested at most ${limits.depth} deep (HUBGRAPH_UPLOAD_MAX_DEPTH)`,
        `elements are nested more than ${limits.depth} levels deep`,
      );
  }
}
