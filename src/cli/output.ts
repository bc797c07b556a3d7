import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { CommanderError, Option, type Command } from 'commander';
import type { SingleBar } from 'cli-progress';
import { z } from 'zod';
import { zodIssues, type Dataset } from '../model/index.ts';
import { ImportError } from '../io/errors.ts';
import { IMPORT_FORMATS, loadDataset, parseColumnsOption, parseTwoModeKinds, type ImportFormat, type LoadOptions, type LoadResult } from '../io/load.ts';
import { parseTypeMap } from '../io/types.ts';
import { checkSliceOptions, sliceDataset, type SliceOptions } from '../graph/timeslice.ts';

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, invalidData: 1, usage: 2 } as const;

/** A mistake in how the command was called (exit 2). */
export class UsageError extends Error {}

export interface JsonFlag {
  json?: boolean;
}

/** NaN / ±Infinity become null; Maps and Sets become objects / arrays. One line per document. */
function replacer(_k: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  if (v instanceof Map) return Object.fromEntries(v);
  if (v instanceof Set) return [...v];
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) ? x : null));
  return v;
}

export function toJson(doc: unknown): string {
  return JSON.stringify(doc, replacer, 2);
}

/**
 * Print a command's result: exactly one JSON document on stdout with --json, else the
 * human-readable text (built lazily, so --json never pays for it).
 */
export function emit(opts: JsonFlag, doc: unknown, human: () => string): void {
  process.stdout.write(opts.json ? toJson(doc) + '\n' : human().replace(/\n*$/, '\n'));
}

/** A text file named on the command line; one that cannot be read is a usage error naming it. */
export async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Write a file via a temporary name, so a failure leaves nothing half-written. */
export async function writeAtomic(path: string, content: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, content, 'utf8');
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Plain aligned text table; numbers right-aligned. */
export function table(header: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : typeof c === 'number' ? fmt(c) : c)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] == null));
  const width = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(width[i]) : c.padEnd(width[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(width.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** `1 edge`, `2 edges`: a count with its word, plural unless it is one. */
export function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(3) : x.toPrecision(3);
}

/** Turn any error into a stderr message and the exit code; never writes to stdout. */
export function reportError(err: unknown, opts: JsonFlag = {}): number {
  let code: number = EXIT.invalidData;
  let body: Record<string, unknown>;
  if (err instanceof ImportError) {
    body = { error: 'invalid-data', message: `${err.total} problem${err.total === 1 ? '' : 's'} in the input`, total: err.total, issues: err.issues };
    if (!opts.json) {
      process.stderr.write(`error: ${err.message}\n`);
      return code;
    }
  } else if (err instanceof z.ZodError) {
    body = { error: 'invalid-data', message: z.prettifyError(err), issues: zodIssues(err) };
  } else if (err instanceof UsageError || err instanceof RangeError) {
    code = EXIT.usage;
    body = { error: 'usage', message: err.message };
  } else if (err instanceof CommanderError) {
    code = err.exitCode === 0 ? 0 : EXIT.usage;
    return code;
  } else {
    body = { error: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
  process.stderr.write(opts.json ? toJson(body) + '\n' : `error: ${body.message}\n`);
  return code;
}

/** Run a command action with the shared error handling and exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void) {
  return async (...args: A): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    const opts = (typeof cmd?.optsWithGlobals === 'function' ? cmd.optsWithGlobals() : {}) as JsonFlag;
    try {
      await fn(...args);
    } catch (err) {
      process.exitCode = reportError(err, opts);
    }
  };
}

export interface SourceOptions extends JsonFlag, SliceOptions {
  format?: ImportFormat;
  progress?: boolean;
  typeMap?: string;
  columns?: string;
  selfLoops?: 'keep' | 'drop';
  decimalComma?: boolean;
  inferTypes?: boolean;
  twoModeKinds?: string;
}

/** `--json`, `--format` and `--no-progress`: every command that reads a source takes them. */
export function addSourceOptions(cmd: Command): Command {
  return addReadOptions(cmd.option('--json', 'print exactly one JSON document on stdout'));
}

/** `--format`, `--no-progress` and how to read other tools' files: how loadSource reads the source. */
export function addReadOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--format <format>', 'input format instead of guessing from the path').choices([...IMPORT_FORMATS]))
    .option(
      '--type-map <file>',
      'JSON map of your own node / tie types to built-in kinds, e.g. {"nodes":{"NGO":"community"},"edges":{"advice":{"kind":"mentoring","directed":true}}}',
    )
    .option('--columns <list>', 'which CSV column is which field, e.g. source=From,target=To,type=Relation,nodes.id=Name')
    .addOption(
      new Option('--self-loops <how>', 'keep self-loops (reported; the analyses leave them out) or drop them with a warning')
        .choices(['keep', 'drop'])
        .default('keep'),
    )
    .option('--decimal-comma', 'read numbers written with a decimal comma (0,5) in CSV files')
    .option('--no-infer-types', 'read CSV columns without a :number / :boolean header as text (default: as numbers / booleans when every value is one)')
    .option(
      '--two-mode-kinds <rows,columns>',
      "types of a two-mode file's row and column nodes (UCINET DL NR/NC, Pajek *Vertices n n1; default actor,event), e.g. company,project",
    )
    .option('--no-progress', 'never show a progress bar');
}

/** The LoadOptions that the read flags ask for (reads the --type-map file). */
export async function readOptions(
  opts: SourceOptions,
): Promise<Pick<LoadOptions, 'format' | 'typeMap' | 'columns' | 'selfLoops' | 'decimalComma' | 'inferTypes' | 'twoModeKinds'>> {
  const out: Pick<LoadOptions, 'format' | 'typeMap' | 'columns' | 'selfLoops' | 'decimalComma' | 'inferTypes' | 'twoModeKinds'> = {
    format: opts.format,
    selfLoops: opts.selfLoops,
    decimalComma: opts.decimalComma,
    inferTypes: opts.inferTypes,
  };
  if (opts.twoModeKinds !== undefined) {
    const kinds = parseTwoModeKinds(opts.twoModeKinds);
    if (typeof kinds === 'string') throw new UsageError(`--two-mode-kinds: ${kinds}`);
    out.twoModeKinds = kinds;
  }
  if (opts.typeMap !== undefined) {
    const map = parseTypeMap(await readText(opts.typeMap, '--type-map'));
    if (typeof map === 'string') throw new UsageError(`--type-map ${opts.typeMap}: ${map}`);
    out.typeMap = map;
  }
  if (opts.columns !== undefined) {
    const cols = parseColumnsOption(opts.columns);
    if (typeof cols === 'string') throw new UsageError(`--columns: ${cols}`);
    out.columns = cols;
  }
  return out;
}

/** `--at DATE` and, unless the command uses `--to` otherwise, `--from/--to DATE`. */
export function addSliceOptions(cmd: Command, window = true): Command {
  cmd.option('--at <date>', 'keep only ties active on this date (ISO 8601)');
  if (window) cmd.option('--from <date>', 'keep ties active on or after this date').option('--to <date>', 'keep ties active on or before this date');
  return cmd;
}

const PROGRESS_MIN_BYTES = 20 * 1024 * 1024;

/**
 * Load a source path (folder or file) and apply --at/--from/--to. Shows a progress bar on stderr
 * for large inputs on a terminal, never with --json.
 */
/** `extra`: reader options a command adds to the shared flags (e.g. `workspace import`'s shape caps). */
export async function loadSource(
  path: string,
  opts: SourceOptions,
  slice = true,
  extra: Pick<LoadOptions, 'shape'> = {},
): Promise<LoadResult & { sliced: Dataset }> {
  const window: SliceOptions = slice ? { at: opts.at, from: opts.from, to: opts.to } : {};
  const problem = checkSliceOptions(window);
  if (problem) throw new UsageError(problem);
  let bar: SingleBar | undefined;
  const wantBar = !opts.json && opts.progress !== false && process.stderr.isTTY;
  if (wantBar) {
    const info = await stat(path).catch(() => null);
    if (info && (info.size > PROGRESS_MIN_BYTES || info.isDirectory())) {
      // Loaded only when a bar is shown: it would cost every command's start-up otherwise.
      const { SingleBar } = await import('cli-progress');
      bar = new SingleBar({ stream: process.stderr, format: 'loading {bar} {percentage}% | {phase}', hideCursor: true, clearOnComplete: true }, undefined);
    }
  }
  let started = false;
  let big = false;
  try {
    const result = await loadDataset(path, {
      ...(await readOptions(opts)),
      ...extra,
      onProgress: bar
        ? (e) => {
            // Only long imports get a bar: the first read event says how many bytes are coming.
            if (e.phase === 'read' && e.total >= PROGRESS_MIN_BYTES) big = true;
            if (!big) return;
            if (!started) {
              bar!.start(100, 0, { phase: 'reading' });
              started = true;
            }
            const pct = e.phase === 'read' ? (e.done / e.total) * 50 : 50 + (e.done / e.total) * 50;
            bar!.update(Math.round(pct), { phase: e.phase === 'read' ? 'reading' : 'validating' });
          }
        : undefined,
    });
    return { ...result, sliced: sliceDataset(result.dataset, window) };
  } finally {
    if (started) bar!.stop();
  }
}

/** Description of the slice applied, for reports. */
export function sliceLabel(o: SliceOptions): string | null {
  if (o.at) return `at ${o.at}`;
  if (o.from || o.to) return `from ${o.from ?? 'the start'} to ${o.to ?? 'the end'}`;
  return null;
}
