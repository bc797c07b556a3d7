// Worker-thread entry of src/store/pglite-thread.ts: one PGlite, its statements run as the main side sends them.
import { PGlite, messages } from '@electric-sql/pglite';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { localEngine, type PgliteEngine, type PgliteRunner } from './pglite-adapter.ts';
import type { ThreadReply, ThreadRequest, WireError } from './pglite-thread.ts';
import { lowerThreadPriority } from '../util/thread-priority.ts';

const { dataDir, nice } = workerData as { dataDir: string; nice: number };
const port = parentPort!;
const post = (m: ThreadReply) => port.postMessage(m);

/** An error's own fields that survive a structured clone (PostgreSQL's code, detail, constraint, the query…). */
function toWire(err: unknown): WireError {
  const e = err instanceof Error ? err : new Error(String(err));
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (typeof v === 'function' || k === 'queryOptions') continue;
    try {
      fields[k] = structuredClone(v);
    } catch {
      /* not cloneable: left out */
    }
  }
  return { name: e.name, message: e.message, database: e instanceof messages.DatabaseError, fields };
}

type Statement = Extract<ThreadRequest, { op: 'query' | 'exec' | 'copyIn' | 'copyOut' }>;

function serve(run: PgliteRunner, m: Statement): Promise<unknown> {
  switch (m.op) {
    case 'query':
      return run.query(m.sql, m.params);
    case 'exec':
      return run.exec(m.sql);
    case 'copyIn':
      return run.copyIn(m.sql, m.text);
    case 'copyOut':
      return run.copyOut(m.sql);
  }
}

const answer = (id: number, p: Promise<unknown>) =>
  p.then(
    (value) => post({ type: 'result', id, value }),
    (e: unknown) => post({ type: 'error', id, error: toWire(e) }),
  );

/** The statements of one open transaction, in order, until its `end`. */
class Channel {
  private readonly queue: ThreadRequest[] = [];
  private wake: (() => void) | undefined;
  push(m: ThreadRequest) {
    this.queue.push(m);
    this.wake?.();
  }
  async next(): Promise<ThreadRequest> {
    while (!this.queue.length) await new Promise<void>((r) => (this.wake = r));
    this.wake = undefined;
    return this.queue.shift()!;
  }
}

const ROLLBACK = Symbol('rollback');

function begin(engine: PgliteEngine, id: number, tx: number, channels: Map<number, Channel>) {
  const ch = new Channel();
  channels.set(tx, ch);
  let started = false;
  let end: Extract<ThreadRequest, { op: 'end' }> | undefined;
  engine
    .transaction(async (t) => {
      started = true;
      post({ type: 'result', id });
      for (;;) {
        const m = await ch.next();
        if (m.op === 'end') {
          end = m;
          if (!m.commit) throw ROLLBACK;
          return;
        }
        await answer(m.id, serve(t, m as Statement));
      }
    })
    .then(
      () => post({ type: 'result', id: end!.id }),
      (e: unknown) => {
        if (e === ROLLBACK) post({ type: 'result', id: end!.id });
        else post({ type: 'error', id: started && end ? end.id : id, error: toWire(e) });
      },
    )
    .finally(() => channels.delete(tx));
}

async function main() {
  if (nice) lowerThreadPriority(nice);
  let engine: PgliteEngine;
  try {
    engine = localEngine(await PGlite.create({ dataDir: join(dataDir, 'pgdata') }));
  } catch (e) {
    post({ type: 'open-failed', error: toWire(e) });
    return;
  }
  const channels = new Map<number, Channel>();
  port.on('message', (m: ThreadRequest) => {
    if (m.op === 'begin') return begin(engine, m.id, m.tx, channels);
    if (m.op === 'close') return void answer(m.id, engine.close());
    const tx = 'tx' in m && m.tx !== undefined ? channels.get(m.tx) : undefined;
    if (tx) return tx.push(m);
    // Outside any transaction: PGlite's mutex orders it behind an open one, as on the main thread.
    void answer(m.id, serve(engine, m as Statement));
  });
  post({ type: 'ready' });
}

await main();
