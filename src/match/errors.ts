import { formatIssue, ImportError, type ImportIssue } from '../io/errors.ts';

import type { z } from 'zod';
import { zodIssues, type Issue } from '../model/issue.ts';

/** A problem in matching input: the model's Issue (file and line for CSV, or a JSON path such as `pairs[3].score`). */
export type MatchIssue = Issue;

/**
 * Thrown with every issue found in one pass; nothing is solved when input is bad. An ImportError,
 * so the CLI and the API report it like any other invalid input (exit 1 / 422) with its issues.
 */
export class MatchInputError extends ImportError {
  declare readonly issues: ImportIssue[];
  constructor(issues: MatchIssue[], limit = 50) {
    super(
      issues.slice(0, limit).map((i) => {
        const at = { ...i, file: i.file ?? 'input', field: i.field ?? i.path };
        return { ...at, message: formatIssue(at) };
      }),
      issues.length,
    );
    this.name = 'MatchInputError';
  }
}

/** "file line 3, field score" style prefix. */
export function where(i: Pick<MatchIssue, 'file' | 'line' | 'field' | 'path'>): string {
  const parts: string[] = [];
  if (i.file) parts.push(i.file);
  if (i.line !== undefined) parts.push(`line ${i.line}`);
  if (i.field) parts.push(`field ${i.field}`);
  if (i.path) parts.push(i.path);
  return parts.join(', ');
}

export function issue(at: Omit<MatchIssue, 'message'>): MatchIssue {
  const shown = at.value === undefined ? '' : ` (got ${JSON.stringify(at.value)})`;
  return { ...at, message: `${where(at)}: expected ${at.expected}${shown}` };
}

/** A matching config that fails its schema → MatchInputError, every zod issue through the one `zodIssues` adapter. */
export function configError(error: z.ZodError, file?: string): MatchInputError {
  return new MatchInputError(zodIssues(error, { file }).map(({ message: _, ...i }) => issue({ ...i, path: i.path || '(root)' })));
}
