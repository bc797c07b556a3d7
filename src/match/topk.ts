/**
 * The k best (score, item) of a stream in a fixed-size binary min-heap on typed arrays: O(log k)
 * per offer, no object per item. Ties on score keep the smaller item (deterministic).
 */
export class TopK {
  private readonly score: Float64Array;
  private readonly item: Int32Array;
  size = 0;
  constructor(readonly k: number) {
    this.score = new Float64Array(Math.max(1, k));
    this.item = new Int32Array(Math.max(1, k));
  }
  /** a is worse than b: lower score, or same score and larger item. */
  private worse(i: number, j: number): boolean {
    return this.score[i] < this.score[j] || (this.score[i] === this.score[j] && this.item[i] > this.item[j]);
  }
  private swap(i: number, j: number): void {
    const s = this.score[i];
    this.score[i] = this.score[j];
    this.score[j] = s;
    const t = this.item[i];
    this.item[i] = this.item[j];
    this.item[j] = t;
  }
  clear(): void {
    this.size = 0;
  }
  /** Whether offer(score, item) would keep it. */
  accepts(score: number, item: number): boolean {
    if (this.k <= 0) return false;
    return this.size < this.k || score > this.score[0] || (score === this.score[0] && item < this.item[0]);
  }
  offer(score: number, item: number): void {
    if (this.k <= 0) return;
    if (this.size < this.k) {
      let i = this.size++;
      this.score[i] = score;
      this.item[i] = item;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.worse(i, p)) break;
        this.swap(i, p);
        i = p;
      }
      return;
    }
    if (score < this.score[0] || (score === this.score[0] && item > this.item[0])) return;
    this.score[0] = score;
    this.item[0] = item;
    for (let i = 0; ; ) {
      const l = 2 * i + 1,
        r = l + 1;
      let m = i;
      if (l < this.size && this.worse(l, m)) m = l;
      if (r < this.size && this.worse(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }
  /** [item, score] best first. */
  entries(): [number, number][] {
    const order = Array.from({ length: this.size }, (_, i) => i).sort((a, b) => this.score[b] - this.score[a] || this.item[a] - this.item[b]);
    return order.map((i) => [this.item[i], this.score[i]]);
  }
  /** Items best first. */
  items(): Int32Array {
    const order = Array.from({ length: this.size }, (_, i) => i).sort((a, b) => this.score[b] - this.score[a] || this.item[a] - this.item[b]);
    return Int32Array.from(order, (i) => this.item[i]);
  }
}
