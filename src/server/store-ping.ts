import type { Store } from '../store/open.ts';
import type { Health } from './contract/service.ts';

type StoreStatus = Health['store'];

export interface StorePingOptions {
  /** How long health waits for the ping before answering from the last one (default 10 ms: a PGlite `SELECT 1` between statements answers in well under 1 ms, and a probe must not wait for the store to say the server is alive). */
  answerWithinMs?: number;
  /** A ping unanswered this long makes the store unhealthy (default 60 s; a 100k-node PGlite import holds it ~20 s). */
  staleAfterMs?: number;
}

/**
 * The store's status for `/api/health`. PGlite runs one statement at a time and a transaction holds it
 * throughout, so a `SELECT 1` behind an import waits seconds: health must not. One ping is in flight at a
 * time; when it has not answered within `answerWithinMs` (or is still out from an earlier probe) and the
 * previous one succeeded, health says the store is ok but busy, until the ping has been outstanding for
 * `staleAfterMs`.
 */
export function storePinger(store: Pick<Store, 'db' | 'engine'>, options: StorePingOptions = {}): () => Promise<StoreStatus> {
  const answerWithinMs = options.answerWithinMs ?? 10;
  const staleAfterMs = options.staleAfterMs ?? 60_000;
  let inFlight: { since: number; done: Promise<StoreStatus> } | undefined;
  let last: StoreStatus | undefined;
  const ping = () => {
    const done = store.db.query('SELECT 1').then(
      (): StoreStatus => ({ ok: true, kind: store.engine }),
      (e: unknown): StoreStatus => ({ ok: false, kind: store.engine, error: (e as Error).message }),
    );
    const mine = { since: Date.now(), done };
    inFlight = mine;
    void done.then((s) => {
      last = s;
      if (inFlight === mine) inFlight = undefined;
    });
    return mine;
  };
  const busy = (since: number): StoreStatus | undefined =>
    last?.ok && Date.now() - since < staleAfterMs ? { ok: true, kind: store.engine, busy: true } : undefined;
  return async () => {
    // A ping still out from an earlier probe: the store is inside a long statement; answer at once.
    const earlier = inFlight && busy(inFlight.since);
    if (earlier) return earlier;
    const p = inFlight ?? ping();
    let timer: ReturnType<typeof globalThis.setTimeout> | undefined;
    const waited = await Promise.race([
      p.done,
      new Promise<undefined>((r) => {
        timer = globalThis.setTimeout(() => r(undefined), answerWithinMs);
      }),
    ]);
    globalThis.clearTimeout(timer);
    if (waited) return waited;
    const pendingMs = Date.now() - p.since;
    const b = busy(p.since);
    if (b) return b;
    if (pendingMs >= staleAfterMs) return { ok: false, kind: store.engine, error: `the store has not answered for ${Math.round(pendingMs / 1000)} s` };
    return p.done; // no success yet to answer from: wait for this one
  };
}
