import type { Command } from 'commander';
import {
  createWorkspace,
  decidePairs,
  diffVersions,
  exportWorkspace,
  isWorkspaceExport,
  listRounds,
  listVersions,
  listWorkspaces,
  openStore,
  restoreWorkspace,
  saveVersion,
  refuseEmpty,
  PAIR_STATUSES,
  type Store,
} from '../../store/index.ts';
import { addDeprecatedFlags } from '../deprecated.ts';
import { registerPrivacy } from './privacy.ts';
import { registerRoundCommands } from './rounds.ts';
import { action, addReadOptions, emit, loadSource, table, UsageError, type SourceOptions } from '../output.ts';
import { flagHint, SHAPE_LIMIT_DEFAULTS, SHAPE_LIMIT_ENV, SHAPE_LIMIT_FLAGS, shapeLimits, type ShapeLimits } from '../../io/shape-limits.ts';

export interface StoreFlags {
  json?: boolean;
  db?: string;
  data?: string;
  as?: string;
}

/**
 * `--db` and `--data`: which store to open (`when` prefixes the help, e.g. "with --workspace: "). The
 * older spellings `--database-url` / `--data-dir` still work on every store command, unlisted, with a notice.
 */
export function addStoreConnectionOptions(cmd: Command, when = ''): Command {
  cmd
    .option('--db <url>', `${when}PostgreSQL server URL (default: $DATABASE_URL; else embedded PGlite)`)
    .option('--data <dir>', `${when}PGlite data directory (default: $HUBGRAPH_DATA or ./.hubgraph)`);
  return addDeprecatedFlags(cmd, [
    { flags: '--database-url <url>', use: '--db', key: 'db' },
    { flags: '--data-dir <dir>', use: '--data', key: 'data' },
  ]);
}

/** The store flags → the store's settings under their one name (openStore, startServer). */
export function storeLocation(flags: Pick<StoreFlags, 'db' | 'data'>): { databaseUrl?: string; dataDir?: string } {
  return { databaseUrl: flags.db, dataDir: flags.data };
}

/** `--db`, `--data`, `--as` and `--json`: every store command takes them. */
export function addStoreOptions(cmd: Command): Command {
  return addStoreConnectionOptions(cmd.option('--json', 'print exactly one JSON document on stdout')).option(
    '--as <who>',
    'who is acting, for the audit log (default: $HUBGRAPH_USER or the OS user)',
  );
}

/** Opens the store named by the flags, runs `fn`, always closes it (releasing the PGlite lock). */
export async function withStore<T>(flags: StoreFlags, fn: (store: Store) => Promise<T>, open: { migrate?: boolean } = {}): Promise<T> {
  const store = await openStore({ ...storeLocation(flags), ...open });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function positiveInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a version/round number (1, 2, …), got ${JSON.stringify(v)}`);
  return n;
}

const LIST_LIMIT = 20;
function sample<T>(items: T[], show: (t: T) => string, limit: number): string {
  const lines = items.slice(0, limit).map((t) => `    ${show(t)}`);
  if (items.length > limit) lines.push(`    … and ${items.length - limit} more (--json for all)`);
  return lines.join('\n');
}

export function register(program: Command): void {
  const ws = program.command('workspace').description('workspaces that last: dataset versions, match rounds and their audit, in PGlite or PostgreSQL');
  registerPrivacy(ws);

  addStoreOptions(ws.command('create <name>').description('create a workspace (a region or programme)'))
    .option('--description <text>', 'what the workspace is for')
    .action(
      action(async (name: string, o: StoreFlags & { description?: string }) => {
        const info = await withStore(o, (s) => createWorkspace(s, name, { description: o.description, actor: o.as }));
        emit(o, info, () => `created workspace ${info.name}`);
      }),
    );

  addStoreOptions(ws.command('list').description('list workspaces with their current version')).action(
    action(async (o: StoreFlags) => {
      const list = await withStore(o, (s) => listWorkspaces(s));
      emit(o, { workspaces: list }, () =>
        list.length
          ? table(
              ['workspace', 'current', 'versions', 'rounds', 'created by', 'created'],
              list.map((w) => [w.name, w.currentVersion, w.versions, w.rounds, w.createdBy, w.createdAt.slice(0, 10)]),
            )
          : 'no workspaces yet (hubgraph workspace create NAME)',
      );
    }),
  );

  addReadOptions(
    addStoreOptions(
      ws.command('import <name> <path>').description('import a dataset (folder or file) as the new current version, or restore a `workspace export` directory'),
    )
      .option('-m, --message <text>', 'note stored with the version')
      .option('--allow-empty', 'store a dataset with no nodes (refused by default: usually a header-only file)')
      .option(`${SHAPE_LIMIT_FLAGS.columns} <n>`, `most CSV header columns (default ${SHAPE_LIMIT_DEFAULTS.columns}, or ${SHAPE_LIMIT_ENV.columns})`)
      .option(
        `${SHAPE_LIMIT_FLAGS.attributesPerElement} <n>`,
        `most attribute values on one GraphML/GEXF node or tie (default ${SHAPE_LIMIT_DEFAULTS.attributesPerElement}, or ${SHAPE_LIMIT_ENV.attributesPerElement})`,
      )
      .option(`${SHAPE_LIMIT_FLAGS.keys} <n>`, `most declared GraphML/GEXF attribute keys (default ${SHAPE_LIMIT_DEFAULTS.keys}, or ${SHAPE_LIMIT_ENV.keys})`)
      .option(`${SHAPE_LIMIT_FLAGS.depth} <n>`, `deepest XML nesting (default ${SHAPE_LIMIT_DEFAULTS.depth}, or ${SHAPE_LIMIT_ENV.depth})`)
      .option(`${SHAPE_LIMIT_FLAGS.nodes} <n>`, `most nodes (default ${SHAPE_LIMIT_DEFAULTS.nodes}, or ${SHAPE_LIMIT_ENV.nodes})`)
      .option(
        `${SHAPE_LIMIT_FLAGS.ties} <n>`,
        `most tie records, before parallel ones merge (default ${SHAPE_LIMIT_DEFAULTS.ties}, or ${SHAPE_LIMIT_ENV.ties})`,
      )
      .option(
        `${SHAPE_LIMIT_FLAGS.fieldLength} <n>`,
        `longest id, label, type or attribute value in characters (default ${SHAPE_LIMIT_DEFAULTS.fieldLength}, or ${SHAPE_LIMIT_ENV.fieldLength})`,
      ),
  ).action(
    action(async (name: string, path: string, o: StoreFlags & SourceOptions & ShapeFlags & { message?: string; allowEmpty?: boolean }) => {
      if (isWorkspaceExport(path)) {
        const r = await withStore(o, (s) => restoreWorkspace(s, path, { name, actor: o.as }));
        emit(
          o,
          { restored: r },
          () =>
            `restored workspace ${r.name}: ${r.versions} versions, ${r.rounds} rounds, ${r.surveys} surveys, ${r.layouts} saved layouts, ${r.audit} audit entries${r.linksDropped ? `; ${r.linksDropped} survey links already used in this store were left out (issue new ones)` : ''}`,
        );
        return;
      }
      // Parse and validate before opening the store: bad data never reaches it.
      // The server's shape caps (shape-limits.ts), before the file is parsed; flags raise them for big files.
      const { dataset, report } = await loadSource(path, o, false, { shape: { limits: shapeFlags(o), hint: flagHint } });
      if (!o.allowEmpty) refuseEmpty(dataset, path, '--allow-empty');
      const v = await withStore(o, (s) =>
        saveVersion(s, name, dataset, { report, author: o.as, message: o.message, origin: { kind: 'import', source: path }, createWorkspace: true }),
      );
      emit(o, { version: v, columns: report.columns }, () =>
        [`workspace ${name}: version ${v.number} (${v.nodeCount} nodes, ${v.edgeCount} edges) is now current`, ...report.columnSummary].join('\n'),
      );
    }),
  );

  addStoreOptions(ws.command('export <name> <dir>').description('write all versions, rounds and audit to files `workspace import` restores')).action(
    action(async (name: string, dir: string, o: StoreFlags) => {
      const r = await withStore(o, (s) => exportWorkspace(s, name, dir));
      emit(
        o,
        r,
        () =>
          `exported ${name} to ${r.dir}: ${r.versions} versions, ${r.rounds} rounds, ${r.surveys} surveys, ${r.layouts} saved layouts, ${r.audit} audit entries`,
      );
    }),
  );

  addStoreOptions(ws.command('versions <name>').description('list dataset versions, newest last')).action(
    action(async (name: string, o: StoreFlags) => {
      const list = await withStore(o, (s) => listVersions(s, name));
      emit(o, { workspace: name, versions: list }, () =>
        table(
          ['version', 'nodes', 'edges', 'author', 'created', 'origin', 'message'],
          list.map((v) => [
            v.number,
            v.nodeCount,
            v.edgeCount,
            v.author,
            v.createdAt.replace('T', ' ').slice(0, 19),
            v.origin.kind === 'round' ? `round ${v.origin.round}` : v.origin.kind,
            v.message ?? '',
          ]),
        ),
      );
    }),
  );

  addStoreOptions(
    ws.command('diff <name> [from] [to]').description('nodes and edges added, removed and changed between two versions (default: previous → current)'),
  )
    .option('--limit <n>', 'items listed per category in text output', String(LIST_LIMIT))
    .action(
      action(async (name: string, from: string | undefined, to: string | undefined, o: StoreFlags & { limit: string }) => {
        const d = await withStore(o, (s) => diffVersions(s, name, positiveInt('from', from), positiveInt('to', to)));
        const limit = Math.max(0, Number(o.limit) || LIST_LIMIT);
        const edge = (e: { source: string; target: string; type: string }) => `${e.source} → ${e.target} (${e.type})`;
        emit(o, { workspace: name, ...d }, () =>
          [
            `workspace ${name}: version ${d.from} → ${d.to}`,
            `  nodes added ${d.nodes.added.length}, removed ${d.nodes.removed.length}, changed ${d.nodes.changed.length}`,
            `  edges added ${d.edges.added.length}, removed ${d.edges.removed.length}, changed ${d.edges.changed.length}`,
            ...(d.nodes.added.length ? ['  nodes added:', sample(d.nodes.added, (x) => x, limit)] : []),
            ...(d.nodes.removed.length ? ['  nodes removed:', sample(d.nodes.removed, (x) => x, limit)] : []),
            ...(d.nodes.changed.length ? ['  nodes changed:', sample(d.nodes.changed, (c) => `${c.id}: ${c.fields.join(', ')}`, limit)] : []),
            ...(d.edges.added.length ? ['  edges added:', sample(d.edges.added, edge, limit)] : []),
            ...(d.edges.removed.length ? ['  edges removed:', sample(d.edges.removed, edge, limit)] : []),
            ...(d.edges.changed.length ? ['  edges changed:', sample(d.edges.changed, (c) => `${edge(c)}: ${c.fields.join(', ')}`, limit)] : []),
          ].join('\n'),
        );
      }),
    );

  addStoreOptions(ws.command('rounds <name>').description('list match rounds and their decisions')).action(
    action(async (name: string, o: StoreFlags) => {
      const list = await withStore(o, (s) => listRounds(s, name));
      emit(o, { workspace: name, rounds: list }, () =>
        list.length
          ? table(
              ['round', 'kind', 'on version', 'status', 'proposed', 'accepted', 'locked', 'rejected', 'into version'],
              list.map((r) => [
                r.number,
                r.kind,
                r.version,
                r.status,
                r.counts.proposed,
                r.counts.accepted,
                r.counts.locked,
                r.counts.rejected,
                r.acceptedVersion,
              ]),
            )
          : `workspace ${name} has no match rounds yet`,
      );
    }),
  );

  addStoreOptions(ws.command('decide <name> <round> <left> <right> <status>').description(`set a pair's status (${PAIR_STATUSES.join(', ')})`)).action(
    action(async (name: string, round: string, left: string, right: string, status: string, o: StoreFlags) => {
      if (!(PAIR_STATUSES as readonly string[]).includes(status))
        throw new UsageError(`status must be one of ${PAIR_STATUSES.join(', ')}, got ${JSON.stringify(status)}`);
      const r = await withStore(o, (s) =>
        decidePairs(s, name, positiveInt('round', round)!, [{ left, right, status: status as (typeof PAIR_STATUSES)[number] }], o.as),
      );
      emit(o, r, () => `round ${r.number}: ${left} → ${right} is now ${status}`);
    }),
  );

  registerRoundCommands(ws);
}

type ShapeFlags = {
  maxColumns?: string;
  maxAttributes?: string;
  maxKeys?: string;
  maxDepth?: string;
  maxNodes?: string;
  maxTies?: string;
  maxFieldLength?: string;
};

/** The shape caps for `workspace import`: the environment's (or the defaults), then the flags given. */
function shapeFlags(o: ShapeFlags): ShapeLimits {
  const limits = shapeLimits(process.env);
  const given: [keyof ShapeLimits, string | undefined][] = [
    ['columns', o.maxColumns],
    ['attributesPerElement', o.maxAttributes],
    ['keys', o.maxKeys],
    ['depth', o.maxDepth],
    ['nodes', o.maxNodes],
    ['ties', o.maxTies],
    ['fieldLength', o.maxFieldLength],
  ];
  for (const [k, v] of given) {
    if (v === undefined) continue;
    if (!/^[1-9][0-9]*$/.test(v)) throw new UsageError(`${SHAPE_LIMIT_FLAGS[k]} must be a whole number ≥ 1, got ${v}`);
    limits[k] = Number(v);
  }
  return limits;
}
