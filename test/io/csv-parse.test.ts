import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { parseCsv, sniffDelimiter } from '../../src/io/csv-parse.ts';

describe('parseCsv', () => {
  it('reads quoted fields with delimiters, doubled quotes and newlines, and tracks record lines', () => {
    const t = parseCsv('id,label\r\n"a,1","say ""hi""\r\nthere"\r\nb,plain\r\n');
    expect(t.records).toEqual([
      ['id', 'label'],
      ['a,1', 'say "hi"\r\nthere'],
      ['b', 'plain'],
    ]);
    expect(t.lines).toEqual([1, 2, 4]);
  });

  it('strips a UTF-8 BOM and skips blank lines', () => {
    const t = parseCsv('\ufeffid,type\n\nx,school\n\n');
    expect(t.records).toEqual([
      ['id', 'type'],
      ['x', 'school'],
    ]);
    expect(t.lines).toEqual([1, 3]);
  });

  it('sniffs comma, semicolon and tab from the header', () => {
    expect(sniffDelimiter('id;type;label\n')).toBe(';');
    expect(sniffDelimiter('id\ttype\n')).toBe('\t');
    expect(sniffDelimiter('"a;b",type\n')).toBe(',');
    expect(parseCsv('a\tb\n1\t2').records).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps trailing empty fields', () => {
    expect(parseCsv('a,b,c\n1,,\n').records).toEqual([
      ['a', 'b', 'c'],
      ['1', '', ''],
    ]);
  });

  it('rejects an unterminated quote with the line it starts on', () => {
    expect(() => parseCsv('a,b\n1,2\n"open,3\n')).toThrow(/line 3/);
  });

  it('agrees with csv-parse on arbitrary tables written by csv-stringify', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', ' ', ',', ';', '"', '\n', '\r\n', '\t', 'x', '1') });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((w) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 6 })),
        fc.constantFrom(',', ';', '\t'),
        (rows, delimiter) => {
          // Rows that are a single empty field are blank lines to both parsers.
          const kept = rows.filter((r) => !(r.length === 1 && r[0] === ''));
          const text = stringify(kept, { delimiter, quoted_match: /^$/ });
          const ours = parseCsv(text, delimiter).records;
          const theirs = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][];
          expect(ours).toEqual(theirs);
        },
      ),
      { numRuns: 300 },
    );
  });
});
