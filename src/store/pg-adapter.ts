import pg from 'pg';
import { assertIdent, checkColumns, type BulkColumn, type BulkValue, type SqlAdapter, type SqlClient } from './adapter.ts';

/** Rows per INSERT … unnest statement: keeps each bind message a few MB. */
const UNNEST_CHUNK = 20_000;
const rawText = { getTypeParser: () => (v: string) => v };

interface Queryable {
  query: pg.Pool['query'];
}

function client(run: Queryable): SqlClient {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const res = await run.query(sql, params as unknown[]);
      return res.rows as R[];
    },
    async exec(sql: string) {
      await run.query(sql);
    },
    async insertMany(table: string, columns: readonly BulkColumn[], values: readonly (readonly BulkValue[])[]) {
      const n = checkColumns(columns, values);
      // Arrays travel as text[]/float8[]…; jsonb and timestamptz arrive as text and are cast per element.
      const arrayType = (c: BulkColumn) => (c.type === 'jsonb' || c.type === 'timestamptz' ? 'text' : c.type);
      const sql =
        `INSERT INTO ${assertIdent(table)} (${columns.map((c) => c.name).join(', ')}) ` +
        `SELECT ${columns.map((c, i) => `u.c${i}${arrayType(c) === c.type ? '' : `::${c.type}`}`).join(', ')} ` +
        `FROM unnest(${columns.map((c, i) => `$${i + 1}::${arrayType(c)}[]`).join(', ')}) AS u(${columns.map((_, i) => `c${i}`).join(', ')})`;
      for (let from = 0; from < n; from += UNNEST_CHUNK) {
        const to = Math.min(n, from + UNNEST_CHUNK);
        await run.query(
          sql,
          values.map((col) => col.slice(from, to)),
        );
      }
    },
    async selectText(sql: string) {
      const res = await run.query({ text: sql, rowMode: 'array', types: rawText });
      return res.rows as (string | null)[][];
    },
  };
}

export interface PgAdapterOptions {
  /** Schema to create (if missing) and use as search_path: lets test runs share one database without meeting. */
  schema?: string;
  max?: number;
}

export async function openPgAdapter(url: string, options: PgAdapterOptions = {}): Promise<SqlAdapter> {
  const schema = options.schema ? assertIdent(options.schema) : undefined;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 4,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // A failing idle client must not crash the process; the next query reports the problem.
  pool.on('error', () => {});
  try {
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    else await pool.query('SELECT 1');
  } catch (e) {
    await pool.end();
    throw new Error(`cannot connect to the PostgreSQL server at ${redact(url)}: ${(e as Error).message}`);
  }
  const base = client(pool);
  let closed = false;
  return {
    engine: 'postgres',
    ...base,
    async transaction(fn) {
      const conn = await pool.connect();
      try {
        await conn.query('BEGIN');
        const result = await fn(client(conn));
        await conn.query('COMMIT');
        return result;
      } catch (e) {
        await conn.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        conn.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
