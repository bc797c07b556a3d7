import { toCsv } from '../io/csv-write.ts';
import { escapeCell } from '../io/formula.ts';
import type { Dataset, HubEdge } from '../model/index.ts';
import type { MentorPair } from './mentors.ts';

interface PairsLike {
  pairs: readonly MentorPair[];
  unmatched: readonly { mentee: string; label: string; reason: string }[];
}

const cell = (v: string | number | boolean | null | undefined): string =>
  v === null || v === undefined ? '' : typeof v === 'string' ? escapeCell(v) : String(v);

/**
 * The pairing as a spreadsheet for programme leads: one row per pair (with the explanation and
 * each criterion's points) and one per unmatched mentee (with the reason). Text cells are guarded
 * against formula injection.
 */
export function mentorPairsCsv(result: PairsLike): string {
  const criteria = result.pairs[0]?.criteria.map((c) => c.criterion) ?? [];
  const header = ['status', 'mentor_id', 'mentor', 'mentee_id', 'mentee', 'score', 'locked', ...criteria.map((c) => `points_${c}`), 'explanation'];
  const rows: string[][] = [header];
  for (const p of result.pairs) {
    rows.push(
      [
        'matched',
        p.mentor,
        p.mentorLabel,
        p.mentee,
        p.menteeLabel,
        Number(p.score.toFixed(6)),
        p.locked,
        ...criteria.map((c) => Number((p.criteria.find((x) => x.criterion === c)?.points ?? 0).toFixed(6))),
        p.explanation,
      ].map(cell),
    );
  }
  for (const u of result.unmatched) {
    rows.push(['unmatched', '', '', u.mentee, u.label, '', '', ...criteria.map(() => ''), u.reason].map(cell));
  }
  return toCsv(rows);
}

/** The pairs as proposed `mentoring` edges (mentor → mentee), marked `proposed` with their score. */
export function proposedMentoringEdges(pairs: readonly { mentor: string; mentee: string; score: number }[], start?: string): HubEdge[] {
  return pairs.map((p) => ({
    source: p.mentor,
    target: p.mentee,
    type: 'mentoring',
    weight: 1,
    ...(start ? { start } : {}),
    attrs: { proposed: true, score: p.score },
  }));
}

/** A copy of the dataset with the proposed mentoring edges added (the original is untouched). */
export function withProposedMentoring(dataset: Dataset, pairs: readonly { mentor: string; mentee: string; score: number }[], start?: string): Dataset {
  return { ...dataset, edges: [...dataset.edges, ...proposedMentoringEdges(pairs, start)] };
}
