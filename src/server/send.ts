import type { Response } from 'express';

/** Bytes written per socket write: small enough that a slow client holds little, large enough to be cheap. */
const CHUNK = 256 * 1024;

/**
 * Sends rendered bytes (from a worker) in chunks with back-pressure, so a 100 MB export neither sits
 * twice in memory as one string and one buffer nor outruns a slow client; it stops when the client goes.
 */
export async function sendBytes(res: Response, bytes: Uint8Array, contentType: string, filename?: string): Promise<void> {
  if (filename) res.setHeader('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  res.type(contentType);
  res.setHeader('Content-Length', String(bytes.byteLength));
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at < buf.length; at += CHUNK) {
    if (res.destroyed) return;
    if (!res.write(buf.subarray(at, Math.min(buf.length, at + CHUNK)))) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  res.end();
}
