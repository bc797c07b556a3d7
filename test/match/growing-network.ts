import { DatasetSchema, type Dataset } from '../../src/model/index.ts';
import { createRng } from '../../src/util/random.ts';

export interface GrowingNetworkOptions {
  /** Organisations (default 80). */
  size?: number;
  /** Ties drawn per year (default 40; a drawn self-pair is skipped). */
  perYear?: number;
  /** First year (default 2014); the last is 2022. */
  from?: number;
  /** Give each tie a weight in [0.5, 3.5), drawn after its ends (default false). */
  weighted?: boolean;
}

/**
 * A dated random network of companies, universities and others, growing each year by preferential
 * attachment: the shared fixture of the partner-signal tests (deterministic under `seed`).
 */
export function growingNetwork(seed: number, options: GrowingNetworkOptions = {}): Dataset {
  const { size = 80, perYear = 40, from = 2014, weighted = false } = options;
  const rng = createRng(seed);
  const types = ['company', 'company', 'university', 'research', 'public'] as const;
  const nodes = Array.from({ length: size }, (_, i) => ({ id: `n${i}`, type: types[i % types.length], country: ['FI', 'SE', 'EE'][i % 3] }));
  const deg = new Array(size).fill(1);
  const edges: { source: string; target: string; start: string; weight?: number }[] = [];
  const pick = () => {
    let r = rng() * deg.reduce((a, b) => a + b, 0);
    for (let i = 0; i < size; i++) {
      r -= deg[i];
      if (r < 0) return i;
    }
    return size - 1;
  };
  for (let year = from; year <= 2022; year++) {
    for (let k = 0; k < perYear; k++) {
      const a = pick(),
        b = pick();
      if (a === b) continue;
      deg[a]++;
      deg[b]++;
      const start = `${year}-0${1 + (k % 9)}-01`;
      edges.push(
        weighted ? { source: `n${a}`, target: `n${b}`, start, weight: Math.round((0.5 + rng() * 3) * 100) / 100 } : { source: `n${a}`, target: `n${b}`, start },
      );
    }
  }
  return DatasetSchema.parse({ nodes, edges });
}

/** The training masks of the learned-score tests: every node an organisation, companies against universities. */
export function companyUniversityMasks(d: Dataset): { isOrg: Uint8Array; isCompany: Uint8Array; isPartner: Uint8Array } {
  return {
    isOrg: new Uint8Array(d.nodes.length).fill(1),
    isCompany: Uint8Array.from(d.nodes, (x) => (x.type === 'company' ? 1 : 0)),
    isPartner: Uint8Array.from(d.nodes, (x) => (x.type === 'university' ? 1 : 0)),
  };
}
