/**
 * Large JSON bodies of the upload routes off the event loop (issue 20). express.json parses a body of up to
 * limits.jsonBytes (10 MB) on the event loop, the unstorable-text check walks it there, and the import
 * route stringified the dataset again for the parse worker: three passes of a stalled loop. Instead, the
 * body is written to a temp file as it arrives (size cap enforced while it does), and a worker parses it,
 * checks it for unstorable text and validates it with the route's own schema, writing each file's content
 * (or the dataset) to a file of its own; the route then gets a body of spooled files, as from a multipart
 * upload. Errors are the parser's and the route's own: malformed JSON, 413, unstorable text and schema
 * problems at their JSON paths.
 */
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Request, RequestHandler, Response } from 'express';
import { HttpProblem, zodProblems, type FieldProblem } from './problems.ts';
import { findUnstorable } from './security.ts';
import { UPLOAD_BODIES, type UploadBodyName } from './upload-body.ts';
import { WORKER_BODIES, type WorkerBodyName } from './worker-bodies.ts';
import { SpooledFile } from './upload-stream.ts';

/** What the worker makes of a spooled body: the route's body with its file contents on disk, or why not. */
export type JsonBodyResult =
  | { ok: true; fields: Record<string, unknown>; files: { name: string; path: string; size: number }[] }
  | { ok: false; reason: 'malformed' }
  | { ok: false; reason: 'unstorable' | 'invalid'; problems: FieldProblem[] };
/** What the worker makes of a spooled body of a WORKER_BODIES route: the body, validated by the route's schema, or why not. */
export type JsonValueResult = { ok: true; value: unknown } | Exclude<JsonBodyResult, { ok: true }>;

/**
 * Content encodings a JSON body may have on any route: inflated as it is read, the route's byte cap counting
 * the inflated bytes, so a small compressed body that inflates past it (a zip bomb) is refused at the cap.
 */
export const JSON_BODY_ENCODINGS = ['identity', 'gzip', 'deflate', 'br'] as const;
type BodyEncoding = (typeof JSON_BODY_ENCODINGS)[number];

const encodingOf = (req: Request) => (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
const charsetOf = (req: Request) =>
  /charset=([^;]+)/i
    .exec(req.headers['content-type'] ?? '')?.[1]
    ?.trim()
    .replace(/^"|"$/g, '')
    .toLowerCase();
const isJsonBody = (req: Request) => typeof req.is(['application/json', 'application/*+json']) === 'string';

/**
 * Refuses, with 415 and the reason, a JSON body the API does not read: an encoding other than
 * JSON_BODY_ENCODINGS, or a charset other than UTF-8 (JSON between systems is UTF-8, RFC 8259 §8.1; the
 * spooled upload path and the loop's parser then read every body alike). Mounted before every JSON parser.
 */
export function jsonBodyEncoding(): RequestHandler {
  return (req, _res, next) => {
    if (!isJsonBody(req)) return next();
    const enc = encodingOf(req);
    if (!(JSON_BODY_ENCODINGS as readonly string[]).includes(enc))
      return next(
        new HttpProblem(
          'unsupported-media-type',
          `Content-Encoding "${enc}" is not accepted for a JSON body: send it uncompressed, or as gzip, deflate or br`,
          [{ in: 'header', path: 'content-encoding', expected: JSON_BODY_ENCODINGS.join(', '), message: `unsupported content encoding "${enc}"` }],
        ),
      );
    const charset = charsetOf(req);
    if (charset && charset !== 'utf-8' && charset !== 'utf8')
      return next(
        new HttpProblem(
          'unsupported-media-type',
          `a JSON body must be UTF-8 (RFC 8259), this one says charset=${charset}: re-encode it as UTF-8, or leave the charset out`,
          [
            {
              in: 'header',
              path: 'content-type',
              expected: 'application/json or application/json; charset=utf-8',
              message: `unsupported charset "${charset}"`,
            },
          ],
        ),
      );
    next();
  };
}

/**
 * Whether a JSON body of an upload route is spooled: when it is not small by its declared length, and
 * always when compressed (how large it inflates is known only by inflating it, which is then done off the
 * loop's parser). Encoding and charset were checked by jsonBodyEncoding.
 */
export function spoolsJson(req: Request, minBytes: number): boolean {
  if (!isJsonBody(req)) return false;
  const enc = encodingOf(req);
  const charset = charsetOf(req);
  if (!(JSON_BODY_ENCODINGS as readonly string[]).includes(enc) || (charset && charset !== 'utf-8' && charset !== 'utf8')) return false;
  if (enc !== 'identity') return true;
  const declared = Number(req.headers['content-length']);
  return !Number.isFinite(declared) || declared > minBytes;
}

const decompressor = (enc: BodyEncoding) =>
  enc === 'gzip' ? createGunzip() : enc === 'deflate' ? createInflate() : enc === 'br' ? createBrotliDecompress() : null;

/** express.json's own errors (with the cap as `limit`), so the problem handler answers as for a body parsed on the loop. */
const tooLarge = (limit: number) => Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413, limit });
const malformed = () => Object.assign(new Error('malformed JSON'), { type: 'entity.parse.failed', status: 400 });

/**
 * Writes the body to `dir/body.json` as it arrives, inflated when compressed, refusing it as soon as its
 * (inflated) bytes pass `maxBytes`, or at once when an uncompressed body's declared length does. The request
 * is piped, not part of the pipeline, so a refusal unpipes it instead of destroying the socket: the 413 is
 * still delivered. `dir` is removed by the caller when the response closes.
 */
export async function spoolJson(req: Request, dir: string, maxBytes: number): Promise<string> {
  const enc = encodingOf(req) as BodyEncoding;
  const declared = Number(req.headers['content-length']);
  if (enc === 'identity' && Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const path = join(dir, 'body.json');
  let seen = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      done(seen > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
  const inflate = decompressor(enc);
  let corrupt = false;
  // zlib's own errors carry its errno; the cap's and a cut connection's do not.
  inflate?.once('error', (err) => {
    corrupt = typeof (err as { errno?: unknown }).errno === 'number';
  });
  const head = inflate ?? cap;
  const written = inflate ? pipeline(inflate, cap, createWriteStream(path)) : pipeline(cap, createWriteStream(path));
  const cut = () => {
    if (!req.complete) head.destroy(Object.assign(new Error('the client closed the connection before the body was sent'), { status: 400 }));
  };
  req.once('close', cut);
  req.pipe(head);
  try {
    await written;
  } catch (e) {
    req.unpipe(head);
    if (!corrupt) throw e;
    // zlib's own error: the body is not what its Content-Encoding says.
    throw new HttpProblem('validation', `the body is not valid ${enc} data (${(e as Error).message})`, [
      { in: 'header', path: 'content-encoding', expected: `a body compressed with ${enc}`, message: (e as Error).message },
    ]);
  } finally {
    req.off('close', cut);
  }
  return path;
}

/** Parses a spooled body and checks it for unstorable text, as express.json and refuseUnstorableText do on the loop. */
function readChecked(path: string, maxProblems = 20): JsonValueResult {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  // express.json is strict: only an object or an array at the top.
  if (!raw || typeof raw !== 'object') return { ok: false, reason: 'malformed' };
  const problems: FieldProblem[] = [];
  findUnstorable(raw, 'body', problems, maxProblems);
  if (problems.length) return { ok: false, reason: 'unstorable', problems };
  return { ok: true, value: raw };
}

/** Worker side, for a WORKER_BODIES route: parse, check and validate a spooled body; the validated body goes back. */
export function readJsonValue(p: { path: string; body: WorkerBodyName; maxProblems?: number }): JsonValueResult {
  const read = readChecked(p.path, p.maxProblems);
  if (!read.ok) return read;
  const parsed = WORKER_BODIES[p.body].safeParse(read.value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: 'invalid', problems: zodProblems('body', parsed.error) };
}

/** Worker side: parse, check and validate a spooled body; write its contents to files in `dir`. */
export function readJsonBody(p: { path: string; dir: string; body: UploadBodyName; maxProblems?: number }): JsonBodyResult {
  const read = readChecked(p.path, p.maxProblems);
  if (!read.ok) return read;
  const raw = read.value;
  const parsed = UPLOAD_BODIES[p.body].safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'invalid', problems: zodProblems('body', parsed.error) };
  const body = parsed.data as { files?: { name: string; content: unknown }[]; dataset?: unknown };
  const files: { name: string; path: string; size: number }[] = [];
  const write = (name: string, text: string) => {
    const path = join(p.dir, `part-${files.length}`);
    writeFileSync(path, text);
    files.push({ name, path, size: Buffer.byteLength(text) });
  };
  for (const f of body.files ?? []) write(f.name, String(f.content));
  if (body.dataset) write('dataset.json', JSON.stringify(body.dataset));
  // The other fields as sent: the route validates them again (cheap), with its transforms.
  const { files: _f, dataset: _d, ...fields } = raw as Record<string, unknown>;
  return { ok: true, fields: body.dataset ? { ...fields, format: 'json' } : fields, files };
}

/** Spools the body into a temp directory of its own under `root`, removed when the response closes; returns the dir and file. */
async function spoolToDir(req: Request, res: Response, root: string, maxBytes: number): Promise<{ dir: string; path: string }> {
  await mkdir(root, { recursive: true });
  const dir = await mkdtemp(join(root, 'upload-json-'));
  const cleanup = () => void rm(dir, { recursive: true, force: true }).catch(() => {});
  res.once('close', cleanup);
  if (res.closed) cleanup();
  try {
    return { dir, path: await spoolJson(req, dir, maxBytes) };
  } catch (e) {
    if ((e as { type?: string }).type === 'entity.too.large') {
      // Answer now without reading the rest, then hang up (as the multipart reader does).
      res.setHeader('Connection', 'close');
      req.resume();
    }
    throw e;
  }
}

/** A worker's refusal as the loop's parser and the route's validation word it (src/server/security.ts, route.ts). */
function refusal(r: Exclude<JsonBodyResult, { ok: true }>): Error {
  if (r.reason === 'malformed') return malformed();
  const n = r.problems.length;
  const what = r.reason === 'unstorable' ? `${n} value${n === 1 ? '' : 's'} cannot be stored` : `${n} problem${n === 1 ? '' : 's'} in the request`;
  return new HttpProblem('validation', what, r.problems);
}

/**
 * Main side: spools the body into a temp directory of its own under `root` (removed when the response
 * closes) and has `parse` (the worker task) read it; returns the route's body with spooled files.
 */
export async function jsonUploadBody(
  req: Request,
  res: Response,
  root: string,
  options: { maxBytes: number; body: UploadBodyName; parse: (p: { path: string; dir: string; body: UploadBodyName }) => Promise<JsonBodyResult> },
): Promise<Record<string, unknown>> {
  const { dir, path } = await spoolToDir(req, res, root, options.maxBytes);
  const r = await options.parse({ path, dir, body: options.body });
  if (!r.ok) throw refusal(r);
  return { ...r.fields, files: r.files.map((f) => ({ name: f.name, content: new SpooledFile(f.path, f.size) })) };
}

/**
 * Main side, for a WORKER_BODIES route: spools the body and has `parse` (the worker task) parse, check and
 * validate it; returns the validated body, which the route then takes as it is (route.ts, `validBody`).
 */
export async function jsonWorkerBody(
  req: Request,
  res: Response,
  root: string,
  options: { maxBytes: number; body: WorkerBodyName; parse: (p: { path: string; body: WorkerBodyName }) => Promise<JsonValueResult> },
): Promise<unknown> {
  const { path } = await spoolToDir(req, res, root, options.maxBytes);
  const r = await options.parse({ path, body: options.body });
  if (!r.ok) throw refusal(r);
  return r.value;
}
