/**
 * A workspace as files: `workspace.json` (workspace, version records, rounds with pairs, surveys
 * with their respondents), `versions/NNNN/{nodes,edges}.jsonl`, `versions/NNNN/layout.json` (the
 * saved map positions, when the version has some) and `audit.jsonl`. `restoreWorkspace` reads them back into a store
 * so that exporting the restored workspace gives the same files.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join, basename, resolve } from 'node:path';
import { z } from 'zod';
import { DatasetMetaSchema, EdgeSchema, NodeSchema, type Dataset, VersionAggregateSchema } from '../model/index.ts';
import { SurveyAnswersSchema, SurveyConfigSchema } from '../model/survey.ts';
import type { SqlClient } from './adapter.ts';
import { zodIssues } from '../model/issue.ts';
import { audit, listAudit } from './audit.ts';
import { defaultActor, iso, isoOrNull, nowIso } from './clock.ts';
import { StoreError } from './errors.ts';
import type { Store } from './open.ts';
import { LeftOutSchema, PairStatusSchema, ROUND_STATUSES, RoundKindSchema, insertPairs, readPairs, roundFields, roundRows, storedConfig } from './rounds.ts';
import { ScoringInfoSchema } from '../model/partner-evaluation.ts';
import { listMaturity, listOutcomes, MaturityAssessmentSchema, PairOutcomeInputSchema } from './round-outcomes.ts';
import { layoutProblem } from './layouts.ts';
import { SURVEY_SQL, type SurveyRow, toInfo } from './surveys.ts';
import { ensureFreeSpace, estimateWriteBytes } from './space.ts';
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
  // Saved map positions (migration 006/009); absent in older exports. The positions are in versions/NNNN/layout.json.
  layout: z.object({ savedBy: z.string(), savedAt: Iso, inheritedFrom: z.number().int().positive().nullable() }).nullable().default(null),
  // Reduced to its aggregate by retention (migration 010): no nodes or edges in its files; absent in older exports.
  pruned: z.object({ at: Iso, aggregate: VersionAggregateSchema }).nullable().default(null),
});

/** versions/NNNN/layout.json: Float32 x,y pairs in the version's node order, as the layout API sends them. */
const LayoutFileSchema = z.object({
  encoding: z.literal('float32le-xy-base64'),
  positions: z.string().regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'base64 text'),
});

const RespondentRecordSchema = z.object({
  node: z.string().min(1),
  // Only the SHA-256 of a link is stored: carried over, links already sent keep working after a restore into another store.
  tokenHash: z.string().nullable(),
  linkExpires: Iso.nullable(),
  revoked: z.boolean(),
  state: z.enum(['pending', 'draft', 'submitted']),
  answers: SurveyAnswersSchema.nullable(),
  updatedAt: Iso.nullable(),
  submittedAt: Iso.nullable(),
});

const SurveyRecordSchema = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  config: SurveyConfigSchema,
  // Keys the roster: respondents' saved answers name roster keys derived from it.
  secret: z.string().min(1),
  baseVersion: z.number().int().positive().nullable(),
  status: z.enum(['open', 'closed']),
  createdBy: z.string(),
  createdAt: Iso,
  expiresAt: Iso,
  closedBy: z.string().nullable(),
  closedAt: Iso.nullable(),
  closedVersion: z.number().int().positive().nullable(),
  respondents: z.array(RespondentRecordSchema),
});
type SurveyRecord = z.infer<typeof SurveyRecordSchema>;

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
  /** Partnership rounds: how the pairs were scored; absent in older exports and where it was not recorded. */
  scoring: ScoringInfoSchema.optional(),
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
  // Relationship surveys (migration 005); absent in older exports.
  surveys: z.array(SurveyRecordSchema).default([]),
  // Persons of pruned versions that rounds still name (migration 010): pseudonymised and erasable after a restore too.
  prunedPersons: z.array(z.object({ id: z.string().min(1), label: z.string().nullable() })).default([]),
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
export async function exportWorkspace(
  store: Store,
  workspace: string,
  dir: string,
): Promise<{ dir: string; versions: number; rounds: number; audit: number; layouts: number; surveys: number }> {
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
        pruned_at: unknown;
        aggregate: unknown;
      }>(
        'SELECT id, number, meta, report, author, message, origin, node_count, edge_count, created_at, pruned_at, aggregate FROM dataset_versions WHERE workspace_id = $1 ORDER BY number',
        [ws.id],
      );
      const layouts = new Map<number, WorkspaceManifest['versions'][number]['layout']>();
      for (const v of versions) {
        const ds = v.pruned_at ? { nodes: [], edges: [] } : await readVersionDataset(tx, v.id, v.meta);
        mkdirSync(join(tmp, versionDir(v.number)), { recursive: true });
        writeFileSync(join(tmp, versionDir(v.number), 'nodes.jsonl'), jsonl(ds.nodes));
        writeFileSync(join(tmp, versionDir(v.number), 'edges.jsonl'), jsonl(ds.edges));
        const [l] = await tx.query<{ positions: Uint8Array; saved_by: string; saved_at: unknown; inherited_from: number | null }>(
          'SELECT positions, saved_by, saved_at, inherited_from FROM version_layouts WHERE version_id = $1 AND node_count = $2',
          [v.id, v.node_count],
        );
        if (!l) continue;
        const file = {
          encoding: 'float32le-xy-base64',
          positions: Buffer.from(l.positions.buffer, l.positions.byteOffset, l.positions.byteLength).toString('base64'),
        };
        writeFileSync(join(tmp, versionDir(v.number), 'layout.json'), JSON.stringify(file) + '\n');
        layouts.set(v.number, { savedBy: l.saved_by, savedAt: iso(l.saved_at), inheritedFrom: l.inherited_from ?? null });
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
          layout: layouts.get(v.number) ?? null,
          pruned: v.pruned_at ? { at: iso(v.pruned_at), aggregate: VersionAggregateSchema.parse(v.aggregate) } : null,
        })),
        prunedPersons: await tx.query<{ id: string; label: string | null }>(
          'SELECT node_id AS id, label FROM pruned_persons WHERE workspace_id = $1 ORDER BY node_id',
          [ws.id],
        ),
        rounds: [],
        maturity: await listMaturity({ db: tx } as Store, w.name),
        surveys: await surveyRecords(tx, w.name, ws.id),
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
      return { versions: versions.length, rounds: rounds.length, audit: entries.length, layouts: layouts.size, surveys: manifest.surveys.length };
    });
    if (existsSync(target)) rmdirSync(target);
    renameSync(tmp, target);
    return { dir: target, ...summary };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Every survey of the workspace with its respondents, in number order (for the manifest). */
async function surveyRecords(tx: SqlClient, workspace: string, workspaceId: number): Promise<SurveyRecord[]> {
  const rows = await tx.query<SurveyRow>(`${SURVEY_SQL} WHERE s.workspace_id = $1 ORDER BY s.number`, [workspaceId]);
  const out: SurveyRecord[] = [];
  for (const r of rows) {
    const people = await tx.query<{
      node_id: string;
      token_hash: string | null;
      link_expires: unknown;
      revoked: boolean;
      state: 'pending' | 'draft' | 'submitted';
      answers: unknown;
      updated_at: unknown;
      submitted_at: unknown;
    }>(
      'SELECT node_id, token_hash, link_expires, revoked, state, answers, updated_at, submitted_at FROM survey_respondents WHERE survey_id = $1 ORDER BY node_id',
      [r.id],
    );
    // The survey as the app shows it (its counts are recomputed on restore), plus the secret that keys its roster.
    const { workspace: _ws, respondents: _count, submitted: _submitted, ...info } = toInfo(workspace, r);
    out.push({
      ...info,
      secret: r.secret,
      respondents: people.map((p) => ({
        node: p.node_id,
        tokenHash: p.token_hash,
        linkExpires: isoOrNull(p.link_expires),
        revoked: p.revoked,
        state: p.state,
        answers: p.answers === null ? null : SurveyAnswersSchema.parse(p.answers),
        updatedAt: isoOrNull(p.updated_at),
        submittedAt: isoOrNull(p.submitted_at),
      })),
    });
  }
  return out;
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
): Promise<{ name: string; versions: number; rounds: number; audit: number; layouts: number; surveys: number; linksDropped: number }> {
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
  const layouts = new Map<number, Uint8Array>();
  for (const v of m.versions) {
    const base = join(dir, versionDir(v.number));
    const nodes = readJsonl(join(base, 'nodes.jsonl'), NodeSchema, errors);
    const edges = readJsonl(join(base, 'edges.jsonl'), EdgeSchema, errors);
    if (v.pruned ? nodes.length || edges.length : nodes.length !== v.nodeCount || edges.length !== v.edgeCount) {
      errors.push(`${base}: expected ${v.nodeCount} nodes and ${v.edgeCount} edges (workspace.json), found ${nodes.length} and ${edges.length}`);
    }
    datasets.set(v.number, { meta: v.meta, nodes, edges });
    if (v.layout) {
      const file = join(base, 'layout.json');
      const bytes = readLayoutFile(file, errors);
      const why = bytes && layoutProblem(bytes, v.nodeCount);
      if (why) errors.push(`${file}: ${why}`);
      else if (bytes) layouts.set(v.number, bytes);
    }
  }
  const entries = readJsonl(join(dir, 'audit.jsonl'), AuditRecordSchema, errors);
  const numbers = new Set(m.versions.map((v) => v.number));
  for (const r of m.rounds) {
    if (!numbers.has(r.version)) errors.push(`${manifestFile}: round ${r.number} refers to version ${r.version}, which is not in the export`);
    if (r.acceptedVersion !== null && !numbers.has(r.acceptedVersion))
      errors.push(`${manifestFile}: round ${r.number} was accepted into version ${r.acceptedVersion}, which is not in the export`);
  }
  for (const sv of m.surveys)
    for (const [what, n] of [
      ['is based on', sv.baseVersion],
      ['was closed into', sv.closedVersion],
    ] as const)
      if (n !== null && !numbers.has(n)) errors.push(`${manifestFile}: survey ${sv.number} ${what} version ${n}, which is not in the export`);
  if (errors.length) throw new StoreError(`cannot restore ${dir}:\n${errors.join('\n')}`, 'invalid');
  // Like an import, before anything is written: a disk that fills mid-write leaves PGlite unable to open.
  await ensureFreeSpace(
    store,
    [...datasets.values()].reduce((sum, d) => sum + estimateWriteBytes(d), 0),
  );

  const actor = options.actor ?? defaultActor();
  let linksDropped = 0;
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
      if (v.pruned)
        await tx.query('UPDATE dataset_versions SET packed = NULL, node_count = $2, edge_count = $3, pruned_at = $4, aggregate = $5 WHERE id = $1', [
          id,
          v.nodeCount,
          v.edgeCount,
          v.pruned.at,
          JSON.stringify(v.pruned.aggregate),
        ]);
      const layout = layouts.get(v.number);
      if (v.layout && layout)
        await tx.query('INSERT INTO version_layouts (version_id, node_count, positions, saved_by, saved_at, inherited_from) VALUES ($1, $2, $3, $4, $5, $6)', [
          id,
          v.nodeCount,
          layout,
          v.layout.savedBy,
          v.layout.savedAt,
          v.layout.inheritedFrom,
        ]);
    }
    for (const p of m.prunedPersons)
      await tx.query('INSERT INTO pruned_persons (workspace_id, node_id, label) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [ws.id, p.id, p.label]);
    linksDropped = await insertSurveys(tx, ws.id, m.surveys, versionIds);
    for (const r of m.rounds) {
      const [{ id }] = await tx.query<{ id: number }>(
        `INSERT INTO match_rounds (workspace_id, number, kind, name, config, version_id, status, created_by, created_at, accepted_by, accepted_at, accepted_version_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          ws.id,
          r.number,
          r.kind,
          r.name,
          JSON.stringify(r.scoring ? storedConfig(r.config, r.scoring) : (r.config ?? null)),
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
      { name, from: resolve(dir), exportedAs: m.name, versions: m.versions.length, rounds: m.rounds.length, surveys: m.surveys.length, linksDropped },
      nowIso(),
    );
  });
  return { name, versions: m.versions.length, rounds: m.rounds.length, audit: entries.length, layouts: layouts.size, surveys: m.surveys.length, linksDropped };
}

function readLayoutFile(file: string, errors: string[]): Uint8Array | null {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    errors.push(`${file}: cannot read the saved layout (${(e as Error).message})`);
    return null;
  }
  const r = LayoutFileSchema.safeParse(raw);
  if (!r.success) {
    errors.push(issuesText(file, r.error));
    return null;
  }
  const b = Buffer.from(r.data.positions, 'base64');
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Writes the export's surveys and respondents. A link hash already in this store (the export restored
 * next to its original) is left out: that respondent needs a new link. Returns how many were left out.
 */
async function insertSurveys(tx: SqlClient, workspaceId: number, surveys: readonly SurveyRecord[], versionIds: ReadonlyMap<number, number>): Promise<number> {
  const hashes = surveys.flatMap((sv) => sv.respondents.map((p) => p.tokenHash).filter((h): h is string => h !== null));
  const taken = new Set(
    hashes.length
      ? (await tx.query<{ token_hash: string }>('SELECT token_hash FROM survey_respondents WHERE token_hash = ANY($1::text[])', [hashes])).map(
          (r) => r.token_hash,
        )
      : [],
  );
  const versionId = (n: number | null) => (n === null ? null : versionIds.get(n));
  for (const sv of surveys) {
    const [{ id }] = await tx.query<{ id: number }>(
      `INSERT INTO surveys (workspace_id, number, title, config, secret, base_version_id, status, created_by, created_at, expires_at, closed_by, closed_at, closed_version_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        workspaceId,
        sv.number,
        sv.title,
        JSON.stringify(sv.config),
        sv.secret,
        versionId(sv.baseVersion),
        sv.status,
        sv.createdBy,
        sv.createdAt,
        sv.expiresAt,
        sv.closedBy,
        sv.closedAt,
        versionId(sv.closedVersion),
      ],
    );
    for (const p of sv.respondents) {
      const dropped = p.tokenHash !== null && taken.has(p.tokenHash);
      await tx.query(
        `INSERT INTO survey_respondents (survey_id, node_id, token_hash, link_expires, revoked, state, answers, updated_at, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          id,
          p.node,
          dropped ? null : p.tokenHash,
          dropped ? null : p.linkExpires,
          p.revoked,
          p.state,
          p.answers === null ? null : JSON.stringify(p.answers),
          p.updatedAt,
          p.submittedAt,
        ],
      );
    }
  }
  return hashes.filter((h) => taken.has(h)).length;
}

export { listAudit };
