/**
 * Browser-test harness: builds the web app, starts the real API server on a free loopback port
 * with a throwaway PGlite store (seeded with the bundled sample through the upload route), and
 * launches Debian's Chromium headless through playwright-core.
 */
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { contractChecked } from '../server/helpers.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = join(ROOT, 'test/artifacts');
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--enable-unsafe-swiftshader'];

export async function buildWeb(): Promise<void> {
  const { build } = await import('vite');
  // Under vitest the config's root is the repository; the app itself lives in web/.
  await build({ configFile: join(ROOT, 'vite.config.ts'), root: join(ROOT, 'web'), logLevel: 'warn' });
}

export interface RunningServer {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The real server: createApp on a loopback listener over a throwaway store, seeded through the upload route.
 * `prepare` writes to the store first (a state no route makes, such as versions 400 days old).
 */
export async function startApiServer(options: { prepare?: (store: import('../../src/store/open.ts').Store) => Promise<void> } = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hubgraph-web-'));
  const { createApp } = await import('../../src/server/app.ts');
  const { openStore } = await import('../../src/store/open.ts');
  const { pino } = await import('pino');
  const logger = pino({ level: 'warn' });
  const webDist = join(ROOT, 'web/dist');
  const store = await openStore({ dataDir });
  await options.prepare?.(store);
  const created = createApp({ store, mode: 'local', webDist, logger, poolSize: 1 });
  // Every 2xx body the browser gets is parsed against the response contract, as in the API tests.
  const violations: string[] = [];
  const http: Server = createServer(contractChecked(created, violations));
  await new Promise<void>((res) => http.listen(0, '127.0.0.1', res));
  const baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  await seedSample(baseUrl);
  return {
    baseUrl,
    close: async () => {
      await new Promise<void>((res) => http.close(() => res()));
      await created.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (violations.length) throw new Error(`responses broke the contract:\n${violations.join('\n')}`);
    },
  };
}

/**
 * Asks the server for the sample's analysis once, so the views' first requests are cache hits
 * rather than each waiting on a cold analysis on a busy 2-core machine.
 */
export async function warmAnalysis(baseUrl: string): Promise<void> {
  const base = `${baseUrl}/api/workspaces/sample/versions/latest`;
  for (const part of ['analysis', 'graph']) {
    const r = await fetch(`${base}/${part}`);
    if (!r.ok) throw new Error(`warm ${part}: ${r.status} ${await r.text()}`);
  }
}

/** Seeds workspace `sample` from data/sample through the upload route, as a user would. */
export async function seedSample(baseUrl: string): Promise<void> {
  const list = (await (await fetch(`${baseUrl}/api/workspaces`)).json()) as { workspaces: { name: string }[] };
  if (list.workspaces.some((w) => w.name === 'sample')) return;
  const ws = await fetch(`${baseUrl}/api/workspaces`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'sample' }),
  });
  if (!ws.ok) throw new Error(`create workspace: ${ws.status} ${await ws.text()}`);
  const files = ['nodes.csv', 'edges.csv'].map((name) => ({ name, content: readFileSync(join(ROOT, 'data/sample', name), 'utf8') }));
  const up = await fetch(`${baseUrl}/api/workspaces/sample/versions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ message: 'sample', files }),
  });
  if (!up.ok) throw new Error(`upload sample: ${up.status} ${await up.text()}`);
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** What a browser suite over the sample works with: the server, Chromium, one page and the page's errors. */
export interface AppSuite {
  server: RunningServer;
  browser: Browser;
  page: Page;
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * The set-up every app suite shares: build the web app, start the real server on the sample with its
 * analysis warmed, launch Chromium and open one page of this size that collects uncaught page errors.
 */
export async function startAppSuite(viewport: { width: number; height: number }): Promise<AppSuite> {
  await buildWeb();
  const server = await startApiServer();
  await warmAnalysis(server.baseUrl);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return {
    server,
    browser,
    page,
    pageErrors,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Serious and critical axe-core violations on the page, each as `rule (help): first targets`. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8')); // over CDP: the app's CSP rightly blocks inline scripts
  return page.evaluate(async () => {
    const r = await (
      window as unknown as {
        axe: { run: (o: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe.run({ resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.help}): ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(', ')}`,
      );
  });
}

/**
 * Waits for the map's status line (the map is drawn and filtered). On a timeout the error says what
 * the page showed instead — its route, the main area's text and the page's errors — since a CI log
 * is all there is to go on.
 */
export async function waitForMap(page: Page, pageErrors: string[] = [], timeout = 120_000): Promise<void> {
  try {
    await page.locator('[data-testid=map-status]').waitFor({ timeout });
  } catch (e) {
    const main = await page
      .locator('main')
      .innerText({ timeout: 5_000 })
      .catch(() => '(no main)');
    throw new Error(
      `the map did not appear within ${timeout} ms at ${page.url()}; the main area read: ${JSON.stringify(main.slice(0, 800))}; page errors: ${JSON.stringify(pageErrors)}; ${(e as Error).message}`,
    );
  }
}
