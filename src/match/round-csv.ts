/**
 * A round as a table for people (CSV a lead can open in a spreadsheet and send on): names, each side's
 * school, region and hub, contact columns when the data has them, the reasons in words, scores rounded;
 * then everyone the round left out, with why. Ids come last, for re-importing.
 */
import type { Dataset } from '../model/index.ts';
import { partyNames, type PartyName } from './names.ts';

export interface RoundTableInput {
  kind: 'mentoring' | 'partnership';
  pairs: readonly { left: string; right: string; score: number; status: string; explanation: unknown; changedBy: string; changedAt: string }[];
  leftOut: readonly { id: string; kind: string; reason: string }[];
}

export interface RoundTableOptions {
  /** Include contact columns (email, phone…) found in the data (default true; off for pseudonymised exports). */
  contacts?: boolean;
  /** Decimals of the score (default 2). */
  digits?: number;
  /**
   * "version N was pruned on <date>; aggregate only": the round's version is past retention, so `dataset`
   * is empty and the pairs read as ids; a last `note` row says so.
   */
  pruned?: string;
}

/** "shares Maths; maturity 4 → 2" from `{text}`, a list of lines, or a string. */
function reasonText(e: unknown): string {
  if (typeof e === 'string') return e;
  if (Array.isArray(e))
    return e
      .map((x) => (typeof x === 'string' ? x : ((x as { text?: string })?.text ?? '')))
      .filter(Boolean)
      .join('; ');
  if (e && typeof e === 'object') {
    const o = e as { text?: unknown; reasons?: unknown };
    if (typeof o.text === 'string') return o.text;
    if (o.reasons !== undefined) return reasonText(o.reasons);
  }
  return '';
}

/** Header and rows (strings) for the round. */
export function roundTable(dataset: Pick<Dataset, 'nodes' | 'edges'>, round: RoundTableInput, options: RoundTableOptions = {}): string[][] {
  const name = partyNames(dataset);
  const digits = options.digits ?? 2;
  const [l, r] = round.kind === 'mentoring' ? ['mentor', 'mentee'] : ['company', 'partner'];
  const contactKeys = (ids: string[]) => {
    if (options.contacts === false) return [];
    const keys = new Set<string>();
    for (const id of ids) for (const k of Object.keys(name(id).contact)) keys.add(k);
    return [...keys].sort();
  };
  const leftKeys = contactKeys(round.pairs.map((p) => p.left));
  const rightKeys = contactKeys([...round.pairs.map((p) => p.right), ...round.leftOut.map((x) => x.id)]);
  const side = (n: PartyName, keys: string[]) => [
    n.display,
    n.type === 'school' ? '' : (n.school ?? ''),
    n.region ?? '',
    n.hub ?? '',
    ...keys.map((k) => n.contact[k] ?? ''),
  ];
  const sideHead = (who: string, keys: string[]) => [who, `${who}_school`, `${who}_region`, `${who}_hub`, ...keys.map((k) => `${who}_${k}`)];
  const blank = (keys: string[]) => Array(4 + keys.length).fill('');
  const header = ['row', ...sideHead(l, leftKeys), ...sideHead(r, rightKeys), 'score', 'status', 'reasons', 'changed_by', 'changed_at', `${l}_id`, `${r}_id`];
  const rows = round.pairs.map((p) => [
    'pair',
    ...side(name(p.left), leftKeys),
    ...side(name(p.right), rightKeys),
    p.score.toFixed(digits),
    p.status,
    reasonText(p.explanation),
    p.changedBy,
    p.changedAt.slice(0, 19).replace('T', ' '),
    p.left,
    p.right,
  ]);
  for (const x of round.leftOut) {
    rows.push([x.kind, ...blank(leftKeys), ...side(name(x.id), rightKeys), '', '', x.reason, '', '', '', x.id]);
  }
  if (options.pruned) rows.push(['note', `${options.pruned}: names, schools and regions are not kept, pairs are by id`]);
  return [header, ...rows];
}
