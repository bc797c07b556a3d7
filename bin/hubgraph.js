#!/usr/bin/env node
// The hubgraph CLI. Runs the compiled JavaScript in dist/ (built by `npm run build:cli`, which `npm
// install` runs through the `prepare` script). In a source checkout whose src/ has changed since that
// build (or was never built), it runs the TypeScript sources through tsx instead, so the CLI is never
// stale; `npm run build:cli` makes it fast again.
import { existsSync, readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const compiled = new URL('dist/js/main.js', root);
const stamp = new URL('dist/.build-stamp', root);
const sources = new URL('src/', root);

/** Newest modification time under a folder (ms), or 0 when it does not exist. */
function newest(dir) {
  let max = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (!e.isFile()) continue;
    const t = statSync(`${e.parentPath ?? e.path}/${e.name}`).mtimeMs;
    if (t > max) max = t;
  }
  return max;
}

function compiledIsCurrent() {
  if (!existsSync(compiled) || !existsSync(stamp)) return false;
  // A published package ships dist/ without src/: nothing to compare against.
  if (!existsSync(sources)) return true;
  return newest(sources) <= statSync(stamp).mtimeMs;
}

if (process.env.HUBGRAPH_FROM_SOURCE !== '1' && compiledIsCurrent()) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('src/cli/main.ts', root).href);
}
