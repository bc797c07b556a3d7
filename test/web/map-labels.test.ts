/** The map's label shortening and the hover box's wrapping (web/src/map/labels.ts). */
import { describe, expect, it } from 'vitest';
import { MAP_LABEL_MAX, mapLabel, wrapLabel } from '../../web/src/map/labels.ts';

const PRIA = 'PRACTICAL ROBOTICS INSTITUTE AUSTRIA (PRIA) ZUR FORDERUNG DES WISSENSCHAFTLICH-TECHNISCHEM NACHWUCHSES UBER ROBOTIK IN OSTERREICH';

describe('map labels', () => {
  it('a label of up to 32 characters is drawn whole; a longer one is cut to 32 with an ellipsis', () => {
    expect(mapLabel('Tartu Regional Innovation Hub')).toBe('Tartu Regional Innovation Hub');
    expect(mapLabel('x'.repeat(MAP_LABEL_MAX))).toBe('x'.repeat(MAP_LABEL_MAX));
    expect(mapLabel(PRIA)).toBe('PRACTICAL ROBOTICS INSTITUTE AU…');
    expect(Array.from(mapLabel(PRIA))).toHaveLength(MAP_LABEL_MAX);
    // No space before the ellipsis, and no emoji or accented letter split in half.
    expect(mapLabel('Universität für Bodenkultur Wien und Partner')).toBe('Universität für Bodenkultur Wie…');
    expect(mapLabel(`${'😀'.repeat(40)}`)).toBe(`${'😀'.repeat(31)}…`);
    expect(mapLabel('abcdefghijklmnopqrstuvwxyz abcd efgh')).toBe('abcdefghijklmnopqrstuvwxyz abcd…');
    expect(mapLabel('abcdefghijklmnopqrstuvwxyz abcde fgh')).toBe('abcdefghijklmnopqrstuvwxyz abcd…');
    expect(mapLabel('abcdefghijklmnopqrstuvwxyz abcd  fgh')).toBe('abcdefghijklmnopqrstuvwxyz abcd…');
  });

  it('the hover box wraps a long name at spaces into lines of at most 40 characters, at most 4 of them', () => {
    const lines = wrapLabel(PRIA);
    expect(lines).toEqual([
      'PRACTICAL ROBOTICS INSTITUTE AUSTRIA',
      '(PRIA) ZUR FORDERUNG DES',
      'WISSENSCHAFTLICH-TECHNISCHEM NACHWUCHSES',
      'UBER ROBOTIK IN OSTERREICH',
    ]);
    expect(lines.join(' ')).toBe(PRIA);
    expect(wrapLabel('short')).toEqual(['short']);
    expect(wrapLabel('x'.repeat(90))).toEqual(['x'.repeat(40), 'x'.repeat(40), 'x'.repeat(10)]);
    const cut = wrapLabel(`${PRIA} ${PRIA}`);
    expect(cut).toHaveLength(4);
    expect(cut[3].endsWith('…')).toBe(true);
    expect(Math.max(...cut.map((l) => Array.from(l).length))).toBeLessThanOrEqual(40);
  });
});
