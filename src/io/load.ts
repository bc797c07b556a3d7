import { Buffer, isUtf8 } from 'node:buffer';
import { checkStorable } from './storable.ts';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Dataset } from '../model/index.ts';
import { DatasetBuilder, type BuilderOptions, type ImportReport } from './build.ts';
import { MAPPABLE_COLUMNS, readEdgesCsv, readNodesCsv } from './csv.ts';
import type { TypeMap } from '../model/index.ts';
import { parseTypeMap } from './types.ts';
import { ImportError, IssueCollector } from './errors.ts';
import { readGexf } from './gexf.ts';
import { readGraphml } from './graphml.ts';
import { readGml } from './gml.ts';
import { readPajek } from './pajek.ts';
import { readGdf } from './gdf.ts';
import { readDl } from './dl.ts';
import type { TwoModeKinds } from './dl-two-mode.ts';
import { readJson } from './json.ts';
import { foreignFormat, foreignFormatExpected } from './foreign-formats.ts';
import { checkShape, type RaiseHint, type ShapeLimits } from './shape-limits.ts';

export const IMPORT_FORMATS = ['csv', 'edgelist', 'json', 'gexf', 'graphml', 'gml', 'pajek', 'gdf', 'dl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ProgressEvent {
  phase: 'read' | 'parse';
  done: number;
  total: number;
}

export interface LoadOptions {
  /**
   * Force a format instead of guessing from the path (folder → csv, .json, .gexf, .graphml/.xml, .gml, .net/.paj,
   * .gdf, .dl, other files → edgelist, or the peer format their content is written in).
   */
  format?: ImportFormat;
  /** Called as files are read (bytes) and parsed (files done); for progress bars. */
  onProgress?: (e: ProgressEvent) => void;
  /** Most problems listed in an ImportError (default 50; all are counted). */
  maxIssues?: number;
  /** Own node / tie types → built-in kinds (`--type-map`); merged over a `types` section of meta.json (this one wins). */
  typeMap?: TypeMap;
  /** `keep` (default) or `drop` self-loops (`--self-loops`). */
  selfLoops?: 'keep' | 'drop';
  /** Read `0,5` as 0.5 (`--decimal-comma`). */
  decimalComma?: boolean;
  /** Read CSV attribute columns without a `:type` header as numbers / booleans when every value is one (default true; `--no-infer-types`). */
  inferTypes?: boolean;
  /**
   * Which CSV column feeds which field (`--columns source=From,target=To`): `field=Header`, or
   * `nodes.field=` / `edges.field=` for one file. Fields: see MAPPABLE_COLUMNS.
   */
  columns?: Record<string, string>;
  /**
   * Refuse files over these shape caps (shape-limits.ts): columns, attributes, keys and depth (and XML's
   * node and tie counts) by a scan before parsing; nodes, ties and field length as the reader builds,
   * stopping at the first record over. `hint` says how to raise them. Default: not checked.
   */
  shape?: { limits: ShapeLimits; hint?: RaiseHint };
  /** The types of a two-mode UCINET DL file's or Pajek network's rows and columns (`--two-mode-kinds`; default actor, event). */
  twoModeKinds?: TwoModeKinds;
}

/** Parses `--two-mode-kinds company,project` (problems as text). */
export function parseTwoModeKinds(text: string): TwoModeKinds | string {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== 2 || !parts[0] || !parts[1]) return `"${text}": expected ROWS,COLUMNS, two type names, e.g. company,project`;
  if (parts[0] === parts[1]) return `"${text}": two different type names (the rows' and the columns')`;
  return { rows: parts[0], columns: parts[1] };
}

/** Parses `--columns source=From,target=To,nodes.type=Kind` (problems as text). */
export function parseColumnsOption(text: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) return `"${part}": expected FIELD=COLUMN, e.g. source=From`;
    const key = part.slice(0, eq).trim(),
      header = part.slice(eq + 1).trim();
    const dot = key.indexOf('.');
    const scope = dot >= 0 ? key.slice(0, dot) : undefined,
      field = dot >= 0 ? key.slice(dot + 1) : key;
    if (scope !== undefined && scope !== 'nodes' && scope !== 'edges') return `"${key}": a field, or nodes.FIELD / edges.FIELD`;
    const fields = scope ? MAPPABLE_COLUMNS[scope] : [...new Set([...MAPPABLE_COLUMNS.nodes, ...MAPPABLE_COLUMNS.edges])];
    if (!(fields as readonly string[]).includes(field)) return `"${key}": not a field that can be mapped (${fields.join(', ')})`;
    out[key] = header;
  }
  return out;
}

/** Merges type maps; later ones win per own type. */
function mergeTypeMaps(...maps: (TypeMap | undefined)[]): TypeMap | undefined {
  const present = maps.filter((m): m is TypeMap => m !== undefined);
  if (!present.length) return undefined;
  return {
    nodes: Object.assign({}, ...present.map((m) => m.nodes ?? {})),
    edges: Object.assign({}, ...present.map((m) => m.edges ?? {})),
  };
}

export interface LoadResult {
  dataset: Dataset;
  report: ImportReport;
}

export interface InputFile {
  name: string;
  content: string | Uint8Array;
}

/** UTF-8 bytes → text; null when not valid UTF-8 (checked natively, then decoded without a second pass). */
function decodeUtf8(bytes: Uint8Array): string | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isUtf8(buf) ? buf.toString('utf8') : null;
}

function fail(file: string, expected: string, field?: string): never {
  const c = new IssueCollector();
  c.add(file, undefined, field, undefined, expected);
  c.throwIfAny();
  throw new Error('unreachable');
}

function guessFormat(name: string): ImportFormat {
  const ext = extname(name).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.gexf') return 'gexf';
  if (ext === '.graphml' || ext === '.xml') return 'graphml';
  if (ext === '.gml') return 'gml';
  if (ext === '.net' || ext === '.paj') return 'pajek';
  if (ext === '.gdf') return 'gdf';
  if (ext === '.dl') return 'dl';
  return 'edgelist';
}

/** Peer formats read when a file's content is written in them, whatever its name (see foreign-formats.ts). */
const SNIFFED: Record<string, ImportFormat> = { GML: 'gml', Pajek: 'pajek', 'GDF (GUESS)': 'gdf', 'UCINET DL': 'dl' };

const base = (name: string) => basename(name).toLowerCase();
// Kumu exports its tables as elements.csv and connections.csv.
const isNodesFile = (n: string) => ['nodes.csv', 'nodes.tsv', 'nodes.txt', 'elements.csv'].includes(base(n));
const isEdgesFile = (n: string) => ['edges.csv', 'edges.tsv', 'edges.txt', 'connections.csv'].includes(base(n));

/**
 * Parse in-memory files (an upload, or files already read): nodes.csv + edges.csv (+ meta.json)
 * as a dataset, or one file in any other format. Throws ImportError listing every problem.
 */
export function parseDatasetFiles(files: InputFile[], options: LoadOptions = {}): LoadResult {
  if (options.shape) checkShape(files, options.shape.limits, options.shape.hint);
  const texts: { name: string; text: string }[] = [];
  for (const f of files) {
    if (typeof f.content === 'string') {
      texts.push({ name: f.name, text: f.content });
      continue;
    }
    const text = decodeUtf8(f.content);
    if (text === null) fail(f.name, 'UTF-8 text (the file has bytes that are not valid UTF-8; save it as UTF-8)');
    texts.push({ name: f.name, text });
  }
  const nodes = texts.find((t) => isNodesFile(t.name));
  const edges = texts.find((t) => isEdgesFile(t.name));
  let format = options.format ?? (nodes || edges ? 'csv' : texts.length === 1 ? guessFormat(texts[0].name) : undefined);
  // A file guessed to be an edge list that is written in a peer format we read (karate.txt holding GML).
  const sniffed = format === 'edgelist' && !options.format ? foreignFormat(texts[0].text) : null;
  if (sniffed && SNIFFED[sniffed]) format = SNIFFED[sniffed];
  const progress = (done: number) => options.onProgress?.({ phase: 'parse', done, total: 2 });
  const builder = (extra: Partial<BuilderOptions> = {}, typeMap = options.typeMap) =>
    new DatasetBuilder({
      maxIssues: options.maxIssues,
      implicitNodes: false,
      typeMap,
      selfLoops: options.selfLoops,
      decimalComma: options.decimalComma,
      inferTypes: options.inferTypes,
      caps: options.shape,
      ...extra,
    });
  // Text PostgreSQL cannot store (NUL, lone surrogates, deep nesting) is refused before parsing, with file, line and field.
  const storable = builder();
  for (const t of texts) checkStorable(storable, t.name, t.text);
  storable.issues.throwIfAny();
  let result: LoadResult;
  let b: DatasetBuilder;
  switch (format) {
    case 'csv': {
      if (!nodes) fail(edges ? join(dirname(edges.name), 'nodes.csv') : 'nodes.csv', 'a nodes.csv file (header with at least an id column) next to edges.csv');
      if (!edges) fail(join(dirname(nodes.name), 'edges.csv'), 'an edges.csv file (header with at least source,target) next to nodes.csv');
      const meta = texts.find((t) => base(t.name) === 'meta.json');
      let m: unknown;
      let metaProblem: string | undefined;
      let metaTypes: TypeMap | undefined;
      if (meta) {
        try {
          m = JSON.parse(meta.text);
        } catch (e) {
          metaProblem = `valid JSON (${(e as Error).message})`;
        }
        // The `types` section of meta.json is a type map, not part of the dataset's meta.
        if (m && typeof m === 'object' && !Array.isArray(m) && 'types' in m) {
          const { types, ...rest } = m as Record<string, unknown>;
          m = rest;
          const t = parseTypeMap(types);
          if (typeof t === 'string') metaProblem = `a "types" section that is a type map: ${t}`;
          else metaTypes = t;
        }
      }
      b = builder({}, mergeTypeMaps(metaTypes, options.typeMap));
      if (meta && metaProblem) b.bad({ file: meta.name }, metaProblem.startsWith('valid JSON') ? '$' : 'types', undefined, metaProblem);
      if (m !== undefined) b.setMeta(m, { file: meta!.name });
      readNodesCsv(b, nodes.text, nodes.name, options.columns);
      progress(1);
      readEdgesCsv(b, edges.text, edges.name, false, true, options.columns);
      progress(2);
      unusedColumns(b, options.columns, `${nodes.name} and ${edges.name}`);
      result = b.finish('csv', [nodes.name, edges.name, ...(meta ? [meta.name] : [])]);
      break;
    }
    case 'edgelist': {
      const f = only(texts, format);
      // A guessed edge list that is another tool's graph format: say so once, not once per line.
      const foreign = options.format ? null : foreignFormat(f.text);
      if (foreign) fail(f.name, foreignFormatExpected(foreign));
      b = builder({ implicitNodes: true });
      readEdgesCsv(b, f.text, f.name, true, true, options.columns);
      progress(2);
      unusedColumns(b, options.columns, f.name);
      result = b.finish('edgelist', [f.name]);
      break;
    }
    case 'gml':
    case 'pajek':
    case 'gdf':
    case 'dl': {
      const f = only(texts, format);
      const what = { gml: 'GML document', pajek: 'Pajek network', gdf: 'GDF file', dl: 'UCINET DL file' }[format];
      if (f.text.trim() === '') fail(f.name, `a ${what} (the file is empty)`);
      // Gephi creates the nodes a GDF tie names without declaring them; GML and Pajek ties name declared ids.
      b = builder(format === 'gdf' ? { implicitNodes: 'warn' } : {});
      if (format === 'dl') readDl(b, f.text, f.name, { twoModeKinds: options.twoModeKinds });
      else if (format === 'pajek') readPajek(b, f.text, f.name, { twoModeKinds: options.twoModeKinds });
      else ({ gml: readGml, gdf: readGdf })[format](b, f.text, f.name);
      progress(2);
      result = b.finish(format, [f.name]);
      break;
    }
    case 'json':
    case 'gexf':
    case 'graphml': {
      const f = only(texts, format);
      if (f.text.trim() === '') fail(f.name, `a ${format.toUpperCase()} document (the file is empty)`);
      // Gephi and NetworkX create the nodes a GEXF / GraphML edge names without declaring; graphology's JSON refuses them.
      b = builder(format === 'json' ? {} : { implicitNodes: 'warn' });
      (format === 'json' ? readJson : format === 'gexf' ? readGexf : readGraphml)(b, f.text, f.name);
      progress(2);
      result = b.finish(format, [f.name]);
      break;
    }
    default:
      return fail(
        files.map((f) => f.name).join(', ') || 'upload',
        'nodes.csv + edges.csv, or one .csv/.tsv edge list, .json, .gexf, .graphml, .gml, Pajek .net, .gdf or UCINET .dl file',
      );
  }
  return result;
}

/** A `--columns` entry that named a column no file has. */
function unusedColumns(b: DatasetBuilder, columns: Record<string, string> | undefined, where: string): void {
  for (const [key, header] of Object.entries(columns ?? {})) {
    if (b.columnsUsed.has(key)) continue;
    b.bad({ file: where, line: 1 }, key, header, `a column named "${header}" (--columns ${key}=${header}) in the header`);
  }
}

function only(texts: { name: string; text: string }[], format: string): { name: string; text: string } {
  if (texts.length !== 1) fail(texts.map((t) => t.name).join(', '), `exactly one ${format} file`);
  return texts[0];
}

/** Load a dataset from a folder (nodes.csv + edges.csv [+ meta.json]) or a single file. */
export async function loadDataset(path: string, options: LoadOptions = {}): Promise<LoadResult> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return fail(path, 'an existing file or folder', undefined);
  }
  let paths: string[];
  if (info.isDirectory()) {
    const names = await readdir(path);
    const pick = (test: (n: string) => boolean) => names.find(test);
    const n = pick(isNodesFile),
      e = pick(isEdgesFile),
      m = pick((x) => x.toLowerCase() === 'meta.json');
    if (!n || !e) {
      fail(path, `a folder holding nodes.csv and edges.csv (missing ${[!n && 'nodes.csv', !e && 'edges.csv'].filter(Boolean).join(' and ')})`);
    }
    paths = [n, e, ...(m ? [m] : [])].map((x) => join(path, x!));
  } else if ((isNodesFile(path) || isEdgesFile(path)) && !options.format) {
    // Pointing at nodes.csv or edges.csv means the folder.
    return loadDataset(dirname(path), options);
  } else {
    paths = [path];
  }
  const sizes = await Promise.all(paths.map(async (p) => (await stat(p)).size));
  const total = sizes.reduce((a, b) => a + b, 0);
  let done = 0;
  const files: InputFile[] = [];
  for (let i = 0; i < paths.length; i++) {
    const buf = await readFile(paths[i]);
    files.push({ name: paths[i], content: buf });
    done += sizes[i];
    options.onProgress?.({ phase: 'read', done, total });
  }
  return parseDatasetFiles(files, options);
}

export { ImportError };
export type { ImportReport };
