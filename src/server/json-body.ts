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
import type { Request, Response } from 'express';
import { HttpProblem, zodProblems, type FieldProblem } from './problems.ts';
import { findUnstorable } from './security.ts';
import { UPLOAD_BODIES, type UploadBodyName } from './upload-body.ts';
import { SpooledFile } from './upload-stream.ts';

/** What the worker makes of a spooled body: the route's body with its file contents on disk, or why not. */
export type JsonBodyResult =
  | { ok: true; fields: Record<string, unknown>; files: { name: string; path: string; size: number }[] }
  | { ok: false; reason: 'malformed' }
  | { ok: false; reason: 'unstorable' | 'invalid'; problems: FieldProblem[] };

/** Whether a request's body is JSON that express.json would read (identity encoding, UTF-8), and not small. */
export function spoolsJson(req: Request, minBytes: number): boolean {
  if (!req.is(['application/json', 'application/*+json'])) return false;
  const enc = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const charset = /charset=([^;]+)/i
    .exec(req.headers['content-type'] ?? '')?.[1]
    ?.trim()
    .toLowerCase();
  if (enc !== 'identity' || (charset && charset !== 'utf-8' && charset !== 'utf8')) return false; // express.json handles these
  const declared = Number(req.headers['content-length']);
  return !Number.isFinite(declared) || declared > minBytes;
}

/** express.json's own errors, so the problem handler answers as it did for a body parsed on the loop. */
const tooLarge = () => Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413 });
const malformed = () => Object.assign(new Error('malformed JSON'), { type: 'entity.parse.failed', status: 400 });

/**
 * Writes the body to `dir/body.json` as it arrives, refusing it as soon as it passes `maxBytes` (or at once
 * when its declared length does). `dir` is removed by the caller when the response closes.
 */
export async function spoolJson(req: Request, dir: string, maxBytes: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const path = join(dir, 'body.json');
  let seen = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      done(seen > maxBytes ? tooLarge() : null, chunk);
    },
  });
  await pipeline(req, cap, createWriteStream(path));
  return path;
}

/** Worker side: parse, check and validate a spooled body; write its contents to files in `dir`. */
export function readJsonBody(p: { path: string; dir: string; body: UploadBodyName; maxProblems?: number }): JsonBodyResult {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(p.path, 'utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  // express.json is strict: only an object or an array at the top.
  if (!raw || typeof raw !== 'object') return { ok: false, reason: 'malformed' };
  const problems: FieldProblem[] = [];
  findUnstorable(raw, 'body', problems, p.maxProblems ?? 20);
  if (problems.length) return { ok: false, reason: 'unstorable', problems };
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
  await mkdir(root, { recursive: true });
  const dir = await mkdtemp(join(root, 'upload-json-'));
  const cleanup = () => void rm(dir, { recursive: true, force: true }).catch(() => {});
  res.once('close', cleanup);
  if (res.closed) cleanup();
  let path: string;
  try {
    path = await spoolJson(req, dir, options.maxBytes);
  } catch (e) {
    if ((e as { type?: string }).type === 'entity.too.large') {
      // Answer now without reading the rest, then hang up (as the multipart reader does).
      res.setHeader('Connection', 'close');
      req.resume();
    }
    throw e;
  }
  const r = await options.parse({ path, dir, body: options.body });
  if (!r.ok) {
    if (r.reason === 'malformed') throw malformed();
    const n = r.problems.length;
    // The words of refuseUnstorableText and of the route's validation (src/server/security.ts, route.ts).
    const what = r.reason === 'unstorable' ? `${n} value${n === 1 ? '' : 's'} cannot be stored` : `${n} problem${n === 1 ? '' : 's'} in the request`;
    throw new HttpProblem('validation', what, r.problems);
  }
  return { ...r.fields, files: r.files.map((f) => ({ name: f.name, content: new SpooledFile(f.path, f.size) })) };
}
