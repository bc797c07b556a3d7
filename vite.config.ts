/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web app lives in web/ (the API server serves web/dist); vitest runs from the repo root.
const underVitest = Boolean(process.env.VITEST);
const page = (name: string) => fileURLToPath(new URL(`./web/${name}`, import.meta.url));

export default defineConfig({
  root: underVitest ? '.' : 'web',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // bench.html: the map-render benchmark page driven by bench/web-map.ts; survey.html: the respondents' form.
    rollupOptions: { input: { main: page('index.html'), bench: page('bench.html'), survey: page('survey.html') } },
  },
  worker: { format: 'es' },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
