import type { Dataset, PajekModes } from '../model/index.ts';
import { pajekModesWritten, pajekTwoModeOption, serializeFile, type ExportFormat } from '../io/export.ts';
import { writeEdgesCsv, writeNodesCsv } from '../io/csv-write.ts';
import type { Pseudonymiser } from './pseudonym.ts';
import { graphBody, type GraphInput } from './routes/graph.ts';

/**
 * What a worker renders for a read route: the bytes of an export file, of the dataset JSON or of the
 * graph JSON. Serialising a 100k-node version takes seconds and would stop the event loop (issue 20,
 * defect 4), so the routes hand it to the pool and only stream the bytes.
 */
export type RenderRequest =
  | { kind: 'export'; format: ExportFormat; part: 'nodes' | 'edges' | 'meta'; pajekModes?: PajekModes }
  | { kind: 'dataset' }
  | { kind: 'graph'; input: GraphInput };

export interface Rendered {
  /** UTF-8; null when the version has no such file (a CSV meta part of a version without meta). */
  bytes: Uint8Array | null;
  /** The file's name for an export. */
  name?: string;
  /** A Pajek export: whether it was written two-mode (`*Vertices n n1`) or one-mode. */
  pajekModes?: PajekModes;
}

const enc = new TextEncoder();

/** Renders `req` over `ds` (pseudonymised through `ps` when given). Pure: the same input gives the same bytes. */
export function render(ds0: Dataset, req: RenderRequest, ps?: Pseudonymiser): Rendered {
  if (req.kind === 'graph') return { bytes: enc.encode(JSON.stringify(graphBody(ds0, req.input, ps))) };
  const ds = ps ? ps.dataset(ds0) : ds0;
  switch (req.kind) {
    case 'dataset':
      return { bytes: enc.encode(JSON.stringify(ds)) };
    case 'export':
      return renderExport(ds, req.format, req.part, req.pajekModes);
  }
}

function renderExport(ds: Dataset, format: ExportFormat, part: 'nodes' | 'edges' | 'meta', pajekModes: PajekModes = 'two'): Rendered {
  switch (format) {
    case 'csv':
      // One file per request: only the part asked for is written.
      if (part === 'nodes') return { name: 'nodes.csv', bytes: enc.encode(writeNodesCsv(ds)) };
      if (part === 'edges') return { name: 'edges.csv', bytes: enc.encode(writeEdgesCsv(ds)) };
      return Object.keys(ds.meta).length ? { name: 'meta.json', bytes: enc.encode(JSON.stringify(ds.meta, null, 2) + '\n') } : { bytes: null };
    default: {
      const options = { pajekTwoMode: pajekTwoModeOption(pajekModes) };
      const file = serializeFile(ds, format, options);
      return { name: file.name, bytes: enc.encode(file.content), ...(format === 'pajek' && { pajekModes: pajekModesWritten(ds, options) }) };
    }
  }
}
