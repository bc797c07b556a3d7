import { Option, type Command } from 'commander';
import { z } from 'zod';
import { zodIssues } from '../model/issue.ts';
import { type OptionField, optionFields, parsePairs, shownDefault, splitList } from '../model/option-fields.ts';
import { UsageError } from './output.ts';

/**
 * Command-line flags derived from an options schema (zod): each key becomes `--kebab-key`, its help
 * text is the schema's `.describe()` and the default shown is the schema's `.default()`, so a flag's
 * help cannot disagree with what the library does. Booleans become switches (`--no-key` when the
 * default is true); numbers, strings and enums take a value; arrays of enums a comma-separated list;
 * records (enum → number) `key=value,key=value`.
 */

type Shape = Record<string, z.ZodType>;

export interface FlagOverride {
  /** The flag name without dashes, when it is not the kebab-case key (e.g. `tries` for `louvainTries`). */
  flag?: string;
  /** The value placeholder (default: the kebab-case key or, for numbers, `n`). */
  value?: string;
}

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function flagName(key: string, o?: FlagOverride): string {
  return o?.flag ?? kebab(key);
}

/** Adds one option per key of `schema` listed in `keys` (in that order) to `cmd`. */
export function addSchemaOptions<S extends Shape>(
  cmd: Command,
  schema: z.ZodObject<S>,
  keys: (keyof S & string)[],
  overrides: Partial<Record<keyof S & string, FlagOverride>> = {},
): Command {
  for (const f of optionFields(schema, keys)) {
    const name = flagName(f.key, overrides[f.key as keyof S & string]);
    const help = f.description ?? f.key;
    const shown = shownDefault(f.default);
    const value =
      overrides[f.key as keyof S & string]?.value ?? (f.kind === 'number' ? 'n' : f.kind === 'array' ? 'list' : f.kind === 'record' ? 'key=n,…' : name);
    const option =
      f.kind !== 'boolean'
        ? new Option(`--${name} <${value}>`, `${help}${shown}`)
        : f.default === true
          ? new Option(`--no-${name}`, `${help}${shown}; --no-${name} turns it off`)
          : new Option(`--${name}`, help);
    if (f.kind === 'enum' && f.choices) option.choices(f.choices);
    cmd.addOption(option);
  }
  return cmd;
}

/**
 * Parsed flags → the options object for `schema` (only the keys given on the command line), checked
 * against the schema; a problem is a UsageError naming the flag.
 */
export function optionsFromFlags<S extends Shape>(
  schema: z.ZodObject<S>,
  keys: (keyof S & string)[],
  flags: Record<string, unknown>,
  overrides: Partial<Record<keyof S & string, FlagOverride>> = {},
): Partial<z.input<z.ZodObject<S>>> {
  const out: Record<string, unknown> = {};
  const flagOf = new Map<string, string>();
  for (const f of optionFields(schema, keys)) {
    const key = f.key;
    const name = flagName(key, overrides[key as keyof S & string]);
    flagOf.set(key, name);
    const prop = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const raw = flags[prop];
    if (raw === undefined) continue;
    const k = f.kind;
    if (k === 'number') {
      const x = Number(raw);
      if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(x)) throw new UsageError(`--${name} "${String(raw)}": expected a number`);
      out[key] = x;
    } else if (k === 'array') {
      const items = splitList(String(raw));
      const unknown = f.choices ? items.filter((x) => !f.choices!.includes(x)) : [];
      if (unknown.length) throw new UsageError(`--${name}: unknown ${unknown.join(', ')}; expected some of ${f.choices!.join(', ')}`);
      out[key] = items;
    } else if (k === 'record') {
      const pairs = parsePairs(String(raw));
      if (typeof pairs === 'string') throw new UsageError(`--${name} ${pairs}`);
      const unknown = Object.keys(pairs).filter((x) => !f.choices!.includes(x));
      if (unknown.length) throw new UsageError(`--${name}: unknown ${unknown.join(', ')}; expected some of ${f.choices!.join(', ')}`);
      out[key] = pairs;
    } else out[key] = raw;
  }
  const parsed = schema.safeParse(out);
  if (!parsed.success) {
    const [issue] = zodIssues(parsed.error);
    const key = issue.path?.split('.')[0] ?? '';
    const flag = `--${flagOf.get(key) ?? kebab(key)}`;
    // A required setting not given reads as such, not as zod's "expected string, received undefined".
    if (out[key] === undefined && !key.includes('.')) throw new UsageError(`${flag} is required: ${schema.shape[key]?.description ?? issue.expected}`);
    throw new UsageError(`${flag}: ${issue.message}`);
  }
  return out as Partial<z.input<z.ZodObject<S>>>;
}

/**
 * Only the options the user typed (commander's value source `cli`), without defaults: flags that
 * override a config file must leave the file's values alone when not given (a `--no-x` switch
 * defaults to true in commander, which would otherwise always override the file).
 */
export function givenOnCommandLine(cmd: Command): Record<string, unknown> {
  return Object.fromEntries(Object.entries(cmd.opts()).filter(([prop]) => cmd.getOptionValueSource(prop) === 'cli'));
}

/** A command's schema-derived options: the command module exports it, and test/cli/schema-flags.test.ts checks every field has its flag. */
export interface SchemaFlags<S extends Shape> {
  schema: z.ZodObject<S>;
  keys: (keyof S & string)[];
  overrides?: Partial<Record<keyof S & string, FlagOverride>>;
}

/** `SchemaFlags` with its keys checked against the schema (a helper for type inference). */
export function schemaFlags<S extends Shape>(spec: SchemaFlags<S>): SchemaFlags<S> {
  return spec;
}

type FieldDef = { type: string; innerType?: z.ZodType; element?: z.ZodType };
const fieldDef = (s: z.ZodType): FieldDef => (s as unknown as { _zod: { def: FieldDef } })._zod.def;

/**
 * The keys of `schema` that a flag can carry, in schema order: what `optionFields` accepts, less
 * arrays of anything but enums or strings (id pairs, objects: config-file only). For
 * commands that take every such field, so a field added to the schema gets its flag without a list to update.
 */
export function flagKeys<S extends Shape>(schema: z.ZodObject<S>): (keyof S & string)[] {
  return (Object.keys(schema.shape) as (keyof S & string)[]).filter((key) => {
    let f: OptionField;
    try {
      [f] = optionFields(schema, [key]);
    } catch {
      return false;
    }
    if (f.kind !== 'array') return true;
    let el = fieldDef(f.base).element!;
    while (['optional', 'default', 'nullable'].includes(fieldDef(el).type)) el = fieldDef(el).innerType!;
    return ['enum', 'string'].includes(fieldDef(el).type);
  });
}

/**
 * Flags for a nested options object, such as the partner config's `learning`: every field a flag can
 * carry, at any depth, named by its path (`learning.horizonYears` → `--learning-horizon-years`,
 * `learning.trees.depth` → `--learning-trees-depth`), so a field added to the nested schema gets its
 * flag with no list to update. `flags` is an ordinary SchemaFlags over the flattened fields (the help
 * texts, defaults, choices and checks are the nested fields' own); `paths` maps each flat key back.
 */
export interface NestedFlags {
  flags: SchemaFlags<Shape>;
  paths: Record<string, readonly string[]>;
}

const camel = (path: readonly string[]): string => path.map((p, i) => (i ? p[0].toUpperCase() + p.slice(1) : p)).join('');

/** The object schema inside `.optional()` / `.default()` / `.prefault()`, or null when the field is no object. */
function objectOf(field: z.ZodType): z.ZodObject<Shape> | null {
  let s = field;
  while (['optional', 'default', 'nullable', 'prefault'].includes(fieldDef(s).type)) s = fieldDef(s).innerType!;
  return fieldDef(s).type === 'object' ? (s as z.ZodObject<Shape>) : null;
}

export function nestedSchemaFlags(schema: z.ZodObject<Shape>, path: readonly string[]): NestedFlags {
  const shape: Shape = {};
  const paths: Record<string, readonly string[]> = {};
  const walk = (o: z.ZodObject<Shape>, at: readonly string[]) => {
    for (const [key, field] of Object.entries(o.shape)) {
      const inner = objectOf(field);
      if (inner) walk(inner, [...at, key]);
      else {
        shape[camel([...at, key])] = field;
        paths[camel([...at, key])] = [...at, key];
      }
    }
  };
  walk(schema, path);
  const keys = flagKeys(z.object(shape));
  for (const k of Object.keys(paths)) if (!keys.includes(k)) delete paths[k];
  const flat = z.object(Object.fromEntries(keys.map((k) => [k, shape[k]])));
  // A value placeholder from the field's own name (`--learning-objective <objective>`), numbers and lists as usual.
  const overrides = Object.fromEntries(
    optionFields(flat, keys)
      .filter((f) => f.kind === 'enum' || f.kind === 'string')
      .map((f) => [f.key, { value: kebab(paths[f.key][paths[f.key].length - 1]) }]),
  );
  return { flags: { schema: flat, keys, overrides }, paths };
}

/** The nested flags typed on the command line as a nested options object (`{ learning: { objective } }`), checked; a problem names the flag. */
export function nestedOptionsFromFlags(n: NestedFlags, flags: Record<string, unknown>): Record<string, unknown> {
  const flat = optionsFromFlags(n.flags.schema, n.flags.keys, flags, n.flags.overrides) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const path = n.paths[key];
    let at = out;
    for (const p of path.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
    at[path[path.length - 1]] = value;
  }
  return out;
}
