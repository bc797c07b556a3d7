import type { DatasetBuilder } from './build.ts';

/** Deepest JSON nesting an import accepts: datasets are flat; thousands of levels only overflow stacks. */
export const MAX_JSON_DEPTH = 64;

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// The same as JSON escapes: \u0000, or a \uD8xx not followed by \uDCxx (and a \uDCxx not after one).
const UNSTORABLE_ESCAPE =
  /\\u0000|\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}/g;

const lineAt = (text: string, pos: number): number => {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) n++;
  return n;
};

/** The CSV column (from the header) that `pos` falls in, counting delimiters on its line (quotes aside). */
function csvField(text: string, pos: number): string | undefined {
  const headerEnd = text.indexOf('\n');
  const header = text
    .slice(0, headerEnd === -1 ? undefined : headerEnd)
    .replace(/^\uFEFF/, '')
    .replace(/\r$/, '');
  const delim = [',', ';', '\t'].sort((a, b) => header.split(b).length - header.split(a).length)[0];
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  const col = text.slice(start, pos).split(delim).length - 1;
  return header.split(delim)[col]?.replace(/^"|"$/g, '');
}

/** The nearest `"key":` before `pos` on its line, for JSON. */
function jsonField(text: string, pos: number): string | undefined {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  const keys = [...text.slice(start, pos).matchAll(/"((?:[^"\\]|\\.)*)"\s*:/g)];
  return keys.length ? keys[keys.length - 1][1] : undefined;
}

/**
 * Refuses, with file, line and field, what validates but cannot be stored: NUL characters and lone
 * surrogates (raw, or as JSON escapes), and JSON nested deeper than MAX_JSON_DEPTH (which overflowed
 * the stack and came out as a 500, or a usage error in the CLI). Runs on the raw text, before parsing.
 */
export function checkStorable(b: DatasetBuilder, file: string, text: string): void {
  const json = /\.json$/i.test(file) || (/^\s*[[{]/.test(text) && !/\.(csv|tsv|txt|gexf|graphml|xml)$/i.test(file));
  const xml = /\.(gexf|graphml|xml)$/i.test(file);
  const field = (pos: number) => (json ? jsonField(text, pos) : xml ? undefined : csvField(text, pos));
  const report = (pos: number, what: string) =>
    b.issues.add(file, lineAt(text, pos), field(pos), undefined, `text without ${what} (PostgreSQL cannot store it)`);
  for (const m of text.matchAll(UNSTORABLE)) report(m.index, m[0] === '\u0000' ? 'NUL characters' : 'lone surrogates (broken UTF-16)');
  if (json) {
    for (const m of text.matchAll(UNSTORABLE_ESCAPE)) report(m.index, /\\u0000/.test(m[0]) ? 'NUL characters (\\u0000)' : 'lone surrogates (broken UTF-16)');
    let depth = 0,
      inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (c === 92) i++;
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 34) inString = true;
      else if (c === 91 || c === 123) {
        if (++depth > MAX_JSON_DEPTH) {
          b.issues.add(file, lineAt(text, i), jsonField(text, i), undefined, `JSON nested at most ${MAX_JSON_DEPTH} levels deep`);
          break;
        }
      } else if (c === 93 || c === 125) depth--;
    }
  }
}
