/**
 * About how many bytes a result takes in memory, by sampling: a 100k-node analysis is measured in
 * microseconds, not by serialising it. Long arrays are estimated from up to SAMPLE evenly spaced
 * elements; at most VISITS values are looked at in all. Good to tens of percent, which is what a
 * cache bound needs.
 */
const SAMPLE = 32;
const VISITS = 20_000;

export function approxBytes(value: unknown): number {
  let budget = VISITS;
  const walk = (v: unknown, depth: number): number => {
    if (budget-- <= 0 || depth > 32) return 8;
    if (v === null || v === undefined) return 8;
    switch (typeof v) {
      case 'number':
        return 8;
      case 'boolean':
        return 4;
      case 'string':
        return 16 + 2 * v.length;
      case 'object':
        break;
      default:
        return 8;
    }
    if (ArrayBuffer.isView(v)) return 64 + v.byteLength;
    if (Array.isArray(v)) {
      const n = v.length;
      if (n <= SAMPLE) return v.reduce((a: number, x) => a + walk(x, depth + 1), 16 + 8 * n);
      let sum = 0;
      for (let i = 0; i < SAMPLE; i++) sum += walk(v[Math.floor((i * n) / SAMPLE)], depth + 1);
      return 16 + 8 * n + (sum / SAMPLE) * n;
    }
    if (v instanceof Map || v instanceof Set) return walk([...v], depth + 1);
    const keys = Object.keys(v as object);
    let sum = 32;
    const k = Math.min(keys.length, SAMPLE * 4);
    for (let i = 0; i < k; i++) sum += 16 + 2 * keys[i].length + walk((v as Record<string, unknown>)[keys[i]], depth + 1);
    return k < keys.length ? (sum * keys.length) / k : sum;
  };
  return Math.round(walk(value, 0));
}
