import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Dataset } from '../model/index.ts';
import { writeEdgesCsv, writeNodesCsv } from './csv-write.ts';
import { writeGexf } from './gexf.ts';
import { writeGraphml } from './graphml.ts';
import { writeJson } from './json.ts';

export const EXPORT_FORMATS = ['csv', 'json', 'gexf', 'graphml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface SerializedFile { name: string; content: string }

/**
 * The dataset as files: `csv` → nodes.csv + edges.csv (+ meta.json when the dataset has meta),
 * the others one file each.
 */
export function serializeDataset(dataset: Dataset, format: ExportFormat): SerializedFile[] {
  switch (format) {
    case 'csv': {
      const files = [
        { name: 'nodes.csv', content: writeNodesCsv(dataset) },
        { name: 'edges.csv', content: writeEdgesCsv(dataset) },
      ];
      if (Object.keys(dataset.meta).length) files.push({ name: 'meta.json', content: JSON.stringify(dataset.meta, null, 2) + '\n' });
      return files;
    }
    case 'json': return [{ name: 'dataset.json', content: writeJson(dataset) }];
    case 'gexf': return [{ name: 'dataset.gexf', content: writeGexf(dataset) }];
    case 'graphml': return [{ name: 'dataset.graphml', content: writeGraphml(dataset) }];
  }
}

/**
 * Write to `outPath`: a folder for csv, a file otherwise. Files are written to temporary names
 * and renamed, so a failure never leaves a half-written export behind.
 */
export async function writeDataset(dataset: Dataset, format: ExportFormat, outPath: string): Promise<string[]> {
  const files = serializeDataset(dataset, format);
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
