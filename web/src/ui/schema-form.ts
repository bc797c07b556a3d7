import { h, replace } from './dom.ts';
import { halfPairProblem, jsonProblem, numberProblem } from './field-message.ts';
import { nodePicker, type NodeOption } from './node-picker.ts';

/**
 * A form generated from a JSON Schema (zod 4's z.toJSONSchema output): objects become fieldsets,
 * numbers / integers / strings / booleans / enums become inputs with the schema's defaults, labelled
 * by the schema's `title` (else the key in words). Arrays of id pairs (tuples of two strings) are
 * chosen with two node pickers and shown as removable chips when the caller gives a node source;
 * other arrays of scalars are comma-separated text, anything more complex JSON. Problems are shown
 * next to their field, in words naming the field's label and the allowed range.
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
  exclusiveMaximum?: number;
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  additionalProperties?: unknown;
};

interface FieldReader {
  path: string[];
  label: string;
  read(): { ok: true; value: unknown; set: boolean } | { ok: false; error: string };
  /** Shows (or with null clears) a problem next to the field. */
  show(problem: string | null): void;
}

/** Where the nodes of a pair field come from: search by name for one side, and a name for an id. */
export interface NodeSource {
  /** Best matches first; `side` 0 is the pair's first element (mentor, company), 1 the second. */
  search(query: string, side: 0 | 1, path: string[]): NodeOption[];
  name(id: string): string;
}

export type IdPair = [string, string];

export interface SchemaForm {
  el: HTMLElement;
  /** The values the user set or left at their defaults; errors name the field by its label (and are shown next to it). */
  value(): { value: Record<string, unknown>; errors: string[] };
  /** Overrides a value at a path (used to carry locks and rejections into a rerun). */
  set(path: string[], v: unknown): void;
  /** Adds a pair to a pair field (e.g. "exclude this pair" from a pair row); false when the field is not a pair field. */
  addPair(path: string[], pair: IdPair): boolean;
  /**
   * Shows the server's problems (JSON paths such as `config.rules.mentorMinMaturity`) next to their
   * fields and returns them in words, each led by the field's label.
   */
  showProblems(problems: { path?: string; message: string }[], root?: string): string[];
}

export function schemaForm(schema: JsonSchema, opts: { idPrefix?: string; skip?: string[]; nodes?: NodeSource } = {}): SchemaForm {
  const readers: FieldReader[] = [];
  const pairFields = new Map<string, (pair: IdPair) => void>();
  const overrides = new Map<string, unknown>();
  const defs = schema.$defs ?? {};
  const resolve = (s: JsonSchema): JsonSchema => {
    if (s.$ref?.startsWith('#/$defs/')) return resolve(defs[s.$ref.slice(8)] ?? {});
    // Optional fields come as anyOf [X, null]: edit X.
    const alts = s.anyOf ?? s.oneOf;
    if (alts) {
      const nonNull = alts.filter((a) => a.type !== 'null');
      if (nonNull.length === 1)
        return {
          ...resolve(nonNull[0]),
          default: s.default ?? nonNull[0].default,
          description: s.description ?? nonNull[0].description,
          title: s.title ?? resolve(nonNull[0]).title,
        };
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
    /** Registers how to read a field and where its problem shows (a live region next to it). */
    const reader = (input: HTMLElement, read: FieldReader['read']): HTMLElement => {
      const err = h('small', { class: 'field-error', attrs: { id: `${id}-error`, 'aria-live': 'polite', 'data-testid': `error-${id}` } });
      input.setAttribute('aria-describedby', `${id}-error`);
      readers.push({
        path,
        label,
        read,
        show: (problem) => {
          err.textContent = problem ?? '';
          if (problem) input.setAttribute('aria-invalid', 'true');
          else input.removeAttribute('aria-invalid');
        },
      });
      return err;
    };
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
      const err = reader(sel, () => ({ ok: true, value: s.enum!.find((v) => String(v) === sel.value), set: true }));
      return field(id, label, sel, help, err);
    }
    if (type === 'boolean') {
      const cb = h('input', { attrs: { id, name: id, type: 'checkbox', checked: s.default === true } });
      reader(cb, () => ({ ok: true, value: cb.checked, set: true }));
      return h('label', { class: 'field', attrs: { for: id } }, h('span', null, cb, ` ${label}`), help);
    }
    if (type === 'number' || type === 'integer') {
      const rule = {
        label,
        integer: type === 'integer',
        minimum: s.minimum,
        maximum: s.maximum,
        exclusiveMinimum: s.exclusiveMinimum,
        exclusiveMaximum: s.exclusiveMaximum,
      };
      const input = h('input', {
        attrs: {
          id,
          name: id,
          type: 'number',
          step: type === 'integer' ? 1 : 'any',
          min: s.minimum ?? s.exclusiveMinimum,
          max: s.maximum ?? s.exclusiveMaximum,
          value: typeof s.default === 'number' ? s.default : undefined,
        },
      });
      const read: FieldReader['read'] = () => {
        // A number input's value is '' for text it cannot parse: ask the browser whether that is "empty" or "bad".
        const raw = input.validity?.badInput ? 'not a number' : input.value;
        const problem = numberProblem(rule, raw);
        if (problem) return { ok: false, error: problem };
        if (raw.trim() === '') return { ok: true, value: undefined, set: false };
        return { ok: true, value: Number(raw), set: true };
      };
      const err = reader(input, read);
      const me = readers[readers.length - 1];
      // Said as soon as the person leaves the field, not only when they press Run.
      input.addEventListener('change', () => {
        const r = read();
        me.show(r.ok ? null : r.error);
      });
      return field(id, label, input, help, err);
    }
    if (type === 'string') {
      const input = h('input', { attrs: { id, name: id, type: 'text', value: typeof s.default === 'string' ? s.default : undefined } });
      const err = reader(input, () => ({ ok: true, value: input.value === '' ? undefined : input.value, set: input.value !== '' }));
      return field(id, label, input, help, err);
    }
    if (type === 'array') {
      const items = s.items ? resolve(s.items) : {};
      const def = Array.isArray(s.default) ? s.default : [];
      const sides = items.prefixItems;
      if (opts.nodes && sides?.length === 2 && sides.every((x) => resolve(x).type === 'string')) {
        return pairField(id, path, label, help, [resolve(sides[0]).title ?? 'First', resolve(sides[1]).title ?? 'Second'], def as IdPair[], opts.nodes);
      }
      const scalar = items.type === 'string' || items.type === 'number' || items.type === 'integer' || !!items.enum;
      const input = scalar
        ? h('input', { attrs: { id, name: id, type: 'text', value: def.join(', '), placeholder: 'comma-separated' } })
        : h('textarea', { attrs: { id, name: id, rows: 2, placeholder: 'JSON array' } }, def.length ? JSON.stringify(def) : '');
      const err = reader(input, () => {
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
          if (!Array.isArray(v)) return { ok: false, error: jsonProblem(label, 'array') };
          return { ok: true, value: v, set: true };
        } catch {
          return { ok: false, error: jsonProblem(label, 'array') };
        }
      });
      return field(id, label, input, help, err);
    }
    if (type === 'object') {
      // Records (e.g. weights by name) are edited as JSON.
      const input = h(
        'textarea',
        { attrs: { id, name: id, rows: 2, placeholder: 'JSON object' } },
        s.default && typeof s.default === 'object' ? JSON.stringify(s.default) : '',
      );
      const err = reader(input, () => {
        const raw = input.value.trim();
        if (!raw) return { ok: true, value: undefined, set: false };
        try {
          const v = JSON.parse(raw);
          if (!v || typeof v !== 'object' || Array.isArray(v)) return { ok: false, error: jsonProblem(label, 'object') };
          return { ok: true, value: v, set: true };
        } catch {
          return { ok: false, error: jsonProblem(label, 'object') };
        }
      });
      return field(id, label, input, help, err);
    }
    return null;
  };

  /**
   * A list of id pairs chosen with two node pickers (searchable by name, with the school or region
   * beside it) and shown as chips, each with a button to remove it.
   */
  const pairField = (id: string, path: string[], label: string, help: HTMLElement | null, sides: [string, string], initial: IdPair[], nodes: NodeSource) => {
    const pairs: IdPair[] = initial.map((p) => [p[0], p[1]]);
    const chips = h('ul', { class: 'chips', attrs: { 'aria-label': label, 'data-testid': `chips-${id}` } });
    const pick = sides.map((side, i) => nodePicker({ id: `${id}-${i}`, label: side, options: (q) => nodes.search(q, i as 0 | 1, path) })) as [
      ReturnType<typeof nodePicker>,
      ReturnType<typeof nodePicker>,
    ];
    const add = h('button', { text: `Add to ${label.toLowerCase()}`, attrs: { type: 'button', 'data-testid': `add-${id}` } });
    const err = h('small', { class: 'field-error', attrs: { id: `${id}-error`, 'aria-live': 'polite', 'data-testid': `error-${id}` } });
    const show = (problem: string | null) => {
      err.textContent = problem ?? '';
    };
    const draw = () => {
      replace(
        chips,
        pairs.length
          ? pairs.map((p, i) => {
              const text = `${nodes.name(p[0])} → ${nodes.name(p[1])}`;
              return h(
                'li',
                { class: 'chip' },
                h('span', { text }),
                h('button', {
                  text: '×',
                  title: 'Remove',
                  attrs: { type: 'button', 'aria-label': `Remove ${text} from ${label.toLowerCase()}` },
                  on: {
                    click: () => {
                      pairs.splice(i, 1);
                      draw();
                      // Keep the keyboard user in the list rather than dropping focus to the page.
                      ((chips.querySelector('li button') as HTMLElement | null) ?? pick[0].input).focus();
                    },
                  },
                }),
              );
            })
          : h('li', { class: 'meta', text: 'None.' }),
      );
    };
    const push = (pair: IdPair) => {
      if (!pairs.some((p) => p[0] === pair[0] && p[1] === pair[1])) pairs.push(pair);
      draw();
    };
    add.addEventListener('click', () => {
      const [a, b] = [pick[0].value(), pick[1].value()];
      if (!a || !b) {
        show(
          !a && !b
            ? `${label}: pick a ${sides[0].toLowerCase()} and a ${sides[1].toLowerCase()} from the lists`
            : halfPairProblem(label, !a ? sides[0] : sides[1]),
        );
        return;
      }
      if (a.id === b.id) {
        show(`${label}: the ${sides[0].toLowerCase()} and the ${sides[1].toLowerCase()} must be two different nodes`);
        return;
      }
      show(null);
      push([a.id, b.id]);
      pick[0].clear();
      pick[1].clear();
      pick[0].input.focus();
    });
    draw();
    pairFields.set(path.join('\u0000'), push);
    readers.push({
      path,
      label,
      read: () => ({ ok: true, value: pairs.map((p) => [p[0], p[1]]), set: pairs.length > 0 || initial.length > 0 }),
      show,
    });
    return h(
      'fieldset',
      { class: 'pair-field', attrs: { id, 'aria-describedby': `${id}-error` } },
      h('legend', { text: label }),
      help,
      chips,
      h('div', { class: 'pair-pickers' }, pick[0].el, pick[1].el, add),
      err,
    );
  };

  const el = build(schema, []) ?? h('p', { class: 'meta', text: 'This schema has no editable fields.' });
  return {
    el: h('div', { class: 'schema-form' }, el),
    value() {
      const out: Record<string, unknown> = {};
      const errors: string[] = [];
      for (const r of readers) {
        const res = r.read();
        r.show(res.ok ? null : res.error);
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
    addPair(path, pair) {
      const push = pairFields.get(path.join('\u0000'));
      push?.(pair);
      return !!push;
    },
    showProblems(problems, root = '') {
      return problems.map((p) => {
        const keys = pathKeys(p.path ?? '', root);
        // The field whose path is the longest prefix of the problem's path (a pair's [0][0] belongs to its list).
        let best: FieldReader | undefined;
        for (const r of readers)
          if (r.path.length <= keys.length && r.path.every((k, i) => k === keys[i]) && (!best || r.path.length > best.path.length)) best = r;
        if (!best) return p.message;
        // The form's own wording when it sees the same problem (label and range); else the server's, led by the label.
        const own = best.read();
        const text = own.ok ? `${best.label}: ${stripPath(p.message, p.path ?? '')}` : own.error;
        best.show(text);
        return text;
      });
    },
  };
}

/**
 * `config.rules.lockedPairs[0][1]` → ['rules', 'lockedPairs', '0', '1'] (the root, e.g. config, dropped);
 * an import-style `input::rules.x` loses its file part.
 */
export function pathKeys(path: string, root = ''): string[] {
  const keys = path
    .replace(/^[^:]*::/, '')
    .replace(/\[(\w+)\]/g, '.$1')
    .split(/[./]/)
    .filter(Boolean);
  return root && keys[0] === root ? keys.slice(1) : keys;
}

/** A server message often repeats its path ("rules.lockedPairs[0][0]: expected …"); the label already says where. */
function stripPath(message: string, path: string): string {
  const bare = path.replace(/^[^:]*::/, '').replace(/^config\./, '');
  const m = message.match(/^[^:]*:\s*(.*)$/s);
  return bare && m && message.slice(0, message.indexOf(':')).includes(bare) ? m[1] : message;
}

function field(id: string, label: string, input: HTMLElement, help: HTMLElement | null, err: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { text: label, attrs: { for: id } }), input, help, err);
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
