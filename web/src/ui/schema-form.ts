import { h } from './dom.ts';

/**
 * A form generated from a JSON Schema (zod 4's z.toJSONSchema output): objects become fieldsets,
 * numbers / integers / strings / booleans / enums become inputs with the schema's defaults.
 * Arrays of scalars are edited as comma-separated text; anything more complex as JSON.
 */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  description?: string;
  title?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  additionalProperties?: unknown;
};

interface FieldReader {
  path: string[];
  read(): { ok: true; value: unknown; set: boolean } | { ok: false; error: string };
}

export interface SchemaForm {
  el: HTMLElement;
  /** The values the user set or left at their defaults; errors name the field. */
  value(): { value: Record<string, unknown>; errors: string[] };
  /** Overrides a value at a path (used to carry locks and rejections into a rerun). */
  set(path: string[], v: unknown): void;
}

export function schemaForm(schema: JsonSchema, opts: { idPrefix?: string; skip?: string[] } = {}): SchemaForm {
  const readers: FieldReader[] = [];
  const overrides = new Map<string, unknown>();
  const defs = schema.$defs ?? {};
  const resolve = (s: JsonSchema): JsonSchema => {
    if (s.$ref?.startsWith('#/$defs/')) return resolve(defs[s.$ref.slice(8)] ?? {});
    // Optional fields come as anyOf [X, null]: edit X.
    const alts = s.anyOf ?? s.oneOf;
    if (alts) {
      const nonNull = alts.filter((a) => a.type !== 'null');
      if (nonNull.length === 1)
        return { ...resolve(nonNull[0]), default: s.default ?? nonNull[0].default, description: s.description ?? nonNull[0].description };
    }
    return s;
  };
  const skip = new Set(opts.skip ?? []);
  const prefix = opts.idPrefix ?? 'cfg';

  const build = (s0: JsonSchema, path: string[]): HTMLElement | null => {
    const s = resolve(s0);
    const name = path[path.length - 1] ?? '';
    const id = `${prefix}-${path.join('-')}`.replace(/[^a-zA-Z0-9_-]/g, '_');
    const label = s.title ?? humanise(name);
    const help = s.description ? h('small', { class: 'meta', text: s.description }) : null;
    const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
    if (type === 'object' && s.properties) {
      const children = Object.entries(s.properties)
        .filter(([k]) => !skip.has([...path, k].join('.')))
        .map(([k, sub]) => build(sub, [...path, k]))
        .filter((x): x is HTMLElement => !!x);
      if (!path.length) return h('div', null, children);
      return h('fieldset', null, h('legend', { text: label }), help, children);
    }
    if (s.enum) {
      const sel = h(
        'select',
        { attrs: { id, name: id } },
        s.enum.map((v) => h('option', { text: String(v), attrs: { value: String(v), selected: v === s.default } })),
      );
      readers.push({ path, read: () => ({ ok: true, value: s.enum!.find((v) => String(v) === sel.value), set: true }) });
      return field(id, label, sel, help);
    }
    if (type === 'boolean') {
      const cb = h('input', { attrs: { id, name: id, type: 'checkbox', checked: s.default === true } });
      readers.push({ path, read: () => ({ ok: true, value: cb.checked, set: true }) });
      return h('label', { class: 'field', attrs: { for: id } }, h('span', null, cb, ` ${label}`), help);
    }
    if (type === 'number' || type === 'integer') {
      const min = s.minimum ?? s.exclusiveMinimum;
      const input = h('input', {
        attrs: {
          id,
          name: id,
          type: 'number',
          step: type === 'integer' ? 1 : 'any',
          min,
          max: s.maximum,
          value: typeof s.default === 'number' ? s.default : undefined,
        },
      });
      readers.push({
        path,
        read: () => {
          if (input.value.trim() === '') return { ok: true, value: undefined, set: false };
          const n = Number(input.value);
          if (!Number.isFinite(n)) return { ok: false, error: `${path.join('.')}: expected a number` };
          if (type === 'integer' && !Number.isInteger(n)) return { ok: false, error: `${path.join('.')}: expected a whole number` };
          if (s.minimum !== undefined && n < s.minimum) return { ok: false, error: `${path.join('.')}: expected at least ${s.minimum}` };
          if (s.maximum !== undefined && n > s.maximum) return { ok: false, error: `${path.join('.')}: expected at most ${s.maximum}` };
          return { ok: true, value: n, set: true };
        },
      });
      return field(id, label, input, help);
    }
    if (type === 'string') {
      const input = h('input', { attrs: { id, name: id, type: 'text', value: typeof s.default === 'string' ? s.default : undefined } });
      readers.push({ path, read: () => ({ ok: true, value: input.value === '' ? undefined : input.value, set: input.value !== '' }) });
      return field(id, label, input, help);
    }
    if (type === 'array') {
      const items = s.items ? resolve(s.items) : {};
      const scalar = items.type === 'string' || items.type === 'number' || items.type === 'integer' || !!items.enum;
      const def = Array.isArray(s.default) ? s.default : [];
      const input = scalar
        ? h('input', { attrs: { id, name: id, type: 'text', value: def.join(', '), placeholder: 'comma-separated' } })
        : h('textarea', { attrs: { id, name: id, rows: 2, placeholder: 'JSON array' } }, def.length ? JSON.stringify(def) : '');
      readers.push({
        path,
        read: () => {
          const raw = input.value.trim();
          if (!raw) return { ok: true, value: def.length ? [] : undefined, set: def.length > 0 };
          if (scalar) {
            const parts = raw
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean);
            return { ok: true, value: items.type === 'number' || items.type === 'integer' ? parts.map(Number) : parts, set: true };
          }
          try {
            const v = JSON.parse(raw);
            if (!Array.isArray(v)) return { ok: false, error: `${path.join('.')}: expected a JSON array` };
            return { ok: true, value: v, set: true };
          } catch {
            return { ok: false, error: `${path.join('.')}: not valid JSON` };
          }
        },
      });
      return field(id, label, input, help);
    }
    if (type === 'object') {
      // Records (e.g. weights by name) are edited as JSON.
      const input = h(
        'textarea',
        { attrs: { id, name: id, rows: 2, placeholder: 'JSON object' } },
        s.default && typeof s.default === 'object' ? JSON.stringify(s.default) : '',
      );
      readers.push({
        path,
        read: () => {
          const raw = input.value.trim();
          if (!raw) return { ok: true, value: undefined, set: false };
          try {
            return { ok: true, value: JSON.parse(raw), set: true };
          } catch {
            return { ok: false, error: `${path.join('.')}: not valid JSON` };
          }
        },
      });
      return field(id, label, input, help);
    }
    return null;
  };

  const el = build(schema, []) ?? h('p', { class: 'meta', text: 'This schema has no editable fields.' });
  return {
    el: h('div', { class: 'schema-form' }, el),
    value() {
      const out: Record<string, unknown> = {};
      const errors: string[] = [];
      for (const r of readers) {
        const res = r.read();
        if (!res.ok) {
          errors.push(res.error);
          continue;
        }
        if (res.set && res.value !== undefined) setPath(out, r.path, res.value);
      }
      for (const [k, v] of overrides) setPath(out, k.split('\u0000'), v);
      return { value: out, errors };
    },
    set(path, v) {
      overrides.set(path.join('\u0000'), v);
    },
  };
}

function field(id: string, label: string, input: HTMLElement, help: HTMLElement | null): HTMLElement {
  return h('div', { class: 'field' }, h('label', { text: label, attrs: { for: id } }), input, help);
}

function humanise(key: string): string {
  return key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]/g, ' ')
    .replace(/^./, (c) => c.toUpperCase());
}

function setPath(obj: Record<string, unknown>, path: string[], v: unknown): void {
  let cur = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    if (!Object.hasOwn(cur, k) || typeof cur[k] !== 'object' || cur[k] === null)
      Object.defineProperty(cur, k, { value: {}, enumerable: true, writable: true, configurable: true });
    cur = cur[k] as Record<string, unknown>;
  }
  Object.defineProperty(cur, path[path.length - 1], { value: v, enumerable: true, writable: true, configurable: true });
}
