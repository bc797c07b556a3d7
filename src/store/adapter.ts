/**
 * The one small interface the store is written against. Two engines implement it (embedded PGlite,
 * a PostgreSQL server through `pg`); everything above it is one code path in one SQL dialect.
 */

/** Column of a bulk insert: its name and the PostgreSQL type its values are cast to. */
export interface BulkColumn {
  name: string;
  type: 'text' | 'int' | 'bigint' | 'float8' | 'jsonb' | 'timestamptz' | 'bool';
}

/** A value as stored: jsonb columns take already-serialised JSON text. */
export type BulkValue = string | number | boolean | null;

export interface SqlClient {
  /** Runs one statement with `$1…` parameters; rows as objects keyed by column name. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Set-based insert of many rows given column by column (`columns[i]` ↔ `values[i]`, all of equal length):
   * COPY on PGlite, multi-row `INSERT … SELECT FROM unnest(arrays)` on a server. Never a query per row.
   */
  insertMany(table: string, columns: readonly BulkColumn[], values: readonly (readonly BulkValue[])[]): Promise<void>;
  /**
   * Reads a large result as rows of text (PostgreSQL text output; NULL → null), the fastest way each engine has.
   * `sql` must be a plain SELECT without parameters (literals only; callers interpolate integers, never user text).
   */
  selectText(sql: string): Promise<(string | null)[][]>;
}

export interface SqlAdapter extends SqlClient {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
/** Table and column names are ours, never user input; still, refuse anything that is not a plain identifier. */
export function assertIdent(name: string): string {
  if (!IDENT.test(name)) throw new Error(`not a plain SQL identifier: ${JSON.stringify(name)}`);
  return name;
}

export function checkColumns(columns: readonly BulkColumn[], values: readonly (readonly BulkValue[])[]): number {
  if (columns.length !== values.length) throw new Error(`insertMany: ${columns.length} columns but ${values.length} value arrays`);
  const n = values.length ? values[0].length : 0;
  for (let i = 0; i < values.length; i++) {
    assertIdent(columns[i].name);
    if (values[i].length !== n) throw new Error(`insertMany: column ${columns[i].name} has ${values[i].length} values, expected ${n}`);
  }
  return n;
}
