/**
 * One shape for a problem in input — a data file, a matching config, a request — precise enough to
 * fix it by hand, and one kind per error class, so errors are told apart by a field that survives a
 * worker-thread boundary (a `kind`), not by their class names.
 */
import { z } from 'zod';

export const IssueSchema = z.object({
  /** Which part of a request it is in (API only). */
  in: z.enum(['body', 'query', 'path', 'file', 'header']).optional(),
  /** File name as the user gave it (or `body` for an upload without a name). */
  file: z.string().optional(),
  /** 1-based line where the record starts, when the format has lines. */
  line: z.number().int().optional(),
  /** Column / attribute of the offending value. */
  field: z.string().optional(),
  /** Dotted path inside a document or request part, e.g. `config.weights.region`. */
  path: z.string().optional(),
  /** The offending value as found (truncated when long). */
  value: z.string().optional(),
  /** What would have been accepted. */
  expected: z.string(),
  /** The whole message, ready to print. */
  message: z.string(),
});
export type Issue = z.infer<typeof IssueSchema>;

/** Kinds of user-facing failure: each error class carries one, and the CLI and API map them to exit codes and statuses. */
export const ERROR_KINDS = ['invalid-data', 'invalid', 'not-found', 'conflict', 'store'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** The kind of an error, also when it crossed a thread boundary (the worker pool copies it into `details`). */
export function errorKind(err: unknown): ErrorKind | undefined {
  const e = err as { kind?: unknown; details?: { kind?: unknown } } | null | undefined;
  const k = e?.kind ?? e?.details?.kind;
  return typeof k === 'string' && (ERROR_KINDS as readonly string[]).includes(k) ? (k as ErrorKind) : undefined;
}

/** What a zod issue expected, in the user's terms rather than zod's. */
export function expectedOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return `${issue.origin === 'string' ? 'length' : issue.origin === 'array' ? 'items' : 'value'} ${issue.inclusive === false ? '>' : '≥'} ${String(issue.minimum)}`;
    case 'too_big':
      return `${issue.origin === 'string' ? 'length' : issue.origin === 'array' ? 'items' : 'value'} ${issue.inclusive === false ? '<' : '≤'} ${String(issue.maximum)}`;
    case 'invalid_format':
      // A schema's own message (e.g. 'a version number or "latest"') says it better than the pattern.
      if (!/^Invalid/.test(issue.message)) return issue.message;
      return issue.format === 'regex' ? `text matching ${(issue as { pattern?: string }).pattern ?? 'the pattern'}` : issue.format;
    case 'unrecognized_keys':
      return `no keys other than the documented ones (got ${issue.keys.join(', ')})`;
    case 'invalid_union':
      return 'one of the documented shapes';
    default:
      return issue.message;
  }
}

/** The one zod → Issue adapter: each zod issue with its dotted path and what was expected; `at` is merged into every issue. */
export function zodIssues(error: z.ZodError, at: Partial<Omit<Issue, 'path' | 'expected' | 'message'>> & { prefix?: string } = {}): Issue[] {
  const { prefix, ...where } = at;
  return error.issues.map((issue) => ({
    ...where,
    path: [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.'),
    expected: expectedOf(issue),
    message: issue.message,
  }));
}

/** Zod issues as one line of an error message, `what.path: message; …`, through the one adapter (zodIssues). */
export function zodIssueText(error: z.ZodError, what = '', separator = '; '): string {
  return zodIssues(error, what ? { prefix: what } : {})
    .map((i) => `${i.path || '(root)'}: ${i.message}`)
    .join(separator);
}
