/**
 * Spreadsheet formula-injection guard for CSV export (OWASP): a text cell starting with = + - @
 * tab or CR is prefixed with `'`, so Excel / LibreOffice show it as text instead of running it.
 * The mapping is reversible — a cell that already starts with `'`s before such a character gets
 * one more — and import strips exactly one, so CSV round trips are lossless.
 */
const NEEDS_GUARD = /^'*[=+\-@\t\r]/;

export function escapeCell(value: string): string {
  return NEEDS_GUARD.test(value) ? `'${value}` : value;
}

export function unescapeCell(value: string): string {
  return value.charCodeAt(0) === 39 && NEEDS_GUARD.test(value.slice(1)) ? value.slice(1) : value;
}
