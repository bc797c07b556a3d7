/**
 * The matching rules form's pure parts: validation messages a lead can act on (the field's label and
 * the allowed range, never a JSON path), the node pickers' search, and the picker's names (teachers
 * with their school), against the real mentor config schema the form is generated from.
 */
import { describe, expect, it } from 'vitest';
import { halfPairProblem, jsonProblem, numberProblem, rangeWords } from '../../web/src/ui/field-message.ts';
import { rankOptions } from '../../web/src/ui/node-picker.ts';
import { pathKeys } from '../../web/src/ui/schema-form.ts';
import { pairNodeOptions } from '../../web/src/views/pair-nodes.ts';
import { mentorConfigJsonSchema } from '../../src/match/config.ts';

type Prop = { title?: string; minimum?: number; maximum?: number; exclusiveMinimum?: number; type?: string; properties?: Record<string, Prop> };
const mentor = mentorConfigJsonSchema() as { properties: Record<string, Prop> };

describe('validation messages', () => {
  it('name the field by its schema label and give the allowed range', () => {
    const p = mentor.properties.mentorMinMaturity;
    const rule = { label: p.title!, minimum: p.minimum, maximum: p.maximum };
    expect(numberProblem(rule, '6')).toBe('Minimum mentor maturity must be between 1 and 5');
    expect(numberProblem(rule, '0.5')).toBe('Minimum mentor maturity must be between 1 and 5');
    expect(numberProblem(rule, 'four')).toBe('Minimum mentor maturity must be a number between 1 and 5');
    expect(numberProblem(rule, '4.5')).toBeNull();
    expect(numberProblem(rule, '5')).toBeNull();
    expect(numberProblem(rule, '  ')).toBeNull(); // empty: the default applies
  });

  it('say "whole number", "at least" and "more than" where the schema says so', () => {
    const cap = mentor.properties.defaultCapacity;
    expect(cap.title).toBe('Default mentor capacity');
    expect(numberProblem({ label: cap.title!, integer: true, minimum: cap.minimum }, '1.5')).toBe('Default mentor capacity must be a whole number at least 0');
    expect(numberProblem({ label: cap.title!, integer: true, minimum: cap.minimum }, '-1')).toBe('Default mentor capacity must be at least 0');
    const km = mentor.properties.distanceScaleKm;
    expect(numberProblem({ label: km.title!, exclusiveMinimum: km.exclusiveMinimum }, '0')).toBe('Distance scale (km) must be more than 0');
    expect(rangeWords({ label: 'x', maximum: 3 })).toBe('at most 3');
    expect(rangeWords({ label: 'x', exclusiveMinimum: 0, maximum: 10 })).toBe('more than 0 and at most 10');
    expect(numberProblem({ label: 'Top' }, 'abc')).toBe('Top must be a number');
  });

  it('never show a JSON path or a code word', () => {
    const messages = [
      numberProblem({ label: 'Minimum maturity gap', minimum: 0, maximum: 4 }, '9'),
      jsonProblem('Weights', 'object'),
      jsonProblem('Theme needs', 'array'),
      halfPairProblem('Excluded pairs', 'Mentee'),
    ];
    for (const m of messages) expect(m).not.toMatch(/expected|\w+\.\w+|\[\d+\]|Something went wrong/);
    expect(halfPairProblem('Excluded pairs', 'Mentee')).toBe('Excluded pairs: pick the mentee too, or clear the other side');
  });

  it('maps the server’s JSON paths to the form’s field paths', () => {
    expect(pathKeys('config.rules.lockedPairs.0.1', 'config')).toEqual(['rules', 'lockedPairs', '0', '1']);
    expect(pathKeys('rules.excludePairs[2][0]', 'config')).toEqual(['rules', 'excludePairs', '2', '0']);
    expect(pathKeys('config.mentorMinMaturity')).toEqual(['config', 'mentorMinMaturity']);
    // The matcher's own checks come back import-style (file::path).
    expect(pathKeys('input::rules.lockedPairs[0][0]', 'config')).toEqual(['rules', 'lockedPairs', '0', '0']);
  });

  it('the config schema labels every rule a lead sets and names the two sides of a pair', () => {
    const rules = mentor.properties.rules as Prop & { properties: Record<string, Prop & { items?: { prefixItems?: Prop[] } }> };
    expect(mentor.properties.menteeMaxMaturity.title).toBe('Maximum mentee maturity');
    expect(rules.properties.excludePairs.title).toBe('Excluded pairs');
    expect(rules.properties.lockedPairs.title).toBe('Locked pairs');
    expect(rules.properties.excludePairs.items?.prefixItems?.map((x) => x.title)).toEqual(['Mentor', 'Mentee']);
  });
});

describe('node pickers', () => {
  const graph = {
    nodes: [
      { id: 'sch-1', type: 'school', label: 'Põltsamaa Ühisgümnaasium', region: 'Jõgeva County', hub: 'hub-t' },
      { id: 'sch-2', type: 'school', label: 'Tartu Kesklinna Põhikool', region: 'Tartu County', hub: 'hub-t' },
      { id: 'hub-t', type: 'hub', label: 'Tartu Hub', region: 'Tartu County', hub: null },
      { id: 't-1', type: 'teacher', label: 'Rein Kask', region: 'Tartu County', hub: null },
      { id: 't-2', type: 'teacher', label: 'Rein Kask', region: 'Jõgeva County', hub: null },
      { id: 't-3', type: 'teacher', label: 'Mari Rein', region: null, hub: null },
    ],
    edges: [
      { source: 't-1', target: 'sch-2', type: 'affiliation' },
      { source: 'sch-1', target: 't-2', type: 'affiliation' },
      { source: 't-3', target: 'sch-1', type: 'collaboration' },
    ],
  } as unknown as Parameters<typeof pairNodeOptions>[0];

  it('names teachers with their school (by affiliation) and schools with region and hub', () => {
    const { byId, byType } = pairNodeOptions(graph);
    expect(byId.get('t-1')).toEqual({ id: 't-1', name: 'Rein Kask (Tartu Kesklinna Põhikool)', detail: 'teacher · Tartu Kesklinna Põhikool · Tartu County' });
    expect(byId.get('t-2')!.name).toBe('Rein Kask (Põltsamaa Ühisgümnaasium)');
    expect(byId.get('t-3')!.name).toBe('Mari Rein'); // a collaboration is not an affiliation
    expect(byId.get('sch-1')!.detail).toBe('school · Jõgeva County · Tartu Hub');
    expect(byType.get('teacher')).toHaveLength(3);
  });

  it('finds by the start of the name first, ignoring accents and case, then words, then school or region', () => {
    const { byType } = pairNodeOptions(graph);
    const teachers = byType.get('teacher')!;
    expect(rankOptions(teachers, 'rein').map((o) => o.id)).toEqual(['t-2', 't-1', 't-3']);
    expect(rankOptions(teachers, 'poltsamaa').map((o) => o.id)).toEqual(['t-2']);
    const schools = byType.get('school')!;
    expect(rankOptions(schools, 'TARTU').map((o) => o.id)).toEqual(['sch-2', 'sch-1']); // sch-1 only by its hub
    expect(rankOptions(schools, 'jõgeva').map((o) => o.id)).toEqual(['sch-1']);
    expect(rankOptions(schools, 'sch-2').map((o) => o.id)).toEqual(['sch-2']);
    expect(rankOptions(schools, 'nothing like it')).toEqual([]);
    expect(rankOptions(teachers, '', 2)).toHaveLength(2);
  });
});
