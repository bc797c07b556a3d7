import { stringify } from 'csv-stringify/sync';
import { escapeCell } from '../io/formula.ts';

/** A respondent's personal link, as handed out for a mail merge. */
export interface SurveyLinkRow {
  respondent: string;
  label: string;
  email: string | null;
  url: string;
  expiresAt: string;
}

/** The token travels in the #fragment: browsers never send it to the server, so it stays out of access logs. */
export function surveyLinkUrl(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}/survey.html#${token}`;
}

/** Respondent contact for the mail merge, from a conventional attribute when the data has one. */
export function emailsOf(nodes: readonly { id: string; attrs: Record<string, unknown> }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of nodes) {
    const v = n.attrs.email ?? n.attrs.contact ?? n.attrs.Email;
    if (typeof v === 'string' && v) out.set(n.id, v);
  }
  return out;
}

/** One row per respondent; text cells formula-guarded, and any cell with a CR quoted. */
export function linksCsv(links: readonly SurveyLinkRow[]): string {
  const cell = (v: string | null) => escapeCell(v ?? '');
  return stringify(
    [
      ['respondent', 'name', 'email', 'link', 'expires'],
      ...links.map((l) => [cell(l.respondent), cell(l.label), cell(l.email), cell(l.url), l.expiresAt.slice(0, 10)]),
    ],
    { quoted_match: /\r/ },
  );
}
