import { z } from 'zod';
import { optionFields, parsePairs, shownDefault, splitList } from '../model/option-fields.ts';
import { BoolQuery } from './routes/common.ts';

/**
 * Query parameters derived from an options schema (zod), as the CLI's flags are
 * (src/cli/schema-options.ts): each key is a parameter (or the name given in `names`), its
 * description is the schema's `.describe()` with the schema's default, and the value, a string in
 * the query, is converted (numbers, true/false, comma-separated lists) and then checked by the
 * field's own schema (records from `key=value,key=value`), so the API accepts exactly what the library does. Every parameter is
 * optional: an absent one takes the library's default when the options are parsed.
 */
export function queryFromSchema<
  S extends Record<string, z.ZodType>,
  K extends keyof S & string,
  N extends Partial<Record<K, string>> = Partial<Record<K, string>>,
>(schema: z.ZodObject<S>, keys: readonly K[], names: N = {} as N): z.ZodObject<QueryShape<S, K, N>> {
  const shape: Record<string, z.ZodType> = {};
  for (const f of optionFields(schema, keys)) {
    const describe = `${f.description ?? f.key}${shownDefault(f.default)}`;
    const param =
      f.kind === 'number'
        ? z
            .string()
            .regex(/^-?[0-9]*\.?[0-9]+(e[-+]?[0-9]+)?$/i, 'a number')
            .transform(Number)
            .pipe(f.base as z.ZodType<number, number>)
        : f.kind === 'boolean'
          ? BoolQuery
          : f.kind === 'array'
            ? z
                .string()
                .transform(splitList)
                .pipe(f.base as z.ZodType<string[], string[]>)
            : f.kind === 'record'
              ? z
                  .string()
                  .transform((s, ctx) => {
                    const pairs = parsePairs(s);
                    if (typeof pairs !== 'string') return pairs;
                    ctx.addIssue({ code: 'custom', message: pairs });
                    return z.NEVER;
                  })
                  .pipe(f.base as z.ZodType<Record<string, number>, Record<string, number>>)
              : f.base;
    shape[names[f.key as K] ?? f.key] = param.optional().describe(describe);
  }
  return z.object(shape) as unknown as z.ZodObject<QueryShape<S, K, N>>;
}

/** Each parameter: a query string in, the field's parsed value out (or absent). */
type QueryShape<S extends Record<string, z.ZodType>, K extends keyof S & string, N extends Partial<Record<K, string>>> = {
  [P in K as N[P] extends string ? N[P] : P]: z.ZodOptional<z.ZodType<Exclude<z.output<S[P]>, undefined>, string>>;
};

/** The parsed query → the library's option keys (renamed parameters back to their keys), absent ones left out. */
export function optionsFromQuery<S extends Record<string, z.ZodType>>(
  query: Record<string, unknown>,
  keys: readonly (keyof S & string)[],
  names: Partial<Record<keyof S & string, string>> = {},
): Partial<z.input<z.ZodObject<S>>> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const v = query[names[key] ?? key];
    if (v !== undefined) out[key] = v;
  }
  return out as Partial<z.input<z.ZodObject<S>>>;
}
