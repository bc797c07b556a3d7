import express, { type Router } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const SWAGGER_DIR = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/swagger-ui-bundle.js'));

/** The interactive API reference from swagger-ui-dist's local files (no CDN), with our own initialiser (CSP forbids inline scripts). */
export function apiDocs(): Router {
  const r = express.Router();
  r.get('/api/docs', (_req, res) => {
    res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>hubgraph API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head><body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script></body></html>`);
  });
  r.get('/api/docs/init.js', (_req, res) => {
    res
      .type('application/javascript')
      .send(`window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true });`);
  });
  r.use('/api/docs/assets', express.static(SWAGGER_DIR, { index: false, maxAge: '1h' }));
  return r;
}

/** The built web app; index.html for client-side routes (any GET outside /api that wants HTML). */
export function webApp(dist: string): Router {
  const r = express.Router();
  const index = path.join(dist, 'index.html');
  r.use(express.static(dist, { index: false, maxAge: '1h' }));
  r.get(/^(?!\/api(\/|$)).*/, (req, res, next) => {
    if (!req.accepts('html')) return next();
    if (!existsSync(index)) {
      res
        .status(200)
        .type('html')
        .send(
          '<!doctype html><title>hubgraph</title><p>The web app is not built (run <code>npx vite build</code>). The API is at <a href="/api/docs">/api/docs</a>.</p>',
        );
      return;
    }
    res.sendFile(index);
  });
  return r;
}
