/**
 * Edge endpoints and weights in typed arrays that grow by doubling, for the fast readers
 * (edge-list-csr.ts, folder-csr.ts): they do not know the row count before the scan. The arrays may
 * be longer than `count`; csrFromEdges reads the first `count`.
 */
export class EdgeBuffer {
  src = new Uint32Array(1024);
  dst = new Uint32Array(1024);
  w = new Float64Array(1024);
  count = 0;

  push(s: number, t: number, weight: number): void {
    if (this.count === this.src.length) this.grow();
    this.src[this.count] = s;
    this.dst[this.count] = t;
    this.w[this.count++] = weight;
  }

  private grow(): void {
    const cap = this.src.length * 2;
    const src = new Uint32Array(cap),
      dst = new Uint32Array(cap),
      w = new Float64Array(cap);
    src.set(this.src);
    dst.set(this.dst);
    w.set(this.w);
    this.src = src;
    this.dst = dst;
    this.w = w;
  }
}
