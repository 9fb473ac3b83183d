// @vitest-environment node
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeConfigFromEnv } from '../src/runtime-config.ts';
import { buildServer } from './app.ts';

let dir: string;
let app: FastifyInstance;
const bigScript = `console.log(${JSON.stringify('x'.repeat(5_000))});`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'storefront-server-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(join(dir, 'assets', 'index-AbC123.js'), bigScript);
  await writeFile(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  app = await buildServer({
    staticDir: dir,
    config: runtimeConfigFromEnv({
      OIDC_AUTHORITY: 'http://localhost:30000/auth/realms/bookstore',
      OIDC_CLIENT_ID: 'storefront',
      API_BASE_URL: 'http://127.0.0.1:18081',
    }),
  });
});

afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

describe('storefront server', () => {
  it('should serve /config.json from the environment, never cached', async () => {
    const response = await app.inject('/config.json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({
      oidcAuthority: 'http://localhost:30000/auth/realms/bookstore',
      oidcClientId: 'storefront',
      apiBaseUrl: 'http://127.0.0.1:18081',
    });
  });

  it.each([
    '/',
    '/books/42',
    '/search?q=dune',
    '/cart',
    '/checkout',
    '/checkout/confirmation/abc',
    '/orders',
    '/orders/abc',
    '/callback?code=x&state=y',
  ])('should answer the app route %s with the SPA shell, not cached', async (url) => {
    const response = await app.inject(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toContain('<div id="root">');
  });

  it.each([
    '/nope',
    '/books',
    '/books/1/extra',
    '/orders/1/2',
    '/assets/missing.js',
    '/index.php',
    '/ecom/books',
  ])('should answer %s with a 404 page, not the SPA shell', async (url) => {
    const response = await app.inject(url);
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Page not found');
    expect(response.body).not.toContain('<div id="root">');
  });

  it('should cache hashed assets forever and compress them', async () => {
    const response = await app.inject({
      url: '/assets/index-AbC123.js',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(bigScript);

    const gzip = await app.inject({
      url: '/assets/index-AbC123.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzip.headers['content-encoding']).toBe('gzip');
  });

  it('should keep index.html and unhashed files out of the long cache', async () => {
    expect((await app.inject('/index.html')).headers['cache-control']).toBe('no-cache');
    expect((await app.inject('/favicon.svg')).headers['cache-control']).toBe(
      'public, max-age=3600',
    );
  });

  it('should answer /healthz and send security headers', async () => {
    const response = await app.inject('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('ok');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain(
      "connect-src 'self' http://localhost:30000 http://127.0.0.1:18081",
    );
  });

  it('should refuse to start without a build, saying what to run', async () => {
    await expect(
      buildServer({ staticDir: join(dir, 'missing'), config: runtimeConfigFromEnv({}) }),
    ).rejects.toThrow(/npm run build -w @bookstore\/storefront/);
  });

  it('should report every invalid config variable at once', () => {
    expect(() =>
      runtimeConfigFromEnv({
        OIDC_AUTHORITY: 'nope',
        API_BASE_URL: 'ftp://x',
        OIDC_CLIENT_ID: ' ',
      }),
    ).toThrow(/OIDC_AUTHORITY.*API_BASE_URL.*OIDC_CLIENT_ID/);
  });
});
