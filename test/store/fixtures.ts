import { DatasetSchema, type Dataset, type DatasetInput } from '../../src/model/index.ts';

/** A small ecosystem whose ids and texts exercise what breaks naive code: prototype keys, spaces, Unicode, escapes. */
export function trickyDataset(): Dataset {
  const input: DatasetInput = {
    meta: { name: 'tricky', description: 'ids that break naive code' },
    nodes: [
      { id: '__proto__', type: 'school', label: 'Proto school', region: 'Nord', maturity: 2, levels: ['primary'], attrs: { founded: 1901 } },
      { id: 'constructor', type: 'school', label: 'Tab\there, newline\nthere, back\\slash', region: 'Nord', capacity: 0 },
      { id: 'Škola Žilina 1', type: 'school', label: 'Škola „Žilina“ 🚀', region: 'Süd', lat: 49.22, lon: 18.74, languages: ['sk', 'cs'] },
      { id: 'hub one', type: 'hub', label: 'Hub One', region: 'Nord', attrs: { website: 'https://hub.example', verified: true, note: null } },
      { id: 'uni', type: 'university', label: 'University', capacity: 3, themes: ['AI', 'STEM'], size: 12000 },
      { id: 'teacher:1', type: 'teacher', label: 'T. One' },
    ],
    edges: [
      { source: '__proto__', target: 'hub one', type: 'partnership', weight: 2.5, start: '2023-09-01' },
      { source: 'constructor', target: 'hub one', type: 'collaboration', weight: 1 },
      { source: 'Škola Žilina 1', target: 'uni', type: 'cocreation', weight: 0.1, start: '2024-01-15', end: '2024-06-30', attrs: { project: 'Robotika' } },
      { source: 'teacher:1', target: '__proto__', type: 'affiliation' },
      { source: 'uni', target: 'hub one', type: 'partnership', weight: 1e-7 },
      { source: 'uni', target: 'hub one', type: 'partnership', weight: 3 },
    ],
  };
  return DatasetSchema.parse(input);
}

/** A generated ecosystem of n nodes and m edges (deterministic), for bulk and crash tests. */
export function generatedDataset(n: number, m: number, seed = 1): Dataset {
  const types = ['school', 'company', 'university', 'hub', 'community'] as const;
  const nodes = Array.from({ length: n }, (_, i) => ({
    id: `n${i}`,
    type: types[i % types.length],
    label: `Node ${i}`,
    region: `R${i % 7}`,
    attrs: {},
  }));
  let x = seed >>> 0;
  const rnd = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 4294967296;
  const edges = Array.from({ length: m }, () => {
    const s = Math.floor(rnd() * n);
    let t = Math.floor(rnd() * n);
    if (t === s) t = (t + 1) % n;
    return { source: `n${s}`, target: `n${t}`, type: 'collaboration' as const, weight: 1 + Math.floor(rnd() * 3), attrs: {} };
  });
  return { meta: { name: `generated ${n}/${m}`, synthetic: true }, nodes, edges };
}
