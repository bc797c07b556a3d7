import { ImportError, type ImportIssue } from '../../src/io/errors.ts';
import { parseDatasetFiles, type InputFile } from '../../src/io/load.ts';

/** Parse files expecting failure; returns the ImportError. */
export function importFails(files: InputFile[]): ImportError {
  try {
    parseDatasetFiles(files);
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('import unexpectedly succeeded');
}

export function folder(nodes: string, edges: string): InputFile[] {
  return [
    { name: 'nodes.csv', content: nodes },
    { name: 'edges.csv', content: edges },
  ];
}

export function only(e: ImportError): ImportIssue {
  if (e.issues.length !== 1) throw new Error(`expected one issue, got:\n${e.message}`);
  return e.issues[0];
}
