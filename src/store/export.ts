/**
 * A workspace as files: `workspace.json` (workspace, version records, rounds with pairs),
 * `versions/NNNN/{nodes,edges}.jsonl` and `audit.jsonl`. `restoreWorkspace` reads them back into a store
 * so that exporting the restored workspace gives the same files.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join, basename, resolve } from 'node:path';
import { z } from 'zod';
import { DatasetMetaSchema, EdgeSchema, NodeSchema, type Dataset } from '../model/index.ts';
import { zodIssues } from '../model/issue.ts';
import { audit, listAudit } from './audit.ts';
import { defaultActor, iso, nowIso } from './clock.ts';
import { StoreError } from './errors.ts';
import type { Store } from './open.ts';
import { LeftOutSchema, PairStatusSchema, ROUND_STATUSES, RoundKindSchema, insertPairs, readPairs, roundFields, roundRows } from './rounds.ts';
import { listMaturity, listOutcomes, MaturityAssessmentSchema, PairOutcomeInputSchema } from './round-outcomes.ts';
import { insertVersion, readVersionDataset, type VersionOrigin } from './versions.ts';
import { findWorkspace, insertWorkspace, validateWorkspaceName } from './workspaces.ts';

export const EXPORT_FORMAT = 'hubgraph-workspace';
export const EXPORT_FORMAT_VERSION = 1;

const Iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO timestamp');

const VersionRecordSchema = z.object({
  number: z.number().int().positive(),
  meta: DatasetMetaSchema,
  report: z.unknown(),
  author: z.string(),
  message: z.string().nullable(),
  origin: z.record(z.string(), z.unknown()),
  nodeCount: z.number().int().min(0),
  edgeCount: z.number().int().min(0),
  createdAt: Iso,
});

const PairRecordSchema = z.object({
  left: z.string().min(1),
  right: z.string().min(1),
  score: z.number(),
  explanation: z.unknown(),
  status: PairStatusSchema,
  changedBy: z.string(),
  changedAt: Iso,
});

const RoundRecordSchema = z.object({
  number: z.number().int().positive(),
  kind: RoundKindSchema,
  name: z.string().nullable(),
  config: z.unknown(),
  version: z.number().int().positive(),
  status: z.enum(ROUND_STATUSES),
  createdBy: z.string(),
  createdAt: Iso,
  acceptedBy: z.string().nullable(),
  acceptedAt: Iso.nullable(),
  acceptedVersion: z.number().int().positive().nullable(),
  pairs: z.array(PairRecordSchema),
  // Round lifecycle (migration 003); absent in older exports.
  revertedBy: z.string().nullable().default(null),
  revertedAt: Iso.nullable().default(null),
  revertedVersion: z.number().int().positive().nullable().default(null),
  leftOut: z.array(LeftOutSchema).default([]),
  outcomes: z.array(PairOutcomeInputSchema.extend({ recordedBy: z.string(), recordedAt: Iso })).default([]),
});

export const WorkspaceManifestSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  formatVersion: z.literal(EXPORT_FORMAT_VERSION),
  name: z.string(),
  description: z.string().nullable(),
  createdBy: z.string(),
  createdAt: Iso,
  versions: z.array(VersionRecordSchema),
  rounds: z.array(RoundRecordSchema),
  maturity: z.array(MaturityAssessmentSchema).default([]),
});
export type WorkspaceManifest = z.infer<typeof WorkspaceManifestSchema>;

const AuditRecordSchema = z.object({ at: Iso, actor: z.string(), action: z.string(), details: z.record(z.string(), z.unknown()) });

const versionDir = (n: number) => join('versions', String(n).padStart(4, '0'));

function jsonl(items: readonly unknown[]): string {
  const out = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = JSON.stringify(items[i]);
  return out.length ? out.join('\n') + '\n' : '';
}

/** True when `dir` holds a workspace export (so `workspace import` restores instead of importing a dataset). */
export function isWorkspaceExport(dir: string): boolean {
  return existsSync(join(dir, 'workspace.json'));
}

/**
 * Writes the workspace to `dir` (which must not exist, or be empty). Everything is read in one
 * repeatable-read transaction, written to a sibling temp dir and renamed into place: no half-written export.
 */
export async function exportWorkspace(store: Store, workspace: string, dir: string): Promise<{ dir: string; versions: number; rounds: number; audit: number }> {
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).length) throw new StoreError(`${target} exists and is not empty: export needs a new or empty directory`);
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const summary = await store.db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const ws = await findWorkspace(tx, workspace);
      const [w] = await tx.query<{ name: string; description: string | null; created_by: string; created_at: unknown }>(
        'SELECT name, description, created_by, created_at FROM workspaces WHERE id = $1',
        [ws.id],
      );
      const versions = await tx.query<{
        id: number;
        number: number;
        meta: Dataset['meta'];
        report: unknown;
        author: string;
        message: string | null;
        origin: Record<string, unknown>;
        node_count: number;
        edge_count: number;
        created_at: unknown;
      }>(
        'SELECT id, number, meta, report, author, message, origin, node_count, edge_count, created_at FROM dataset_versions WHERE workspace_id = $1 ORDER BY number',
        [ws.id],
      );
      for (const v of versions) {
        const ds = await readVersionDataset(tx, v.id, v.meta);
        mkdirSync(join(tmp, versionDir(v.number)), { recursive: true });
        writeFileSync(join(tmp, versionDir(v.number), 'nodes.jsonl'), jsonl(ds.nodes));
        writeFileSync(join(tmp, versionDir(v.number), 'edges.jsonl'), jsonl(ds.edges));
      }
      const rounds = await roundRows(tx, ws.id);
      const manifest: WorkspaceManifest = {
        format: EXPORT_FORMAT,
        formatVersion: EXPORT_FORMAT_VERSION,
        name: w.name,
        description: w.description,
        createdBy: w.created_by,
        createdAt: iso(w.created_at),
        versions: versions.map((v) => ({
          number: v.number,
          meta: v.meta,
          report: v.report,
          author: v.author,
          message: v.message,
          origin: v.origin,
          nodeCount: v.node_count,
          edgeCount: v.edge_count,
          createdAt: iso(v.created_at),
        })),
        rounds: [],
        maturity: await listMaturity({ db: tx } as Store, w.name),
      };
      for (const r of rounds) {
        manifest.rounds.push({
          ...roundFields(r),
          pairs: await readPairs(tx, r.id),
          leftOut: r.left_out ?? [],
          outcomes: (await listOutcomes({ db: tx } as Store, w.name, r.number)).map(({ round: _r, ...o }) => o),
        });
      }
      const entries = await tx.query<{ at: unknown; actor: string; action: string; details: Record<string, unknown> }>(
        'SELECT at, actor, action, details FROM audit_log WHERE workspace_id = $1 ORDER BY id',
        [ws.id],
      );
      writeFileSync(join(tmp, 'audit.jsonl'), jsonl(entries.map((e) => ({ at: iso(e.at), actor: e.actor, action: e.action, details: e.details }))));
      writeFileSync(join(tmp, 'workspace.json'), JSON.stringify(manifest, null, 2) + '\n');
      return { versions: versions.length, rounds: rounds.length, audit: entries.length };
    });
    if (existsSync(target)) rmdirSync(target);
    renameSync(tmp, target);
    return { dir: target, ...summary };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

function issuesText(file: string, err: z.ZodError, line?: number): string {
  return zodIssues(err)
    .map((i) => `${file}${line ? ` line ${line}` : ''}${i.path ? ` at ${i.path}` : ''}: ${i.message}`)
    .join('\n');
}

function readJsonl<T>(file: string, schema: z.ZodType<T>, errors: string[]): T[] {
  if (!existsSync(file)) {
    errors.push(`${file}: missing`);
    return [];
  }
  const text = readFileSync(file, 'utf8');
  const out: T[] = [];
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    if (!raw) continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      errors.push(`${file} line ${line}: not JSON (${(e as Error).message})`);
      continue;
    }
    const r = schema.safeParse(value);
    if (r.success) out.push(r.data);
    else if (errors.length < 50) errors.push(issuesText(file, r.error, line));
  }
  return out;
}

/**
 * Restores an export into a new workspace (named as exported, or `name`): every version, round, pair
 * status and audit entry with its original authors and times. Validates all files first, then writes in
 * one transaction. The restore itself is recorded in the store-wide audit log.
 */
export async function restoreWorkspace(
  store: Store,
  dir: string,
  options: { name?: string; actor?: string } = {},
): Promise<{ name: string; versions: number; rounds: number; audit: number }> {
  const manifestFile = join(dir, 'workspace.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch (e) {
    throw new StoreError(`${manifestFile}: cannot read a workspace export (${(e as Error).message})`, 'invalid');
  }
  const parsed = WorkspaceManifestSchema.safeParse(raw);
  if (!parsed.success) throw new StoreError(issuesText(manifestFile, parsed.error), 'invalid');
  const m = parsed.data;
  const name = validateWorkspaceName(options.name ?? m.name);
  const errors: string[] = [];
  const datasets = new Map<number, Dataset>();
  for (const v of m.versions) {
    const base = join(dir, versionDir(v.number));
    const nodes = readJsonl(join(base, 'nodes.jsonl'), NodeSchema, errors);
    const edges = readJsonl(join(base, 'edges.jsonl'), EdgeSchema, errors);
    if (nodes.length !== v.nodeCount || edges.length !== v.edgeCount) {
      errors.push(`${base}: expected ${v.nodeCount} nodes and ${v.edgeCount} edges (workspace.json), found ${nodes.length} and ${edges.length}`);
    }
    datasets.set(v.number, { meta: v.meta, nodes, edges });
  }
  const entries = readJsonl(join(dir, 'audit.jsonl'), AuditRecordSchema, errors);
  const numbers = new Set(m.versions.map((v) => v.number));
  for (const r of m.rounds) {
    if (!numbers.has(r.version)) errors.push(`${manifestFile}: round ${r.number} refers to version ${r.version}, which is not in the export`);
    if (r.acceptedVersion !== null && !numbers.has(r.acceptedVersion))
      errors.push(`${manifestFile}: round ${r.number} was accepted into version ${r.acceptedVersion}, which is not in the export`);
  }
  if (errors.length) throw new StoreError(`cannot restore ${dir}:\n${errors.join('\n')}`, 'invalid');

  const actor = options.actor ?? defaultActor();
  await store.db.transaction(async (tx) => {
    const ws = await insertWorkspace(tx, name, { description: m.description, createdBy: m.createdBy, createdAt: m.createdAt });
    const versionIds = new Map<number, number>();
    for (const v of m.versions) {
      const id = await insertVersion(tx, ws, v.number, datasets.get(v.number)!, {
        report: v.report,
        author: v.author,
        message: v.message,
        origin: v.origin as VersionOrigin,
        createdAt: v.createdAt,
        // A restore brings the layouts the export holds, not ones carried over from earlier versions.
        layout: 'none',
      });
      versionIds.set(v.number, id);
    }
    for (const r of m.rounds) {
      const [{ id }] = await tx.query<{ id: number }>(
        `INSERT INTO match_rounds (workspace_id, number, kind, name, config, version_id, status, created_by, created_at, accepted_by, accepted_at, accepted_version_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          ws.id,
          r.number,
          r.kind,
          r.name,
          JSON.stringify(r.config ?? null),
          versionIds.get(r.version),
          r.status,
          r.createdBy,
          r.createdAt,
          r.acceptedBy,
          r.acceptedAt,
          r.acceptedVersion === null ? null : versionIds.get(r.acceptedVersion),
        ],
      );
      await insertPairs(tx, id, r.pairs);
      await tx.query('UPDATE match_rounds SET reverted_by = $2, reverted_at = $3, reverted_version_id = $4, left_out = $5 WHERE id = $1', [
        id,
        r.revertedBy,
        r.revertedAt,
        r.revertedVersion === null ? null : versionIds.get(r.revertedVersion),
        JSON.stringify(r.leftOut),
      ]);
      for (const o of r.outcomes) {
        await tx.query(
          'INSERT INTO pair_outcomes (round_id, left_id, right_id, met, rating, note, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
          [id, o.left, o.right, o.met, o.rating ?? null, o.note ?? null, o.recordedBy, o.recordedAt],
        );
      }
    }
    for (const a of m.maturity) {
      await tx.query('INSERT INTO maturity_assessments (workspace_id, node_id, assessed_on, value, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        ws.id,
        a.node,
        a.date,
        a.value,
        a.recordedBy,
        a.recordedAt,
      ]);
    }
    await tx.insertMany(
      'audit_log',
      [
        { name: 'workspace_id', type: 'int' },
        { name: 'at', type: 'timestamptz' },
        { name: 'actor', type: 'text' },
        { name: 'action', type: 'text' },
        { name: 'details', type: 'jsonb' },
      ],
      [
        entries.map(() => ws.id),
        entries.map((e) => e.at),
        entries.map((e) => e.actor),
        entries.map((e) => e.action),
        entries.map((e) => JSON.stringify(e.details)),
      ],
    );
    await audit(
      tx,
      null,
      actor,
      'workspace.restore',
      { name, from: resolve(dir), exportedAs: m.name, versions: m.versions.length, rounds: m.rounds.length },
      nowIso(),
    );
  });
  return { name, versions: m.versions.length, rounds: m.rounds.length, audit: entries.length };
}

export { listAudit };
