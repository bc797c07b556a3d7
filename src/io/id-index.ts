/**
 * Node id → node index, for imports: an open-addressing hash table over typed arrays, with the
 * ids' characters copied into one pooled array.
 *
 * Why not a Map<string, number>: on the import benchmark (100k nodes, a million endpoint lookups)
 * the Map lookups alone took ~0.5 s — each one chases pointers to the Map's buckets, its entry
 * and the key string, all scattered over the heap. Here a lookup reads one slot (hash and index
 * side by side) and, on a hash match, the pooled characters; and the CSV fast path looks ids up
 * straight from the file text (`find`), hashing the characters as it scans them, without
 * creating a string per endpoint.
 *
 * Ids are compared as UTF-16 code units, like `===` on strings. The hash is seeded per table, so
 * a file cannot be crafted to make every id collide.
 */
export class IdIndex {
  /** Hash seed; pass it to `hashStep` chains (see `hashOf`). */
  readonly seed: number;
  /** Slot pairs: [hash, index]; index -1 = empty. */
  private slots: Int32Array;
  private mask: number;
  /** Characters of every id, back to back; id k is pool[offsets[k] .. offsets[k + 1]). */
  private pool = new Uint16Array(1 << 12);
  private offsets = new Int32Array(1 << 10);
  private count = 0;

  constructor() {
    this.seed = (Math.random() * 0x100000000) | 0;
    this.mask = (1 << 10) - 1;
    this.slots = new Int32Array(2 << 10).fill(-1);
  }

  /** Number of ids; the next id added gets this index. */
  get size(): number {
    return this.count;
  }

  /** Hash of a string: `hashStep` over its code units starting from `seed`. */
  hashOf(id: string): number {
    let h = this.seed;
    for (let i = 0; i < id.length; i++) h = hashStep(h, id.charCodeAt(i));
    return h;
  }

  /** Index of `id`, or -1. */
  get(id: string): number {
    return this.find(id, 0, id.length, this.hashOf(id));
  }

  /** Index of the id `text.slice(start, end)` whose hash (from `seed`) is `h`, or -1. */
  find(text: string, start: number, end: number, h: number): number {
    const { slots, mask, pool, offsets } = this;
    const len = end - start;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const k = slots[2 * s + 1];
      if (k < 0) return -1;
      if (slots[2 * s] !== h) continue;
      const o = offsets[k];
      if (offsets[k + 1] - o !== len) continue;
      let j = 0;
      while (j < len && pool[o + j] === text.charCodeAt(start + j)) j++;
      if (j === len) return k;
    }
  }

  /** Add an id that is not in the index yet; returns its index (the previous size). */
  add(id: string): number {
    const k = this.count;
    if ((k + 1) * 2 > this.mask + 1) this.rehash();
    if (k + 2 > this.offsets.length) {
      const o = new Int32Array(this.offsets.length * 2);
      o.set(this.offsets);
      this.offsets = o;
    }
    const start = this.offsets[k];
    if (start + id.length > this.pool.length) {
      const p = new Uint16Array(Math.max(this.pool.length * 2, start + id.length));
      p.set(this.pool);
      this.pool = p;
    }
    const { pool } = this;
    for (let j = 0; j < id.length; j++) pool[start + j] = id.charCodeAt(j);
    this.offsets[k + 1] = start + id.length;
    this.place(this.hashOf(id), k);
    this.count = k + 1;
    return k;
  }

  private place(h: number, k: number): void {
    const { slots, mask } = this;
    let s = h & mask;
    while (slots[2 * s + 1] >= 0) s = (s + 1) & mask;
    slots[2 * s] = h;
    slots[2 * s + 1] = k;
  }

  private rehash(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.slots = new Int32Array(2 * cap).fill(-1);
    this.mask = cap - 1;
    for (let s = 0; s < old.length; s += 2) if (old[s + 1] >= 0) this.place(old[s], old[s + 1]);
  }
}

/**
 * One step of the id hash: multiply-xorshift per UTF-16 code unit, so every bit of every
 * character reaches the low bits that pick the slot.
 */
export function hashStep(h: number, c: number): number {
  h = Math.imul(h ^ c, 0x5bd1e995);
  return h ^ (h >>> 15);
}
