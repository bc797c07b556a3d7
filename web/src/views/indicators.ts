/**
 * Indicator documents as flat numbers per group, whatever nesting the analysis uses:
 * `{groups: [...]}`, `{byRegion: {...}}`, an array, or a record of group → indicators.
 */
export interface IndicatorGroup {
  name: string;
  values: Map<string, number>;
}

const NAME_KEYS = ['key', 'group', 'name', 'id', 'region', 'hub', 'label'];

export function indicatorGroups(doc: unknown): IndicatorGroup[] {
  const out: IndicatorGroup[] = [];
  const fromItem = (name: string, item: unknown) => {
    const values = new Map<string, number>();
    flatten(item, '', values);
    if (values.size) out.push({ name, values });
  };
  const list = findGroups(doc);
  if (list) for (const [name, item] of list) fromItem(name, item);
  const overall = doc && typeof doc === 'object' ? (doc as Record<string, unknown>).overall : undefined;
  if (overall && typeof overall === 'object') fromItem('overall', overall);
  return out;
}

function findGroups(doc: unknown): [string, unknown][] | null {
  if (Array.isArray(doc)) return doc.map((it, i) => [groupName(it, i), it]);
  if (!doc || typeof doc !== 'object') return null;
  const o = doc as Record<string, unknown>;
  for (const k of ['groups', 'byRegion', 'byHub', 'byCountry', 'regions', 'hubs', 'indicators']) {
    const v = o[k];
    if (Array.isArray(v)) return v.map((it, i) => [groupName(it, i), it]);
    if (v && typeof v === 'object') {
      const inner = findGroups(v);
      if (inner) return inner;
      return Object.entries(v as Record<string, unknown>).filter(([, x]) => x && typeof x === 'object');
    }
  }
  const objs = Object.entries(o).filter(([k, x]) => k !== 'overall' && x && typeof x === 'object' && !Array.isArray(x));
  return objs.length ? objs : null;
}

function groupName(it: unknown, i: number): string {
  if (it && typeof it === 'object')
    for (const k of NAME_KEYS) {
      const v = (it as Record<string, unknown>)[k];
      if (typeof v === 'string' || typeof v === 'number') return String(v);
    }
  return `group ${i + 1}`;
}

function flatten(v: unknown, prefix: string, out: Map<string, number>): void {
  if (typeof v === 'number' && Number.isFinite(v)) {
    out.set(prefix, v);
    return;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
}
