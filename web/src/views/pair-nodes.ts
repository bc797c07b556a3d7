import type { GraphPayload } from '../api/types.ts';
import type { NodeOption } from '../ui/node-picker.ts';

/**
 * Pickable nodes of a version for the matching rules' pair fields, named as the round names them:
 * teachers with their school (first affiliation to a school, as the matcher and the round CSV do),
 * schools and organisations with their region and hub, so two of the same name are told apart.
 */
export function pairNodeOptions(payload: Pick<GraphPayload, 'nodes' | 'edges'>): { byType: Map<string, NodeOption[]>; byId: Map<string, NodeOption> } {
  const node = new Map(payload.nodes.map((n) => [n.id, n]));
  const schoolOf = new Map<string, string>();
  for (const e of payload.edges) {
    if (e.type !== 'affiliation') continue;
    const s = node.get(e.source);
    const t = node.get(e.target);
    if (s?.type === 'teacher' && t?.type === 'school' && !schoolOf.has(s.id)) schoolOf.set(s.id, t.id);
    else if (t?.type === 'teacher' && s?.type === 'school' && !schoolOf.has(t.id)) schoolOf.set(t.id, s.id);
  }
  const name = (id: string) => node.get(id)?.label || id;
  const byType = new Map<string, NodeOption[]>();
  const byId = new Map<string, NodeOption>();
  for (const n of payload.nodes) {
    const school = schoolOf.get(n.id);
    const detail = [n.type, school ? name(school) : null, n.region, n.hub && n.hub !== n.id ? name(n.hub) : null].filter(Boolean).join(' · ');
    const o: NodeOption = { id: n.id, name: n.type === 'teacher' && school ? `${name(n.id)} (${name(school)})` : name(n.id), detail };
    byId.set(n.id, o);
    (byType.get(n.type) ?? byType.set(n.type, []).get(n.type)!).push(o);
  }
  return { byType, byId };
}
