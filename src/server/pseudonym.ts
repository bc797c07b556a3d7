import { createHmac } from 'node:crypto';
import type { Dataset, HubNode } from '../model/index.ts';
import { PERSON_TYPES } from '../model/index.ts';

/**
 * Stable pseudonyms for person nodes (teachers) of one workspace: id `p-<10 hex>` from a keyed hash,
 * label `Teacher <6 hex>`, and location and free attributes removed. Pseudonyms are accepted back as ids.
 */
export class Pseudonymiser {
  private readonly toPseudo = new Map<string, string>();
  private readonly toReal = new Map<string, string>();
  private readonly byLabel = new Map<string, string>();
  private labelPattern: RegExp | null | undefined;
  private sharedCopy: SharedPseudonyms | undefined;

  /** `nodes`: the persons to pseudonymise (others are skipped), ideally every one the workspace has ever stored. */
  constructor(
    private readonly key: string,
    private readonly workspace: string,
    private readonly nodes: readonly Pick<HubNode, 'id' | 'type' | 'label'>[],
    /** How many of `nodes` to take in now (inSlices takes the rest). */
    count = nodes.length,
  ) {
    this.take(0, count);
  }

  /**
   * As the constructor, with a turn of the event loop every `slice` persons: one keyed hash each, and 20k
   * teachers held the loop for about 0.2 s in one go when a large version was first read (issue 20).
   */
  static async inSlices(key: string, workspace: string, nodes: readonly Pick<HubNode, 'id' | 'type' | 'label'>[], slice = 2000): Promise<Pseudonymiser> {
    const p = new Pseudonymiser(key, workspace, nodes, 0);
    for (let from = 0; from < nodes.length; from += slice) {
      if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      p.take(from, Math.min(nodes.length, from + slice));
    }
    return p;
  }

  private take(from: number, to: number): void {
    const { key, workspace } = this;
    for (let k = from; k < to; k++) {
      const n = this.nodes[k];
      if (!PERSON_TYPES.includes(n.type)) continue;
      if (this.toPseudo.has(n.id)) {
        if (n.label && n.label.trim().length >= 2) this.byLabel.set(n.label, n.id);
        continue;
      }
      const h = createHmac('sha256', key).update(workspace).update('\u0000').update(n.id).digest('hex');
      let p = `p-${h.slice(0, 10)}`;
      for (let i = 1; this.toReal.has(p); i++) p = `p-${h.slice(0, 10)}-${i}`;
      this.toPseudo.set(n.id, p);
      this.toReal.set(p, n.id);
      if (n.label && n.label.trim().length >= 2) this.byLabel.set(n.label, n.id);
    }
  }

  /** The id to show: a pseudonym for persons, else the id itself. */
  id(id: string): string {
    return this.toPseudo.get(id) ?? id;
  }

  isPerson(id: string): boolean {
    return this.toPseudo.has(id);
  }

  /** The real id behind a shown id: a pseudonym's person, else the id itself (callers decide who may use real ids). */
  resolve(shown: string): string {
    return this.toReal.get(shown) ?? shown;
  }

  label(id: string, label: string | undefined): string | undefined {
    const p = this.toPseudo.get(id);
    return p ? `Teacher ${p.slice(2, 8)}` : label;
  }

  /** Free text (reasons, explanations) with every person's name replaced by their pseudonym label. */
  scrubText(text: string): string {
    if (this.labelPattern === undefined) {
      const labels = [...this.byLabel.keys()].sort((a, b) => b.length - a.length);
      this.labelPattern = labels.length ? new RegExp(labels.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gu') : null;
    }
    if (!this.labelPattern) return text;
    return text.replace(this.labelPattern, (m) => this.label(this.byLabel.get(m)!, m) ?? m);
  }

  node(n: HubNode): HubNode {
    const p = this.toPseudo.get(n.id);
    if (!p) return n;
    const { lat: _lat, lon: _lon, attrs: _attrs, ...rest } = n;
    return { ...rest, id: p, label: this.label(n.id, n.label), attrs: {} };
  }

  /** This pseudonymiser in shared memory, for worker tasks that render pseudonymised output (encoded once). */
  shared(): SharedPseudonyms {
    if (!this.sharedCopy) {
      const persons = this.nodes.filter((n) => PERSON_TYPES.includes(n.type)).map((n) => ({ id: n.id, type: n.type, label: n.label }));
      const bytes = new TextEncoder().encode(JSON.stringify({ key: this.key, workspace: this.workspace, persons }));
      const json = new Uint8Array(new SharedArrayBuffer(Math.max(1, bytes.length)), 0, bytes.length);
      json.set(bytes);
      this.sharedCopy = { key: `ps${++sharedCount}`, json };
    }
    return this.sharedCopy;
  }

  dataset(d: Dataset): Dataset {
    if (!this.toPseudo.size) return d;
    return {
      meta: d.meta,
      nodes: d.nodes.map((n) => this.node(n)),
      edges: d.edges.map((e) => (this.isPerson(e.source) || this.isPerson(e.target) ? { ...e, source: this.id(e.source), target: this.id(e.target) } : e)),
    };
  }
}

/** A pseudonymiser's inputs as JSON in shared memory; `key` names this copy (not the HMAC key). */
export interface SharedPseudonyms {
  key: string;
  json: Uint8Array;
}
let sharedCount = 0;

const rebuilt = new Map<string, Pseudonymiser>();
/** Worker side: the pseudonymiser back from its shared copy (the last two kept). */
export function pseudonymiserFrom(s: SharedPseudonyms): Pseudonymiser {
  let p = rebuilt.get(s.key);
  if (!p) {
    const o = JSON.parse(new TextDecoder().decode(s.json.slice())) as { key: string; workspace: string; persons: Pick<HubNode, 'id' | 'type' | 'label'>[] };
    p = new Pseudonymiser(o.key, o.workspace, o.persons);
    rebuilt.set(s.key, p);
    while (rebuilt.size > 2) rebuilt.delete(rebuilt.keys().next().value as string);
  }
  return p;
}
