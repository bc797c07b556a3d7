import busboy from 'busboy';
import { Buffer } from 'node:buffer';
import { closeSync, createWriteStream, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import type { InputFile } from '../io/load.ts';
import { HttpProblem } from './problems.ts';

/**
 * An uploaded file written to disk while it arrived (issue 20, defect 7: ten 45 MB uploads used to be
 * held in memory). Routes hand its path to the worker, which reads the file there; a class, so a JSON
 * body cannot pass itself off as one and make the server read a path of its choosing.
 */
export class SpooledFile {
  constructor(
    readonly path: string,
    readonly size: number,
  ) {}
}

/** A file as the parse task receives it: inline content (JSON bodies, the CLI) or the path of a spooled upload. */
export type TaskFile = InputFile | { name: string; path: string };

export interface SpoolLimits {
  /** Bytes per file; the part is refused as soon as it passes this. */
  fileBytes: number;
  /** File parts per request. */
  files: number;
  /** Text fields per request (each at most 1 MiB). */
  fields: number;
}

const FIELD_BYTES = 2 ** 20;

export interface SpooledUpload {
  fields: Record<string, string>;
  files: { name: string; content: SpooledFile }[];
}

/**
 * Reads a multipart body, writing each file part to a temp directory of its own as it arrives, so no
 * upload is held in memory. Rejects at the first broken limit without reading the rest: a declared
 * Content-Length over the total before anything is read, a file over its cap as soon as it passes it
 * (the caller answers at once and the connection is closed). The directory is removed when the
 * response closes: after success, after an error, and when the client goes away mid-upload.
 */
export async function spoolUpload(req: Request, res: Response, root: string, limits: SpoolLimits): Promise<SpooledUpload> {
  const declared = Number(req.headers['content-length']);
  const most = limits.files * limits.fileBytes + limits.fields * FIELD_BYTES;
  if (Number.isFinite(declared) && declared > most)
    throw tooLarge(`the upload declares ${declared} bytes; at most ${most} are accepted (limits.uploadFiles × limits.uploadBytes)`);

  await mkdir(root, { recursive: true });
  const dir = await mkdtemp(join(root, 'upload-'));
  const cleanup = () => void rm(dir, { recursive: true, force: true }).catch(() => {});
  res.once('close', cleanup);
  if (res.closed) cleanup(); // the client left while the directory was made

  return new Promise<SpooledUpload>((resolve, reject) => {
    const fields: Record<string, string> = {};
    // In the order the parts arrived; each slot is filled when its file is on disk.
    const files: { name: string; content: SpooledFile }[] = [];
    let started = 0;
    const writes: Promise<void>[] = [];
    let settled = false;
    let bb: busboy.Busboy;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      // Answer now; discard what is still in flight so the client reads the answer rather than a reset, then hang up.
      res.setHeader('Connection', 'close');
      req.resume();
      res.once('finish', () => setTimeout(() => req.socket.destroy(), 1000).unref());
      reject(err);
    };
    try {
      bb = busboy({
        headers: req.headers,
        limits: { fileSize: limits.fileBytes + 1, files: limits.files + 1, fields: limits.fields + 1, fieldSize: FIELD_BYTES + 1 },
      });
    } catch (e) {
      reject(malformed((e as Error).message));
      return;
    }
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(tooLarge(`the field "${name}" is longer than ${FIELD_BYTES} bytes`));
      if (name === 'files') return fail(malformed('"files" must be file parts, not a text field'));
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'files') {
        stream.resume();
        return fail(
          new HttpProblem('validation', 'unexpected file field', [
            { in: 'body', path: name, expected: 'files in a part named "files"', message: 'unexpected file field' },
          ]),
        );
      }
      if (started >= limits.files) {
        stream.resume();
        return fail(tooLarge(`more than ${limits.files} files in one upload (limits.uploadFiles)`));
      }
      const slot = started++;
      const file = info.filename ?? `file${slot + 1}`;
      const path = join(dir, String(slot));
      const out = createWriteStream(path);
      stream.on('limit', () => {
        out.destroy();
        fail(tooLarge(`the file "${file}" is larger than ${limits.fileBytes} bytes (limits.uploadBytes); it was refused while it arrived`));
      });
      writes.push(
        pipeline(stream, out).then(
          () => {
            files[slot] = { name: file, content: new SpooledFile(path, out.bytesWritten) };
          },
          (e) => fail(e),
        ),
      );
    });
    bb.on('fieldsLimit', () => fail(tooLarge(`more than ${limits.fields} fields in one upload`)));
    bb.on('filesLimit', () => fail(tooLarge(`more than ${limits.files} files in one upload (limits.uploadFiles)`)));
    bb.on('error', (e) => fail(malformed((e as Error).message)));
    bb.on('close', () => {
      void Promise.all(writes).then(() => {
        if (settled) return;
        settled = true;
        resolve({ fields, files });
      });
    });
    req.on('close', () => {
      if (!req.readableEnded) fail(malformed('the client closed the connection before the upload ended'));
    });
    req.pipe(bb);
  });
}

/**
 * Removes upload directories left by a process that stopped mid-upload (killed, or exited before its
 * clean-up ran). Only those untouched for `olderThanMs` (default 1 h, past any request timeout): another
 * live server may share the directory.
 */
export function sweepUploads(root: string, olderThanMs = 3_600_000, now = Date.now()): number {
  let n = 0;
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return 0; // not made yet
  }
  for (const name of names) {
    if (!name.startsWith('upload-')) continue;
    const path = join(root, name);
    try {
      if (now - statSync(path).mtimeMs < olderThanMs) continue;
      rmSync(path, { recursive: true, force: true });
      n++;
    } catch {
      /* gone meanwhile */
    }
  }
  return n;
}

const tooLarge = (detail: string) => new HttpProblem('payload-too-large', detail);
const malformed = (message: string) =>
  new HttpProblem('validation', 'malformed multipart upload', [
    { in: 'body', path: '', expected: 'multipart/form-data with file parts named "files"', message },
  ]);

/** Files for the parse task: spooled uploads go by path (read in the worker), others as they are. */
export function toTaskFiles(files: readonly { name: string; content: string | Uint8Array | SpooledFile }[]): TaskFile[] {
  return files.map((f) => (f.content instanceof SpooledFile ? { name: f.name, path: f.content.path } : { name: f.name, content: f.content }));
}

/** In the worker: a spooled upload's bytes, read from its file. */
export function readTaskFiles(files: readonly TaskFile[]): InputFile[] {
  return files.map((f) => ('path' in f ? { name: f.name, content: new Uint8Array(readFileSync(f.path)) } : f));
}

/** The first `bytes` of a file's text, and whether there was more (the upload preview reads no further). */
export function headOf(content: string | Uint8Array | SpooledFile, bytes: number): { text: string; cut: boolean } {
  if (typeof content === 'string') return { text: content.slice(0, bytes), cut: content.length > bytes };
  if (content instanceof Uint8Array)
    return { text: Buffer.from(content.buffer, content.byteOffset, Math.min(content.byteLength, bytes)).toString('utf8'), cut: content.byteLength > bytes };
  const buf = Buffer.alloc(Math.min(bytes, content.size));
  const fd = openSync(content.path, 'r');
  try {
    readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  return { text: buf.toString('utf8'), cut: content.size > bytes };
}
