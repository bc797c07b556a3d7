import type { ColumnReading } from '../model/index.ts';

/**
 * Type inference for CSV attribute columns without a `:number` / `:boolean` / `:string` suffix, as
 * Gephi's spreadsheet importer and pandas do, but conservative: a column is read as numbers only
 * when every non-empty value is a plain decimal number, as booleans only when every one is
 * true/false, and identifier-like columns and values with leading zeros stay text ("007" is a code,
 * not 7). See docs/data-formats.md.
 */

/** Plain decimal: optional '-', no leading zeros except a lone 0, optional fraction and exponent. */
const PLAIN = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
/** The same with a decimal comma (`--decimal-comma`). */
const PLAIN_COMMA = /^-?(?:0|[1-9]\d*)(?:,\d+)?(?:[eE][+-]?\d+)?$/;
/** Digits with leading zeros that would otherwise be a number ("007", "0012.5"). */
const LEADING_ZERO = /^-?0\d+(?:[.,]\d+)?$/;
/** More significant digits than a double keeps exactly: such numbers (long codes) stay text. */
const MAX_DIGITS = 15;

/**
 * Header words that make a column identifier-like (compared per word, after splitting on blanks,
 * `_`, `-`, `.` and camelCase): a column whose last word is one of ID_LAST, or that has any word
 * of ID_ANY, stays text whatever its values.
 */
export const ID_LAST_WORDS: readonly string[] = ['id', 'ids', 'key', 'code', 'codes', 'number', 'no', 'nr', 'identifier', 'uid', 'ref'];
export const ID_ANY_WORDS: readonly string[] = [
  'pic',
  'zip',
  'zipcode',
  'postcode',
  'postal',
  'plz',
  'phone',
  'telephone',
  'tel',
  'fax',
  'mobile',
  'uuid',
  'guid',
  'isbn',
  'issn',
  'doi',
  'orcid',
  'iban',
  'vat',
  'ean',
  'siren',
  'siret',
  'urn',
];
const LAST = new Set(ID_LAST_WORDS);
const ANY = new Set(ID_ANY_WORDS);

/** Whether a header names an identifier-like column (`cordis_id`, `schoolId`, `Postcode`, `phone number`, …). */
export function identifierLike(header: string): boolean {
  const words = header
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.length === 0) return false;
  // "n_projects", "number of projects": a count, not an identifier; "number" only as the last word.
  if (LAST.has(words[words.length - 1]) && !(words.length === 1 && ['number', 'no', 'nr', 'ref'].includes(words[0]))) return true;
  return words.some((w) => ANY.has(w));
}

function digits(v: string): number {
  let n = 0;
  let lead = true;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 101 || c === 69) break; // exponent
    if (c < 48 || c > 57) continue;
    if (lead && c === 48) continue;
    lead = false;
    n++;
  }
  return n;
}

/** Watches one column's values as they are read and says how the column should be read. */
export class ColumnGuess {
  private number = true;
  private boolean = true;
  private leadingZero: string | undefined;
  private long: string | undefined;
  private seen = 0;
  /** Every value so far is a number, or would be but for leading zeros or its length (then why it stays text is worth saying). */
  private near = true;

  constructor(
    readonly header: string,
    private readonly decimalComma: boolean,
  ) {}

  /** One non-empty cell (after formula unescaping). */
  see(raw: string): void {
    if (!this.number && !this.boolean && !this.near) return;
    const v = raw.trim();
    if (v === '') return;
    this.seen++;
    if (this.number || this.near) {
      if (!(this.decimalComma ? PLAIN_COMMA : PLAIN).test(v)) {
        this.number = false;
        if (LEADING_ZERO.test(v)) this.leadingZero ??= v;
        else this.near = false;
      } else if (digits(v) > MAX_DIGITS) {
        this.number = false;
        this.long ??= v;
      } else if (!Number.isFinite(Number(this.decimalComma ? v.replace(',', '.') : v))) {
        this.number = false;
        this.near = false;
      }
    }
    if (this.boolean) {
      const l = v.length === 4 || v.length === 5 ? v.toLowerCase() : '';
      if (l !== 'true' && l !== 'false') this.boolean = false;
    }
  }

  /** The column's reading; `read` is 'number' / 'boolean' only when its values convert. */
  verdict(file: string): ColumnReading {
    const base = { file, column: this.header };
    // Identifier-like is the reason whenever the values alone might have made it typed (or nearly: "0042").
    const fits = this.seen > 0 && (this.number || this.boolean || this.near);
    if (fits && identifierLike(this.header)) return { ...base, read: 'text', why: 'identifier-like' };
    if (this.seen > 0 && this.number) return { ...base, read: 'number' };
    if (this.seen > 0 && this.boolean) return { ...base, read: 'boolean' };
    if (this.seen === 0) return { ...base, read: 'text', why: 'empty' };
    if (this.near && this.leadingZero !== undefined) return { ...base, read: 'text', why: 'leading zeros', example: this.leadingZero };
    if (this.near && this.long !== undefined) return { ...base, read: 'text', why: 'long digits', example: this.long };
    return { ...base, read: 'text' };
  }

  /** The value of a cell of a column read as `read` (strings unchanged for text). */
  convert(v: string, read: ColumnReading['read']): string | number | boolean {
    if (read === 'number') {
      const t = v.trim();
      return Number(this.decimalComma ? t.replace(',', '.') : t);
    }
    if (read === 'boolean') return v.trim().toLowerCase() === 'true';
    return v;
  }
}

/**
 * Whether a text column would be read back as numbers or booleans by the inference (for exports:
 * such a column gets a `:string` header so a re-import keeps it text).
 */
export function wouldInfer(header: string, values: Iterable<unknown>): boolean {
  const g = new ColumnGuess(header, false);
  for (const v of values) if (typeof v === 'string') g.see(v);
  return g.verdict('').read !== 'text';
}

const WHY: Record<NonNullable<ColumnReading['why']>, string> = {
  'identifier-like': 'identifier-like',
  'leading zeros': 'leading zeros',
  'long digits': 'over 15 digits',
  empty: 'empty',
  declared: 'declared',
  'not inferred': 'not inferred',
};

/**
 * One line per file saying how its attribute columns were read, e.g. "nodes.csv: read as numbers:
 * n_projects, ec_contribution_eur; as text: cordis_id (identifier-like), city".
 */
export function columnSummary(readings: readonly ColumnReading[]): string[] {
  const files = [...new Set(readings.map((r) => r.file))];
  return files.map((file) => {
    const mine = readings.filter((r) => r.file === file);
    const name = (r: ColumnReading) => {
      if (!r.why) return r.column;
      const ex = r.example !== undefined ? ` ${r.example}` : '';
      return `${r.column} (${WHY[r.why]}${ex ? `, e.g.${ex}` : ''})`;
    };
    const parts: string[] = [];
    const group = (read: ColumnReading['read'], label: string) => {
      const cols = mine.filter((r) => r.read === read);
      if (cols.length) parts.push(`${parts.length ? 'as' : 'read as'} ${label}: ${cols.map(name).join(', ')}`);
    };
    group('number', 'numbers');
    group('boolean', 'booleans');
    group('text', 'text');
    const short = file.split(/[\\/]/).pop() ?? file;
    return `${short}: ${parts.join('; ')}`;
  });
}
