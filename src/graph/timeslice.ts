import type { Dataset, HubEdge } from '../model/index.ts';
import { IsoDateSchema } from '../model/index.ts';

export interface SliceOptions {
  /** Keep edges active on this date (start ≤ at ≤ end; a missing start or end is open-ended). */
  at?: string;
  /** Keep edges whose active period overlaps [from, to]; either bound may be omitted. */
  from?: string;
  to?: string;
}

const day = (d: string) => d.slice(0, 10);

/** Is the edge active on date `at`? Dates compare by calendar day; undated edges are always active. */
export function isActive(edge: Pick<HubEdge, 'start' | 'end'>, at: string): boolean {
  const d = day(at);
  return (edge.start === undefined || day(edge.start) <= d) && (edge.end === undefined || d <= day(edge.end));
}

/** Does the edge's active period overlap the window [from, to]? */
export function overlaps(edge: Pick<HubEdge, 'start' | 'end'>, from?: string, to?: string): boolean {
  return (
    (to === undefined || edge.start === undefined || day(edge.start) <= day(to)) && (from === undefined || edge.end === undefined || day(from) <= day(edge.end))
  );
}

/** Validates slice options; returns a message for the first problem, or null. */
export function checkSliceOptions(o: SliceOptions): string | null {
  for (const k of ['at', 'from', 'to'] as const) {
    const v = o[k];
    if (v !== undefined && !IsoDateSchema.safeParse(v).success) return `--${k} "${v}": expected an ISO 8601 date such as 2024-09-01`;
  }
  if (o.at !== undefined && (o.from !== undefined || o.to !== undefined)) return '--at cannot be combined with --from/--to';
  if (o.from !== undefined && o.to !== undefined && day(o.to) < day(o.from)) return `--to ${o.to} is before --from ${o.from}`;
  return null;
}

/**
 * The dataset as it stood at a date (`at`) or over a window (`from`/`to`): every node is kept (nodes
 * have no dates), edges are kept when active. With no option the dataset is returned unchanged.
 */
export function sliceDataset(dataset: Dataset, options: SliceOptions): Dataset {
  const problem = checkSliceOptions(options);
  if (problem) throw new RangeError(problem);
  const { at, from, to } = options;
  if (at === undefined && from === undefined && to === undefined) return dataset;
  const edges = dataset.edges.filter((e) => (at !== undefined ? isActive(e, at) : overlaps(e, from, to)));
  return { ...dataset, edges };
}
