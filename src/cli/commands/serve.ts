import type { Command } from 'commander';
import { startServer } from '../../server/start.ts';
import { action, UsageError } from '../output.ts';

/** `hubgraph serve [source]`: the HTTP API and the web app on one port. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('Serve the HTTP API and the web app (seeds workspace "sample" from SOURCE or data/sample when the store is empty)')
    .argument('[source]', 'dataset to seed an empty store with (folder with nodes.csv + edges.csv, .json, .gexf, .graphml)')
    .option('-p, --port <n>', 'port (default PORT, else 3000)')
    .option('-H, --host <host>', 'interface to bind', '127.0.0.1')
    .option('--auth <mode>', 'local (no token; loopback only) or token (default: local on loopback, token otherwise)')
    .option('--cors-origin <list>', 'comma-separated origins allowed besides the server itself (default HUBGRAPH_CORS_ORIGINS)')
    .option('--data-dir <dir>', 'PGlite data directory (default HUBGRAPH_DATA, else ./.hubgraph)')
    .option('--database-url <url>', 'PostgreSQL server instead of PGlite (default DATABASE_URL)')
    .action(action(async (source: string | undefined, o: { port?: string; host: string; auth?: string; corsOrigin?: string; dataDir?: string; databaseUrl?: string }) => {
      if (o.auth && o.auth !== 'local' && o.auth !== 'token') throw new UsageError(`--auth must be local or token, not ${o.auth}`);
      const port = o.port === undefined ? undefined : Number(o.port);
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new UsageError(`--port must be 0–65535, not ${o.port}`);
      const cors = (o.corsOrigin ?? process.env.HUBGRAPH_CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const running = await startServer({
        port, host: o.host, auth: o.auth as 'local' | 'token' | undefined, source, corsOrigins: cors,
        dataDir: o.dataDir, databaseUrl: o.databaseUrl,
      });
      const stop = () => { running.stop().then(() => process.exit(0), () => process.exit(1)); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise(() => {}); // serve until a signal
    }));
}
