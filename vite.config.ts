/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// The web app lives in web/ (the API server serves web/dist); vitest runs from the repo root.
const underVitest = Boolean(process.env.VITEST);

export default defineConfig({
  root: underVitest ? '.' : 'web',
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
