/**
 * Issue 20: the worker threads yield the CPU to the thread that answers requests. Linux keeps a nice value
 * per thread; the pool's workers lower their own, and only their own (the event-loop thread stays at 0).
 */
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/server/worker-pool.ts';
import { currentThreadId, threadNiceValues } from '../../src/util/thread-priority.ts';
import { smallEcosystem } from './fixtures.ts';

const linux = process.platform === 'linux';

/** Starts a pool's worker (a real parse task) and returns the nice values of the threads that appeared meanwhile. */
async function niceOfNewThreads(pool: WorkerPool): Promise<number[]> {
  const before = threadNiceValues();
  await pool.run('parse', { files: [{ name: 'd.json', content: JSON.stringify(smallEcosystem()) }], format: 'json' });
  return [...threadNiceValues()].filter(([tid]) => !before.has(tid)).map(([, nice]) => nice);
}

describe.skipIf(!linux)('worker thread priority [Linux: nice per thread]', () => {
  it('runs pool workers at nice 10 and leaves the calling thread at its own priority', async () => {
    const me = currentThreadId()!;
    const mine = threadNiceValues().get(me);
    const pool = new WorkerPool({ size: 1 });
    try {
      const fresh = await niceOfNewThreads(pool);
      expect(fresh).toContain(10);
      expect(threadNiceValues().get(me)).toBe(mine);
      expect(mine).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('nice: 0 keeps the workers at the process priority', async () => {
    const pool = new WorkerPool({ size: 1, nice: 0 });
    try {
      const fresh = await niceOfNewThreads(pool);
      expect(fresh.length).toBeGreaterThan(0);
      expect(fresh).not.toContain(10);
    } finally {
      await pool.close();
    }
  });
});
