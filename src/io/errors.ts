import type { ErrorKind, Issue } from '../model/issue.ts';

/** One problem found in input data (the model's Issue, always naming its file). */
export type ImportIssue = Issue & { file: string };

/** Import failed: nothing was built. `issues` is capped; `total` counts every problem found. */
export class ImportError extends Error {
  readonly kind: ErrorKind = 'invalid-data';
  readonly issues: ImportIssue[];
  readonly total: number;
  constructor(issues: ImportIssue[], total = issues.length) {
    const more = total - issues.length;
    super(
      `${total} problem${total === 1 ? '' : 's'} in the input:\n` + issues.map((i) => `  ${i.message}`).join('\n') + (more > 0 ? `\n  … and ${more} more` : ''),
    );
    this.name = 'ImportError';
    this.issues = issues;
    this.total = total;
  }
}

export const DEFAULT_MAX_ISSUES = 50;

function show(value: unknown): string {
  const s = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

export function formatIssue(i: Omit<ImportIssue, 'message'>): string {
  const where = i.line !== undefined ? `${i.file}:${i.line}` : i.file;
  const field = i.field !== undefined ? ` field "${i.field}"` : '';
  const value = i.value !== undefined ? `: got "${i.value}"` : '';
  return `${where}${field}${value}, expected ${i.expected}`;
}

/**
 * Collects problems over a whole pass (so the user fixes them all at once), keeping at most
 * `max` but counting all of them.
 */
export class IssueCollector {
  readonly issues: ImportIssue[] = [];
  total = 0;
  constructor(readonly max = DEFAULT_MAX_ISSUES) {}

  add(file: string, line: number | undefined, field: string | undefined, value: unknown, expected: string): void {
    this.total++;
    if (this.issues.length >= this.max) return;
    const base = { file, line, field, value: value === undefined ? undefined : show(value), expected };
    this.issues.push({ ...base, message: formatIssue(base) });
  }

  get ok(): boolean {
    return this.total === 0;
  }

  /** Throws an ImportError when anything was collected. */
  throwIfAny(): void {
    if (this.total > 0) throw new ImportError(this.issues, this.total);
  }
}
