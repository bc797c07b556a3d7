import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Dataset } from '../model/index.ts';
import { writeEdgesCsv, writeNodesCsv } from './csv-write.ts';
import { writeGexf, type GexfVersion } from './gexf.ts';
import { writeGml } from './gml-write.ts';
import { writeGraphml } from './graphml.ts';
import { writeJson } from './json.ts';
import { writePajek } from './pajek-write.ts';

export const EXPORT_FORMATS = ['csv', 'json', 'gexf', 'graphml', 'gml', 'pajek'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The media type a download of each format is sent with (GML and Pajek have no registered one). */
export const EXPORT_MEDIA_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv',
  json: 'application/json',
  gexf: 'application/gexf+xml',
  graphml: 'application/graphml+xml',
  gml: 'text/plain',
  pajek: 'text/plain',
};

export interface SerializedFile {
  name: string;
  content: string;
}

export const GEXF_VERSIONS = ['1.2draft', '1.3'] as const;

export interface ExportOptions {
  /** GEXF version written (default 1.2draft, which Gephi and NetworkX 2.8 both read). */
  gexfVersion?: GexfVersion;
  /**
   * GEXF / GraphML / GML / Pajek: how a graph with both directed and undirected ties is written. `attribute`
   * (default): declared undirected, as hubgraph computes on it, each tie's direction in a `directed`
   * attribute — NetworkX and igraph read it; `per-edge`: the format's own per-edge direction
   * (GraphML `directed`, GEXF `type`, Pajek `*Arcs` beside `*Edges`), which Gephi and yEd read and
   * NetworkX refuses. GML has no per-edge form and always writes the attribute.
   */
  mixed?: 'attribute' | 'per-edge';
}

/**
 * The dataset as files: `csv` → nodes.csv + edges.csv (+ meta.json when the dataset has meta),
 * the others one file each.
 */
export function serializeDataset(dataset: Dataset, format: ExportFormat, options: ExportOptions = {}): SerializedFile[] {
  switch (format) {
    case 'csv': {
      const files = [
        { name: 'nodes.csv', content: writeNodesCsv(dataset) },
        { name: 'edges.csv', content: writeEdgesCsv(dataset) },
      ];
      if (Object.keys(dataset.meta).length) files.push({ name: 'meta.json', content: JSON.stringify(dataset.meta, null, 2) + '\n' });
      return files;
    }
    case 'json':
      return [{ name: 'dataset.json', content: writeJson(dataset) }];
    case 'gexf':
      return [{ name: 'dataset.gexf', content: writeGexf(dataset, { version: options.gexfVersion, mixed: options.mixed }) }];
    case 'graphml':
      return [{ name: 'dataset.graphml', content: writeGraphml(dataset, { mixed: options.mixed }) }];
    case 'gml':
      return [{ name: 'dataset.gml', content: writeGml(dataset) }];
    case 'pajek':
      return [{ name: 'dataset.net', content: writePajek(dataset, { mixed: options.mixed }) }];
  }
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
