import { existsSync } from 'node:fs';
import { join } from 'node:path';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyServerOptions,
} from 'fastify';
import { APP_ROUTE_PATTERNS } from '../src/paths.ts';
import type { RuntimeConfig } from '../src/runtime-config.ts';

export interface StorefrontServerOptions {
  /** Directory with the Vite build (index.html and assets/). */
  staticDir: string;
  config: RuntimeConfig;
  logger?: FastifyServerOptions['logger'];
}

/** Vite puts content-hashed files under /assets/: they never change, so they cache forever. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const NO_CACHE = 'no-cache';
const SHORT = 'public, max-age=3600';

/**
 * The storefront's production server: the built app, /config.json from the environment, the SPA
 * shell only on app routes, a real 404 everywhere else, and /healthz.
 */
export async function buildServer(options: StorefrontServerOptions): Promise<FastifyInstance> {
  const indexFile = join(options.staticDir, 'index.html');
  if (!existsSync(indexFile)) {
    throw new Error(
      `Storefront server: expected the built app at ${indexFile}, found nothing. ` +
        'Run `npm run build -w @bookstore/storefront` or set STATIC_DIR.',
    );
  }
  const app = Fastify({ logger: options.logger ?? false });
  const csp = contentSecurityPolicy(options.config);

  await app.register(compress, { global: true, encodings: ['br', 'gzip'], threshold: 1024 });

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'strict-origin-when-cross-origin');
    reply.header('Content-Security-Policy', csp);
    return payload;
  });

  await app.register(fastifyStatic, {
    root: options.staticDir,
    // Only files that exist get a route; everything else falls through to the handlers below.
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders: (res, filePath) => {
      const relative = filePath.slice(options.staticDir.length).replaceAll('\\', '/');
      res.setHeader(
        'Cache-Control',
        relative.startsWith('/assets/') ? IMMUTABLE : relative === '/index.html' ? NO_CACHE : SHORT,
      );
    },
  });

  app.get('/healthz', async (_request, reply) => reply.type('text/plain').send('ok'));

  app.get('/config.json', async (_request, reply) =>
    reply.header('Cache-Control', 'no-store').send(options.config),
  );

  const sendShell = (reply: FastifyReply): FastifyReply =>
    reply.header('Cache-Control', NO_CACHE).type('text/html; charset=utf-8').sendFile('index.html');
  for (const pattern of APP_ROUTE_PATTERNS) {
    app.get(pattern, async (_request, reply) => sendShell(reply));
  }

  app.setNotFoundHandler(async (request, reply) =>
    reply
      .code(404)
      .header('Cache-Control', NO_CACHE)
      .type('text/html; charset=utf-8')
      .send(notFoundPage(request.url)),
  );

  return app;
}

function contentSecurityPolicy(config: RuntimeConfig): string {
  const origins = new Set(["'self'"]);
  for (const url of [config.oidcAuthority, config.apiBaseUrl]) {
    if (url !== '') origins.add(new URL(url).origin);
  }
  const list = [...origins].join(' ');
  return [
    "default-src 'self'",
    `connect-src ${list}`,
    `img-src ${list} data:`,
    `frame-src ${list}`,
    "style-src 'self' 'unsafe-inline'",
    "script-src 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function notFoundPage(url: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Page not found · BookStore</title>
<style>
body{margin:0;min-height:100vh;display:grid;place-items:center;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#faf7f2;color:#1f2933}
main{max-width:32rem;padding:2rem;text-align:center}
h1{font-family:Georgia,"Times New Roman",serif;font-size:2rem;margin:0 0 .5rem}
p{color:#52606d;line-height:1.5}
code{background:#efe9df;padding:.1rem .35rem;border-radius:4px;word-break:break-all}
a{display:inline-block;margin-top:1rem;background:#7c2d12;color:#fff;padding:.65rem 1.2rem;border-radius:8px;text-decoration:none;font-weight:600}
</style>
</head>
<body>
<main>
<h1>Page not found</h1>
<p>We couldn't find <code>${escapeHtml(url)}</code>. It may have moved, or the address may be mistyped.</p>
<a href="/">Browse the bookstore</a>
</main>
</body>
</html>
`;
}
