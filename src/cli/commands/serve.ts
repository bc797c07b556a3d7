import type { Command } from 'commander';
import { startServer } from '../../server/start.ts';
import { action, UsageError } from '../output.ts';
import { addStoreConnectionOptions, storeLocation } from './workspace.ts';

/** `hubgraph serve [source]`: the HTTP API and the web app on one port. */
export function register(program: Command): void {
  const cmd = program
    .command('serve')
    .description('Serve the HTTP API and the web app (seeds workspace "sample" from SOURCE or data/sample when the store is empty)')
    .argument('[source]', 'dataset to seed an empty store with (folder with nodes.csv + edges.csv, .json, .gexf, .graphml)')
    .option('-p, --port <n>', 'port (default PORT, else 3000)')
    .option('-H, --host <host>', 'interface to bind', '127.0.0.1')
    .option('--auth <mode>', 'local (no token; loopback only) or token (default: local on loopback, token otherwise)')
    .option('--cors-origin <list>', 'comma-separated origins allowed besides the server itself (default HUBGRAPH_CORS_ORIGINS)')
    .option(
      '--public-origin <list>',
      'comma-separated origins the server is reached at besides loopback names, e.g. behind a proxy (default HUBGRAPH_PUBLIC_ORIGIN)',
    );
  addStoreConnectionOptions(cmd).action(
    action(
      async (
        source: string | undefined,
        o: {
          port?: string;
          host: string;
          auth?: string;
          corsOrigin?: string;
          publicOrigin?: string;
          data?: string;
          db?: string;
        },
      ) => {
        if (o.auth && o.auth !== 'local' && o.auth !== 'token') throw new UsageError(`--auth must be local or token, not ${o.auth}`);
        const port = o.port === undefined ? undefined : Number(o.port);
        if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new UsageError(`--port must be 0–65535, not ${o.port}`);
        const cors = (o.corsOrigin ?? process.env.HUBGRAPH_CORS_ORIGINS ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const publicOrigins = (o.publicOrigin ?? process.env.HUBGRAPH_PUBLIC_ORIGIN ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        for (const p of publicOrigins) if (!URL.canParse(p)) throw new UsageError(`--public-origin must be origins such as https://hub.example.org, not ${p}`);
        const running = await startServer({
          port,
          host: o.host,
          auth: o.auth as 'local' | 'token' | undefined,
          source,
          corsOrigins: cors,
          publicOrigins,
          ...storeLocation(o),
        });
        const stop = () => {
          running.stop().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        await new Promise(() => {}); // serve until a signal
      },
    ),
  );
}
