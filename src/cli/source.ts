import type { Command } from 'commander';
import type { Dataset } from '../model/index.ts';
import { loadWorkspaceDataset, type Store, type VersionInfo } from '../store/index.ts';
import { loadSource, UsageError, type SourceOptions } from './output.ts';
import { addStoreConnectionOptions, withStore, type StoreFlags } from './commands/workspace.ts';

export interface WorkspaceSourceFlags extends SourceOptions, StoreFlags {
  workspace?: string;
  datasetVersion?: string;
}

/**
 * A file or folder given with none of the flags that change how the general loader reads it (format,
 * type map, columns, self-loops other than the default `keep`, decimal commas, a time slice): only then
 * can the typed fast paths (bare-edge-list.ts, folder-snapshot.ts) read it the same way.
 */
export function readsPlainly(source: string | undefined, flags: WorkspaceSourceFlags): source is string {
  return !(
    !source ||
    flags.workspace ||
    flags.format ||
    flags.typeMap ||
    flags.columns ||
    (flags.selfLoops && flags.selfLoops !== 'keep') ||
    flags.decimalComma ||
    flags.twoModeKinds ||
    flags.from ||
    flags.to ||
    flags.at
  );
}

/** `--workspace NAME [--dataset-version N]` and the store flags, for commands that read a file or a workspace. */
export function addWorkspaceSourceOptions(cmd: Command): Command {
  return addStoreConnectionOptions(
    cmd
      .option('--workspace <name>', 'read the dataset from this workspace of the store instead of a file')
      .option('--dataset-version <n>', 'with --workspace: this dataset version (default: the current one)'),
    'with --workspace: ',
  );
}

export interface LoadedInput {
  dataset: Dataset;
  /** Set when read from a workspace: its store (open only inside the callback) and version. */
  store?: Store;
  version?: VersionInfo;
}

/**
 * Runs `fn` on the dataset named by either a source path or `--workspace` (exactly one), keeping the
 * store open for the duration so the command can read or write the cache and rounds.
 */
export async function withInput<T>(source: string | undefined, flags: WorkspaceSourceFlags, fn: (input: LoadedInput) => Promise<T>, slice = true): Promise<T> {
  if (flags.workspace && source) throw new UsageError('give either a source path or --workspace, not both');
  if (!flags.workspace && !source) throw new UsageError('missing source: a dataset path, or --workspace NAME');
  if (!flags.workspace) {
    if (flags.datasetVersion) throw new UsageError('--dataset-version goes with --workspace');
    // Unsliced (slice false), `sliced` is the dataset as loaded.
    const { sliced } = await loadSource(source!, flags, slice);
    return fn({ dataset: sliced });
  }
  const version = flags.datasetVersion === undefined ? undefined : Number(flags.datasetVersion);
  if (version !== undefined && (!Number.isInteger(version) || version < 1))
    throw new UsageError(`--dataset-version must be 1, 2, …; got ${flags.datasetVersion}`);
  return withStore(flags, async (store) => {
    const loaded = await loadWorkspaceDataset(store, flags.workspace!, version);
    return fn({ dataset: loaded.dataset, store, version: loaded.version });
  });
}
