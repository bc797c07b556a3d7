import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';

/** The calling thread's kernel thread id (Linux), or undefined elsewhere. */
export function currentThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Lowers the calling thread's CPU priority to `nice` (Linux keeps a nice value per thread, and a thread id
 * is a valid setpriority target), so that on a busy machine the event-loop thread that answers requests
 * wins the CPU over background computation in the same process. Returns the thread id it applied to, or
 * undefined when it could not (not Linux, or not allowed): the thread then runs at normal priority.
 */
export function lowerThreadPriority(nice: number): number | undefined {
  const tid = currentThreadId();
  if (tid === undefined) return undefined;
  try {
    os.setPriority(tid, nice);
    return tid;
  } catch {
    return undefined;
  }
}

/** Nice value of each thread of a process, by thread id, from /proc/<pid>/task/<tid>/stat (field 19); empty off Linux. */
export function threadNiceValues(pid: number = process.pid): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const t of tids) {
    try {
      // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its closing one.
      const stat = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(t), Number(rest[16])); // field 19 = the 17th after the name
    } catch {
      /* the thread ended meanwhile */
    }
  }
  return out;
}

/**
 * Lowers to `nice` every thread of this process still at nice 0 except the main one: V8's platform threads
 * (which run the worker isolates' garbage collection), libuv's thread pool and the like. Under an export
 * mix they used 0.3–0.4 of a core at the event loop's own priority, which made it wait for a CPU. Threads
 * that set their own priority (pool workers, the PGlite thread) are left as they are. Returns how many
 * threads it lowered; 0 off Linux.
 */
export function lowerHelperThreads(nice: number, pid: number = process.pid): number {
  let n = 0;
  for (const [tid, current] of threadNiceValues(pid)) {
    if (tid === pid || current !== 0) continue;
    try {
      os.setPriority(tid, nice);
      n++;
    } catch {
      /* ended meanwhile, or not allowed: it keeps normal priority */
    }
  }
  return n;
}
