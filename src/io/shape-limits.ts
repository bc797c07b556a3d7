import { ImportError, formatIssue } from './errors.ts';
import type { InputFile } from './load.ts';

/**
 * Caps on the shape of an input file, checked by a quick scan of the raw text before parsing (issue
 * 20, defect 7: a 49.6 MB GraphML with 1.75M `<data>` elements took 5.26 GB and 163 s to refuse). One
 * definition for the server's uploads (its workers) and `hubgraph workspace import`. Each can be
 * changed with the environment variable named beside it; the CLI also takes flags (SHAPE_LIMIT_FLAGS).
 */
export interface ShapeLimits {
  /** Columns in a CSV header (HUBGRAPH_UPLOAD_MAX_COLUMNS, default 1000). */
  columns: number;
  /** Attribute values on one node or tie, GraphML `<data>` / GEXF `<attvalue>` (HUBGRAPH_UPLOAD_MAX_ATTRIBUTES, default 500). */
  attributesPerElement: number;
  /** Declared attribute keys, GraphML `<key>` / GEXF `<attribute>` (HUBGRAPH_UPLOAD_MAX_KEYS, default 1000). */
  keys: number;
  /** Nesting depth of XML elements (HUBGRAPH_UPLOAD_MAX_DEPTH, default 64; JSON's is the reader's own, 64). */
  depth: number;
  /**
   * Nodes in one dataset, declared or created for a tie's undeclared endpoint (HUBGRAPH_UPLOAD_MAX_NODES,
   * default 1,000,000: the whole H2020 participation network is ~68k, its co-participation projection ~36k).
   */
  nodes: number;
  /** Tie records read, before parallel ones are merged (HUBGRAPH_UPLOAD_MAX_TIES, default 5,000,000; H2020's projection ~800k). */
  ties: number;
  /** Characters in one id, label, type or attribute value (HUBGRAPH_UPLOAD_MAX_FIELD_LENGTH, default 65,536). */
  fieldLength: number;
}
export type ShapeLimit = keyof ShapeLimits;

export const SHAPE_LIMIT_DEFAULTS: ShapeLimits = {
  columns: 1000,
  attributesPerElement: 500,
  keys: 1000,
  depth: 64,
  nodes: 1_000_000,
  ties: 5_000_000,
  fieldLength: 65_536,
};
const SHAPE_LIMIT_KEYS = Object.keys(SHAPE_LIMIT_DEFAULTS) as ShapeLimit[];

/** The environment variable and the CLI flag that set each cap. */
export const SHAPE_LIMIT_ENV: Record<ShapeLimit, string> = {
  columns: 'HUBGRAPH_UPLOAD_MAX_COLUMNS',
  attributesPerElement: 'HUBGRAPH_UPLOAD_MAX_ATTRIBUTES',
  keys: 'HUBGRAPH_UPLOAD_MAX_KEYS',
  depth: 'HUBGRAPH_UPLOAD_MAX_DEPTH',
  nodes: 'HUBGRAPH_UPLOAD_MAX_NODES',
  ties: 'HUBGRAPH_UPLOAD_MAX_TIES',
  fieldLength: 'HUBGRAPH_UPLOAD_MAX_FIELD_LENGTH',
};
export const SHAPE_LIMIT_FLAGS: Record<ShapeLimit, string> = {
  columns: '--max-columns',
  attributesPerElement: '--max-attributes',
  keys: '--max-keys',
  depth: '--max-depth',
  nodes: '--max-nodes',
  ties: '--max-ties',
  fieldLength: '--max-field-length',
};

/** The caps from the environment (whole numbers ≥ 1), the defaults for the rest. */
export function shapeLimits(env: NodeJS.ProcessEnv = process.env): ShapeLimits {
  const n = (k: ShapeLimit) => {
    const v = env[SHAPE_LIMIT_ENV[k]];
    return v && /^[1-9][0-9]*$/.test(v) ? Number(v) : SHAPE_LIMIT_DEFAULTS[k];
  };
  const out = { ...SHAPE_LIMIT_DEFAULTS };
  for (const k of SHAPE_LIMIT_KEYS) out[k] = n(k);
  return out;
}

/** How the reader of a refusal raises a cap: the server's environment, or the CLI's flag as well. */
export type RaiseHint = (limit: ShapeLimit) => string;
export const envHint: RaiseHint = (k) => SHAPE_LIMIT_ENV[k];
export const flagHint: RaiseHint = (k) => `${SHAPE_LIMIT_FLAGS[k]} N or ${SHAPE_LIMIT_ENV[k]}`;

const FIELD: Record<ShapeLimit, string> = {
  columns: 'columns',
  attributesPerElement: 'attributes',
  keys: 'keys',
  depth: 'depth',
  nodes: 'nodes',
  ties: 'ties',
  fieldLength: 'length',
};

/**
 * A file over a cap: an import problem with file, line and field (the CLI prints it, the API answers 422).
 * `field` names the record's own field where there is one (the over-long `label`), else the cap's name.
 */
export class ShapeLimitError extends ImportError {
  constructor(file: string, line: number | undefined, limit: ShapeLimit, expected: string, found: string, field = FIELD[limit]) {
    const base = { file, line, field, expected };
    super([{ ...base, message: `${formatIssue(base)}; ${found}` }]);
    this.name = 'ShapeLimitError';
  }
}

/** Over the node cap at this record (the XML scan, or a reader through its DatasetBuilder). */
export function nodeCapError(file: string, line: number | undefined, limits: ShapeLimits, hint: RaiseHint, field?: string): ShapeLimitError {
  return new ShapeLimitError(file, line, 'nodes', `at most ${limits.nodes} nodes (${hint('nodes')})`, `the file has more than ${limits.nodes} nodes`, field);
}

/** Over the tie cap at this record (tie records read, before parallel ones are merged). */
export function tieCapError(file: string, line: number | undefined, limits: ShapeLimits, hint: RaiseHint, field?: string): ShapeLimitError {
  return new ShapeLimitError(file, line, 'ties', `at most ${limits.ties} ties (${hint('ties')})`, `the file has more than ${limits.ties} ties`, field);
}

/** A value longer than the field-length cap, named by its own field (`label`, `nodes[3].attributes.bio`). */
export function fieldLengthError(file: string, line: number | undefined, limits: ShapeLimits, hint: RaiseHint, field: string, length: number): ShapeLimitError {
  return new ShapeLimitError(
    file,
    line,
    'fieldLength',
    `a value of at most ${limits.fieldLength} characters (${hint('fieldLength')})`,
    `the value has ${length} characters`,
    field,
  );
}

const text = (f: InputFile) => (typeof f.content === 'string' ? f.content : new TextDecoder().decode(f.content));
const lineAt = (s: string, i: number) => {
  let n = 1;
  for (let k = s.indexOf('\n'); k !== -1 && k < i; k = s.indexOf('\n', k + 1)) n++;
  return n;
};

/** Throws ShapeLimitError for the first cap a file breaks (`hint` says how to raise it); a linear scan, no parse. */
export function checkShape(files: readonly InputFile[], limits: ShapeLimits = shapeLimits(), hint: RaiseHint = envHint): void {
  for (const f of files) {
    const s = text(f);
    const head = s
      .slice(0, 2000)
      .trimStart()
      .replace(/^\uFEFF/, '');
    if (head.startsWith('<')) checkXml(f.name, s, limits, hint);
    // JSON nesting is checked by the JSON reader itself, which names the field (src/io/storable.ts).
    else if (!head.startsWith('{') && !head.startsWith('[')) checkCsv(f.name, s, limits, hint);
  }
}

function checkCsv(file: string, s: string, limits: ShapeLimits, hint: RaiseHint): void {
  const end = s.indexOf('\n');
  const header = end === -1 ? s : s.slice(0, end);
  // The delimiter the header uses most; quoted commas make this an over-count at worst by the quoted ones.
  const count = Math.max(...[',', ';', '\t', '|'].map((d) => header.split(d).length));
  if (count > limits.columns)
    throw new ShapeLimitError(file, 1, 'columns', `at most ${limits.columns} columns (${hint('columns')})`, `the header has ${count} columns`);
}

function checkXml(file: string, s: string, limits: ShapeLimits, hint: RaiseHint): void {
  let depth = 0;
  let keys = 0;
  let attrs = 0;
  let nodes = 0;
  let ties = 0;
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
    // Counted before the document is parsed: a file of ten million nodes is refused without building its tree.
    if (local === 'node' && ++nodes > limits.nodes) throw nodeCapError(file, lineAt(s, i), limits, hint);
    if (local === 'edge' && ++ties > limits.ties) throw tieCapError(file, lineAt(s, i), limits, hint);
    if (local === 'key' || local === 'attribute') {
      if (++keys > limits.keys)
        throw new ShapeLimitError(
          file,
          lineAt(s, i),
          'keys',
          `at most ${limits.keys} declared attributes (${hint('keys')})`,
          `more than ${limits.keys} attribute keys are declared`,
        );
    }
    if (local === 'data' || local === 'attvalue') {
      if (++attrs > limits.attributesPerElement)
        throw new ShapeLimitError(
          file,
          lineAt(s, i),
          'attributesPerElement',
          `at most ${limits.attributesPerElement} attribute values per node or tie (${hint('attributesPerElement')})`,
          `a node or tie has more than ${limits.attributesPerElement} attribute values`,
        );
    }
    if (!selfClosing && ++depth > limits.depth)
      throw new ShapeLimitError(
        file,
        lineAt(s, i),
        'depth',
        `elements nested at most ${limits.depth} deep (${hint('depth')})`,
        `elements are nested more than ${limits.depth} levels deep`,
      );
  }
}
