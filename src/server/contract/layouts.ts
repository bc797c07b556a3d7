/**
 * Map positions saved with a version: what GET/PUT …/versions/:v/layout exchange. Positions travel
 * as base64 of little-endian Float32 x,y pairs in the graph payload's node order (8 bytes a node).
 */
import { z } from 'zod';

export const LAYOUT_ENCODING = 'float32le-xy-base64' as const;

/** Whether `s` is padded base64. A loop, not a regular expression: the regex threw RangeError (V8's stack) on 5.1 MB (a 500k-node layout) and took 35–70 ms at 1–3 MB. */
function isBase64(s: string): boolean {
  if (s.length % 4) return false;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  for (let i = 0; i < s.length - pad; i++) {
    const c = s.charCodeAt(i);
    // A–Z, a–z, 0–9, + and /
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47)) return false;
  }
  return true;
}

const Base64 = z
  .string()
  .max(40_000_000)
  .refine(isBase64, 'base64 text')
  .describe('Base64 of little-endian Float32 x,y pairs, one pair per node in the graph payload\u2019s order');

export const SaveLayoutBodySchema = z
  .object({
    encoding: z.literal(LAYOUT_ENCODING).default(LAYOUT_ENCODING),
    nodes: z.number().int().min(1).describe('How many nodes the positions are for (must be the version\u2019s node count)'),
    positions: Base64,
  })
  .strict();
export type SaveLayoutBody = z.input<typeof SaveLayoutBodySchema>;

export const SavedLayoutSchema = z.object({
  workspace: z.string(),
  version: z.number().int(),
  nodes: z.number().int().describe('Nodes of the version'),
  saved: z
    .object({
      encoding: z.literal(LAYOUT_ENCODING),
      positions: Base64,
      savedBy: z.string(),
      savedAt: z.string(),
      inheritedFrom: z
        .number()
        .int()
        .nullable()
        .describe(
          'The earlier version these positions were carried over from when this version was made (new nodes placed near their neighbours); null when someone saved them',
        ),
    })
    .nullable()
    .describe('The saved positions; null when nobody saved a layout for this version (the app uses the computed one)'),
});
export type SavedLayoutPayload = z.infer<typeof SavedLayoutSchema>;
