import { z } from 'zod';
import { RoleSchema } from '../../model/vocabulary.ts';
import { IssueSchema } from '../../model/issue.ts';
export { PrunedVersionViewSchema, type PrunedVersionView } from '../../model/version-aggregate.ts';
import { ImportReportSchema, VersionSummarySchema } from './common.ts';

export const WorkspaceSchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  currentVersion: z.number().int().nullable(),
  versions: z.number().int(),
  rounds: z.number().int(),
});
export type Workspace = z.infer<typeof WorkspaceSchema>;
export const WorkspaceListSchema = z.object({ workspaces: z.array(WorkspaceSchema) });

export const VersionListSchema = z.object({ versions: z.array(VersionSummarySchema) });
export const ImportedSchema = z.object({ version: VersionSummarySchema, report: ImportReportSchema });
export type Imported = z.infer<typeof ImportedSchema>;
/** An imported version's report is an ImportReport; a version written by accepting a round reports {round, added, skipped}. */
export const AcceptReportSchema = z.object({
  round: z.number().int(),
  added: z.number().int(),
  skipped: z.array(z.object({ left: z.string(), right: z.string() })),
});
export const VersionDetailSchema = VersionSummarySchema.extend({ report: z.union([ImportReportSchema, AcceptReportSchema]).nullable() });
export type VersionDetail = z.infer<typeof VersionDetailSchema>;

const AttrValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** A dataset as the model writes it (`attrs` for columns outside the model). */
export const DatasetBodySchema = z.object({
  meta: z.record(z.string(), z.unknown()),
  nodes: z.array(z.object({ id: z.string(), type: z.string(), attrs: z.record(z.string(), AttrValue).optional() }).loose()),
  edges: z.array(
    z.object({ source: z.string(), target: z.string(), type: z.string(), weight: z.number(), attrs: z.record(z.string(), AttrValue).optional() }).loose(),
  ),
});

const NodeChange = z.object({ id: z.string(), fields: z.array(z.string()) });
const EdgeKey = z.object({ source: z.string(), target: z.string(), type: z.string() });
export const VersionDiffSchema = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    nodes: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(NodeChange) }).loose(),
    edges: z.object({ added: z.array(EdgeKey), removed: z.array(EdgeKey), changed: z.array(EdgeKey.extend({ fields: z.array(z.string()) })) }).loose(),
  })
  .loose();

export const AuditListSchema = z.object({
  entries: z.array(
    z.object({
      id: z.number(),
      workspace: z.string().nullable(),
      at: z.string(),
      actor: z.string(),
      action: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
});
export const TokenListSchema = z.object({
  tokens: z.array(
    z.object({
      name: z.string(),
      role: RoleSchema,
      createdAt: z.string(),
      lastUsedAt: z.string().nullable(),
      revoked: z.boolean(),
      revokedAt: z.string().nullable(),
    }),
  ),
});
export const TokenCreatedSchema = z.object({ name: z.string(), role: RoleSchema, token: z.string() });

/** The upload's column-mapping step: each file's header and first rows, the mapping in force, and the import's answer. */
export const FilePreviewSchema = z.object({
  name: z.string(),
  role: z.enum(['nodes', 'edges', 'edgelist', 'document']),
  delimiter: z.string().optional(),
  header: z.array(z.string()).optional(),
  rows: z.array(z.array(z.string())).optional(),
  mapping: z.record(z.string(), z.string()).optional().describe('Model field → the header that feeds it'),
  fields: z.array(z.object({ field: z.string(), aliases: z.array(z.string()) })).optional(),
});
export const UploadPreviewSchema = z.object({
  files: z.array(FilePreviewSchema),
  valid: z.boolean(),
  report: ImportReportSchema.optional(),
  total: z.number().int().optional(),
  problems: z.array(IssueSchema).optional(),
  /** The built-in kinds an own type may be mapped to (the upload's type-map step), ties with their default direction. */
  kinds: z.object({ nodes: z.array(z.string()), edges: z.array(z.object({ kind: z.string(), directed: z.boolean() })) }),
});
export type UploadPreview = z.infer<typeof UploadPreviewSchema>;

/** A workspace's retention period, and what a prune removed (issue 20: retention). */
export const RetentionSchema = z.object({
  workspace: z.string(),
  retentionDays: z.number().int().nullable().describe('Days a version is kept; null: forever'),
  pruned: z.array(z.number().int()).describe('Version numbers removed by this call'),
  aggregated: z.array(z.number().int()).describe('Version numbers reduced to their aggregate by this call: past the period, but a match round used them'),
  kept: z.number().int().describe('Versions left'),
});
