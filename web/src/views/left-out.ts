import type { Round } from '../api/types.ts';
import type { LeftOut } from '../../../src/model/rounds.ts';
import { h, svg } from '../ui/dom.ts';

/** Rule names in a lead's words, for the "relax this rule" buttons. */
const RULE_WORDS: Record<string, string> = {
  'mentee-maturity': 'the mentee maturity limit',
  'maturity-gap': 'the minimum maturity gap',
  'school-level': 'same school level',
  language: 'a shared language',
  hub: 'the hub rule',
  country: 'the country rule',
  region: 'the region rule',
  distance: 'the distance limit',
  'earlier-tie': 'no repeat of an earlier tie',
};

/**
 * Everyone the round targeted but did not pair, with the reason in words and a count, and for each
 * rule that kept some of them out a button to rerun with that rule relaxed for exactly those.
 */
export function leftOutList(round: Round, rerun: (relax: { rule: string; ids: string[] }) => void): HTMLElement {
  const items = (round.leftOut ?? []) as LeftOut[];
  const ineligible = items.filter((x) => x.kind === 'ineligible').length;
  const groups = new Map<string, string[]>();
  for (const x of items) if (x.relax) (groups.get(x.relax) ?? groups.set(x.relax, []).get(x.relax)!).push(x.id);
  const unit = (round.config as { level?: string }).level === 'teacher' ? 'teacher' : 'school';
  return h(
    'section',
    { attrs: { 'data-testid': 'left-out', 'aria-label': 'Not in a pair' } },
    h('h3', { text: `Not in a pair (${items.length})${items.length ? ` — ${ineligible} ineligible, ${items.length - ineligible} unmatched` : ''}` }),
    items.length
      ? h(
          'ul',
          { class: 'reasons' },
          items.map((x) => h('li', null, h('strong', { text: x.name }), ` — ${x.kind}: ${x.reason}`)),
        )
      : h('p', { class: 'meta', text: nobodyLeftOut(round, unit) }),
    groups.size
      ? h(
          'div',
          { class: 'row' },
          [...groups].map(([rule, ids]) =>
            h('button', {
              attrs: { type: 'button', 'data-testid': `relax-${rule}` },
              text: `Relax ${RULE_WORDS[rule] ?? rule} for these ${ids.length} ${unit}${ids.length === 1 ? '' : 's'} and rerun`,
              on: { click: () => rerun({ rule, ids }) },
            }),
          ),
        )
      : null,
  );
}

/** Why the left-out list is empty: everyone targeted is paired, or (no pair either) the rules found no one to pair. */
function nobodyLeftOut(round: Round, unit: 'school' | 'teacher'): string {
  if (round.pairs.length) return round.kind === 'mentoring' ? `Every ${unit} the rules target is in a pair.` : 'Nobody was left out.';
  return round.kind === 'mentoring'
    ? `No ${unit} to pair: the rules found no node typed ${unit} they take in (this version may have none; ${unit === 'school' ? 'teacher-level mentoring pairs teachers' : 'school-level mentoring pairs schools'}).`
    : 'No pair: the rules found no company and partner they take in (by type, region and country).';
}

/** Inline SVG icons (emoji such as 🔒 render as empty boxes in some Chromium builds). */
export function icon(name: 'check' | 'lock' | 'cross'): SVGElement {
  const paths: Record<typeof name, string> = {
    check: 'M3 8.5l3 3 7-7',
    lock: 'M4.5 7V5a3.5 3.5 0 017 0v2M3.5 7h9v7h-9z',
    cross: 'M4 4l8 8M12 4l-8 8',
  };
  return svg(
    'svg',
    {
      viewBox: '0 0 16 16',
      width: 16,
      height: 16,
      'aria-hidden': 'true',
      fill: 'none',
      stroke: 'currentColor',
      'stroke-width': 2,
      'stroke-linecap': 'round',
      'stroke-linejoin': 'round',
    },
    svg('path', { d: paths[name] }),
  );
}
