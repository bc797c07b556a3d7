import { NODE_TYPES, type Dataset, type TwoModeRead } from '../model/index.ts';
import { type TwoModeSplit, twoModeSplitOf } from '../model/two-mode.ts';

/*
 * Two-mode (bipartite) data across formats: the one line the import report gives a two-mode read
 * (dl-two-mode.ts, pajek.ts), and the rule by which a dataset is written two-mode (pajek-write.ts).
 */

const BUILT_IN = new Set<string>(NODE_TYPES);
const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** The file's own words for its size: `NR=18, NC=14` (DL) or `*Vertices 13 8` (Pajek). */
function size(t: Pick<TwoModeRead, 'format' | 'rows' | 'columns'>): string {
  return t.format === 'pajek' ? `*Vertices ${t.rows + t.columns} ${t.rows}` : `NR=${t.rows}, NC=${t.columns}`;
}

/**
 * `davis.dl: two-mode data (NR=18, NC=14): 18 rows read as "actor" nodes and 14 columns as "event"
 * nodes (their own types), 89 nonzero cells as participation ties row → column`. `rowNodes` /
 * `columnNodes`: the nodes given those kinds (fewer than declared when a DL file names fewer labels,
 * or Pajek vertices carry a type of their own); `hint`: how to name the kinds (the CLI's flag).
 */
export function twoModeLine(t: Omit<TwoModeRead, 'summary'>, rowNodes = t.rows, columnNodes = t.columns, hint?: string): string {
  const own = [t.kinds.rows, t.kinds.columns].filter((k) => !BUILT_IN.has(k));
  const note =
    own.length === 2
      ? ` (their own types${hint ? `; ${hint}` : ''})`
      : own.length === 1
        ? ` ("${own[0]}" a type of its own${hint ? `; ${hint}` : ''})`
        : hint
          ? ` (${hint})`
          : '';
  const ties = t.format === 'pajek' ? `${count(t.ties, 'tie')} read` : count(t.ties, 'nonzero cell');
  return (
    `${t.file}: two-mode data (${size(t)}): ${count(rowNodes, 'row')} read as "${t.kinds.rows}" nodes and ${count(columnNodes, 'column')} as "${t.kinds.columns}" nodes${note}, ` +
    `${ties} as ${t.tieTypes.length ? t.tieTypes.join(', ') : 'participation'} ties row → column`
  );
}

/** The line as the CLI prints it (validate, info): with the flag that names the two kinds. */
export function twoModeCliLine(t: TwoModeRead): string {
  return twoModeLine(t, t.rows, t.columns, '--two-mode-kinds ROWS,COLUMNS names them');
}

export type { TwoModeSplit } from '../model/two-mode.ts';

/** Whether a dataset is two-mode, and its modes (the rule: src/model/two-mode.ts). */
export function twoModeSplit(dataset: Dataset): TwoModeSplit | null {
  return twoModeSplitOf(dataset.nodes, dataset.edges);
}
