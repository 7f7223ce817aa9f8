/**
 * GET /openapi.json, the API's description (gateway/http/openapi.ts), GET /asyncapi.json, the
 * topics' and the live feed's (gateway/http/asyncapi.ts), and GET /docs, a reference
 * page drawn by Swagger UI from the npm package swagger-ui-dist: served from node_modules, no CDN,
 * and within the site's Content-Security-Policy (its own script and style files, nothing inline).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Router } from 'express';
import { SCHEMAS_DIR } from '../../schemas/location.js';
import { loadSchemas } from '../../schemas/registry.js';
import { asyncApiDocument } from '../http/asyncapi.js';
import { openApiDocument, type DescribedSettings } from '../http/openapi.js';

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>auction-stream API</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/start.js"></script>
  </body>
</html>
`;

// A file, not an inline script: the CSP allows only the site's own scripts.
const START = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  validatorUrl: null,
});
`;

// Resolved as Node resolves the package, wherever npm put it.
const packageRoot = path.dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
);

/** The two files of the package the page needs, and nothing else of node_modules. */
const PACKAGE_FILES = ['swagger-ui-bundle.js', 'swagger-ui.css'];

export function docsRoutes(settings: DescribedSettings) {
  const router = Router();
  const description = openApiDocument(settings);
  router.get('/openapi.json', (_req, res) => {
    res.json(description);
  });
  // Built from the .avsc files on first request, once.
  let events: Promise<ReturnType<typeof asyncApiDocument>> | undefined;
  router.get('/asyncapi.json', async (_req, res) => {
    events ??= loadSchemas(SCHEMAS_DIR).then((schemas) => asyncApiDocument(schemas));
    res.json(await events);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/docs/:file', (req, res, next) => {
    const file = String(req.params.file);
    if (file === 'start.js') res.type('js').send(START);
    else if (PACKAGE_FILES.includes(file)) res.sendFile(path.join(packageRoot, file));
    else next();
  });
  return router;
}
