/**
 * The bodies of the upload routes (import a version, preview an upload), in one module of their own so the
 * parse worker validates a large JSON body with the very schemas the routes declare (src/server/json-body.ts).
 */
import { z } from 'zod';
import { IMPORT_FORMATS, parseColumnsOption, parseTwoModeKinds } from '../io/load.ts';
import { parseTypeMap } from '../io/types.ts';
import { TypeMapSchema } from '../model/index.ts';
import { SpooledFile } from './upload-stream.ts';

export const FileSchema = z.object({
  name: z.string().min(1).max(255).describe('File name: nodes.csv, edges.csv, x.json, x.gexf, x.graphml, or an edge-list .csv'),
  // A SpooledFile only comes from the multipart reader (a JSON body cannot make one).
  content: z.union([z.string(), z.instanceof(Uint8Array), z.instanceof(SpooledFile)]).describe('File content as text'),
});
/** Multipart fields arrive as text: "true" / "false" for flags, JSON or `a=b,c=d` text for maps. */
const Flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on']).transform((s) => s === 'true' || s === '1' || s === 'on')]);
const TypeMapField = z
  .union([
    TypeMapSchema,
    z.string().transform((s, c) => {
      const m = parseTypeMap(s);
      if (typeof m === 'string') {
        c.addIssue({ code: 'custom', message: m });
        return z.NEVER;
      }
      return m;
    }),
  ])
  .describe('Own node / tie types → built-in kinds: {"nodes": {"NGO": "community"}, "edges": {"advice": {"kind": "mentoring", "directed": true}}}');
const ColumnsField = z
  .union([
    z.record(z.string(), z.string().min(1)),
    z.string().transform((s, c) => {
      if (s.trim().startsWith('{')) {
        try {
          return z.record(z.string(), z.string()).parse(JSON.parse(s));
        } catch {
          c.addIssue({ code: 'custom', message: 'a JSON object {"source": "From", …}' });
          return z.NEVER;
        }
      }
      const m = parseColumnsOption(s);
      if (typeof m === 'string') {
        c.addIssue({ code: 'custom', message: m });
        return z.NEVER;
      }
      return m;
    }),
  ])
  .describe('Which CSV column is which field: {"source": "From", "target": "To", "nodes.id": "Name"} or "source=From,target=To"');
// A string ("company,project", as a multipart field) is parsed first, so that a bad one gets its own message rather than a union's.
const TwoModeKindsField = z
  .preprocess((v, c) => {
    if (typeof v !== 'string') return v;
    const k = parseTwoModeKinds(v);
    if (typeof k === 'string') c.issues.push({ code: 'custom', message: k, input: v });
    return typeof k === 'string' ? z.NEVER : k;
  }, z.object({ rows: z.string().trim().min(1), columns: z.string().trim().min(1) }).strict())
  .describe(
    'Own node types of a two-mode UCINET DL file\'s rows and columns: "company,project" or {"rows": "company", "columns": "project"} (default actor, event)',
  );
/** How to read the uploaded files (the same options as the CLI's). */
export const ReadOptionsBody = z.object({
  format: z.enum(IMPORT_FORMATS).optional().describe('Force a format instead of guessing from the file names'),
  typeMap: TypeMapField.optional(),
  columns: ColumnsField.optional(),
  selfLoops: z.enum(['keep', 'drop']).optional().describe('Keep self-loops (default, reported) or drop them with a warning'),
  decimalComma: Flag.optional().describe('Read numbers written with a decimal comma (0,5)'),
  inferTypes: Flag.optional().describe('Read CSV columns without a :type header as numbers / booleans when every value is one (default true)'),
  twoModeKinds: TwoModeKindsField.optional(),
});
export const UploadBody = ReadOptionsBody.extend({
  message: z.string().max(1000).optional().describe('Note stored with the version'),
  create: Flag.optional().describe('Create the workspace if it does not exist, in the same transaction as the version: a refused upload creates nothing'),
  files: z.array(FileSchema).min(1).max(10).optional(),
  dataset: z
    .object({ meta: z.record(z.string(), z.unknown()).optional(), nodes: z.array(z.unknown()), edges: z.array(z.unknown()) })
    .optional()
    .describe('A hubgraph Dataset ({meta, nodes, edges}); validated like an uploaded JSON file'),
})
  .strict()
  .refine((b) => (b.files ? 1 : 0) + (b.dataset ? 1 : 0) === 1, { message: 'give exactly one of files or dataset', path: ['files'] });

export const PreviewBody = ReadOptionsBody.extend({ files: z.array(FileSchema).min(1).max(10), rows: z.coerce.number().int().min(1).max(50).optional() });

/** The upload routes' bodies by name, for the worker that validates a spooled JSON body. */
export const UPLOAD_BODIES = { upload: UploadBody, preview: PreviewBody } as const;
export type UploadBodyName = keyof typeof UPLOAD_BODIES;
