import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EXPORT_FORMAT_INFO, EXPORT_FORMATS, type Dataset, type ExportFormat, type PajekModes } from '../model/index.ts';
import { writeGdf } from './gdf-write.ts';
import { writeEdgesCsv, writeNodesCsv } from './csv-write.ts';
import { writeGexf, type GexfVersion } from './gexf.ts';
import { writeGml } from './gml-write.ts';
import { writeGraphml } from './graphml.ts';
import { writeJson } from './json.ts';
import { writePajek } from './pajek-write.ts';
import { twoModeSplit } from './two-mode.ts';

export { EXPORT_FORMATS, type ExportFormat } from '../model/index.ts';

/** The media type a download of each format is sent with. */
export const EXPORT_MEDIA_TYPES: Readonly<Record<ExportFormat, string>> = Object.fromEntries(
  EXPORT_FORMATS.map((f) => [f, EXPORT_FORMAT_INFO[f].mediaType]),
) as Record<ExportFormat, string>;

export interface SerializedFile {
  name: string;
  content: string;
}

export const GEXF_VERSIONS = ['1.2draft', '1.3'] as const;

export interface ExportOptions {
  /** GEXF version written (default 1.2draft, which Gephi and NetworkX 2.8 both read). */
  gexfVersion?: GexfVersion;
  /**
   * GEXF / GraphML / GML / Pajek (GDF always writes each tie's `directed`, as Gephi does): how a graph with both directed and undirected ties is written. `attribute`
   * (default): declared undirected, as hubgraph computes on it, each tie's direction in a `directed`
   * attribute — NetworkX and igraph read it; `per-edge`: the format's own per-edge direction
   * (GraphML `directed`, GEXF `type`, Pajek `*Arcs` beside `*Edges`), which Gephi and yEd read and
   * NetworkX refuses. GML has no per-edge form and always writes the attribute.
   */
  mixed?: 'attribute' | 'per-edge';
  /** Pajek: `auto` (default) writes a two-mode dataset (src/io/two-mode.ts) as `*Vertices n n1`, which igraph reads and NetworkX refuses; `off` writes one-mode. */
  pajekTwoMode?: 'auto' | 'off';
}

/** The writer's option for the export routes' `pajekModes` (`one` → `off`). */
export function pajekTwoModeOption(modes: PajekModes): NonNullable<ExportOptions['pajekTwoMode']> {
  return modes === 'one' ? 'off' : 'auto';
}

/** Which Pajek network serializeFile writes of `dataset`: `two` when it is two-mode and two-mode is not turned off. */
export function pajekModesWritten(dataset: Dataset, options: ExportOptions = {}): PajekModes {
  return options.pajekTwoMode !== 'off' && twoModeSplit(dataset) ? 'two' : 'one';
}

/**
 * What a file in `format` cannot carry of `dataset`, or a peer may not read, one sentence each (printed by `convert`).
 * Pajek: a two-mode dataset is written two-mode, which NetworkX refuses.
 * GDF has no graph-level section at all: Gephi's importer (ImporterGDF.java) takes the first line as
 * `nodedef>` and every line up to `edgedef>` as a node, so there is no place for the dataset's meta.
 */
export function exportLosses(dataset: Dataset, format: ExportFormat, options: ExportOptions = {}): string[] {
  if (format === 'pajek') {
    const split = options.pajekTwoMode === 'off' ? null : twoModeSplit(dataset);
    if (!split) return [];
    const side = (n: number, kind: string | undefined) => `${n}${kind === undefined ? '' : ` "${kind}"`} nodes`;
    return [
      `written as a two-mode Pajek network (*Vertices ${dataset.nodes.length} ${split.rows.length}: the ${side(split.rows.length, split.kinds.rows)} first, then the ${side(split.columns.length, split.kinds.columns)}), which igraph reads with its vertex attribute type; NetworkX's read_pajek refuses two-mode files: --pajek-one-mode writes one NetworkX reads, or use GraphML or GEXF`,
    ];
  }
  const meta = Object.entries(dataset.meta).filter(([, v]) => v !== undefined);
  if (format !== 'gdf' || !meta.length) return [];
  return [
    `GDF has no place for the dataset's meta, so ${meta.map(([k]) => k).join(', ')} ${meta.length === 1 ? 'is' : 'are'} not in the file (Gephi reads the first line as nodedef> and every line before edgedef> as a node); use GEXF, GraphML or GML to keep ${meta.length === 1 ? 'it' : 'them'}`,
  ];
}

/** The one file each format other than csv is written as (csv is nodes.csv + edges.csv [+ meta.json]). */
export function serializeFile(dataset: Dataset, format: Exclude<ExportFormat, 'csv'>, options: ExportOptions = {}): SerializedFile {
  const name = `dataset.${EXPORT_FORMAT_INFO[format].ext}`;
  switch (format) {
    case 'json':
      return { name, content: writeJson(dataset) };
    case 'gexf':
      return { name, content: writeGexf(dataset, { version: options.gexfVersion, mixed: options.mixed }) };
    case 'graphml':
      return { name, content: writeGraphml(dataset, { mixed: options.mixed }) };
    case 'gml':
      return { name, content: writeGml(dataset) };
    case 'pajek':
      return { name, content: writePajek(dataset, { mixed: options.mixed, twoMode: options.pajekTwoMode }) };
    case 'gdf':
      return { name, content: writeGdf(dataset) };
  }
}

/**
 * The dataset as files: `csv` → nodes.csv + edges.csv (+ meta.json when the dataset has meta),
 * the others one file each.
 */
export function serializeDataset(dataset: Dataset, format: ExportFormat, options: ExportOptions = {}): SerializedFile[] {
  if (format !== 'csv') return [serializeFile(dataset, format, options)];
  const files = [
    { name: 'nodes.csv', content: writeNodesCsv(dataset) },
    { name: 'edges.csv', content: writeEdgesCsv(dataset) },
  ];
  if (Object.keys(dataset.meta).length) files.push({ name: 'meta.json', content: JSON.stringify(dataset.meta, null, 2) + '\n' });
  return files;
}

/**
 * Write to `outPath`: a folder for csv, a file otherwise. Files are written to temporary names
 * and renamed, so a failure never leaves a half-written export behind.
 */
export async function writeDataset(dataset: Dataset, format: ExportFormat, outPath: string, options: ExportOptions = {}): Promise<string[]> {
  const files = serializeDataset(dataset, format, options);
  const targets = format === 'csv' ? files.map((f) => join(outPath, f.name)) : [outPath];
  await mkdir(format === 'csv' ? outPath : dirname(outPath), { recursive: true });
  const temps = targets.map((t) => `${t}.tmp-${process.pid}`);
  try {
    await Promise.all(files.map((f, i) => writeFile(temps[i], f.content, 'utf8')));
    for (let i = 0; i < temps.length; i++) await rename(temps[i], targets[i]);
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    throw e;
  }
  return targets;
}
