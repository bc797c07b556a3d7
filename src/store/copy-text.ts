/**
 * PostgreSQL COPY text format (tab-separated, `\N` for NULL, backslash escapes), encoded and decoded
 * here so bulk loads on PGlite can go through COPY instead of row-by-row protocol round trips.
 */
import type { BulkValue } from './adapter.ts';

const NEEDS_ESCAPE = /[\\\t\n\r]/;

export function encodeCopyValue(v: BulkValue): string {
  if (v === null) return '\\N';
  const s = typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? 't' : 'f') : numberText(v);
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function numberText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

/** Encodes rows given column by column into COPY text; one line per row. */
export function encodeCopyText(values: readonly (readonly BulkValue[])[], from = 0, to = values[0]?.length ?? 0): string {
  const out: string[] = [];
  const cols = values.length;
  for (let r = from; r < to; r++) {
    let line = encodeCopyValue(values[0][r]);
    for (let c = 1; c < cols; c++) line += '\t' + encodeCopyValue(values[c][r]);
    out.push(line);
  }
  return out.length ? out.join('\n') + '\n' : '';
}

const SIMPLE_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

function unescapeField(f: string): string | null {
  if (f === '\\N') return null;
  if (!f.includes('\\')) return f;
  let out = '';
  for (let i = 0; i < f.length; i++) {
    const c = f[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const d = f[++i];
    if (d in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[d];
    else if (d >= '0' && d <= '7') {
      let oct = d;
      while (oct.length < 3 && f[i + 1] >= '0' && f[i + 1] <= '7') oct += f[++i];
      out += String.fromCharCode(parseInt(oct, 8));
    } else if (d === 'x' && /[0-9a-fA-F]/.test(f[i + 1] ?? '')) {
      let hex = f[++i];
      if (/[0-9a-fA-F]/.test(f[i + 1] ?? '')) hex += f[++i];
      out += String.fromCharCode(parseInt(hex, 16));
    } else out += d ?? '';
  }
  return out;
}

/** Decodes COPY text output into rows of text fields. */
export function decodeCopyText(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let start = 0;
  const len = text.length;
  while (start < len) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = len;
    const line = text.slice(start, end);
    start = end + 1;
    const fields = line.split('\t');
    const row = new Array<string | null>(fields.length);
    for (let i = 0; i < fields.length; i++) row[i] = unescapeField(fields[i]);
    rows.push(row);
  }
  return rows;
}
