import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EnvConfigError, isValidIsbn13, SEED_BOOKS } from '../src/index.js';
import { seedBooks } from '../src/catalog.js';
import { loadEcomConfig } from '../../ecom/src/config.js';
import { loadInventoryConfig } from '../../inventory/src/config.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('seed catalog', () => {
  it('should hold at least 60 distinct real books with valid ISBN-13 check digits', () => {
    expect(SEED_BOOKS.length).toBeGreaterThanOrEqual(60);
    for (const book of SEED_BOOKS) {
      expect(isValidIsbn13(book.isbn), `${book.title} ${book.isbn}`).toBe(true);
      expect(book.title.length).toBeGreaterThan(0);
      expect(book.author.length).toBeGreaterThan(0);
      expect(book.priceCents).toBeGreaterThan(0);
      expect(book.description.length).toBeGreaterThan(10);
      expect(book.coverColor).toMatch(/^#[0-9a-f]{6}$/);
    }
    expect(new Set(SEED_BOOKS.map((b) => b.isbn)).size).toBe(SEED_BOOKS.length);
    expect(SEED_BOOKS.map((b) => b.id)).toEqual(SEED_BOOKS.map((_, i) => i + 1));
  });

  it('should refuse a bad catalog file naming every problem', () => {
    const good = { ...SEED_BOOKS[0]! } as Partial<(typeof SEED_BOOKS)[number]>;
    delete good.id;
    delete good.coverColor;
    expect(() =>
      seedBooks([
        good,
        { ...good, isbn: '9780141439519', priceCents: 0 },
        { ...good, publisher: 'x' },
      ]),
    ).toThrow(
      /^seed-books\.json is not a valid catalog: 1\.isbn: must be an ISBN-13 with a valid check digit; 1\.priceCents: .*; 2: Unrecognized key: "publisher"; 2\.isbn: repeats book 0$/,
    );
    expect(() => seedBooks([])).toThrow(/too small/i);
  });

  it('should reject ISBN-13s with a wrong check digit or shape', () => {
    expect(isValidIsbn13('9780141439518')).toBe(true);
    expect(isValidIsbn13('9780141439519')).toBe(false);
    expect(isValidIsbn13('978014143951')).toBe(false);
    expect(isValidIsbn13('1234567890123')).toBe(false);
    expect(isValidIsbn13('97801414395X8')).toBe(false);
  });
});

describe('environment validation', () => {
  it('should list every problem at once', () => {
    let caught: unknown;
    try {
      loadEcomConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        INVENTORY_URL: 'nope',
        LOG_LEVEL: 'loud',
        JWT_CLOCK_TOLERANCE_SEC: 'soon',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvConfigError);
    const variables = (caught as EnvConfigError).issues.map((issue) => issue.variable).sort();
    expect(variables).toEqual([
      'DATABASE_URL',
      'INVENTORY_URL',
      'JWT_CLOCK_TOLERANCE_SEC',
      'LOG_LEVEL',
      'OIDC_CLIENT_SECRET',
      'OIDC_ISSUER',
      'OIDC_JWKS_URL',
      'OIDC_TOKEN_URL',
      'PORT',
      'REDIS_URL',
    ]);
  });

  it('should apply defaults', () => {
    const config = loadInventoryConfig({
      DATABASE_URL: 'postgres://inventory:pw@127.0.0.1:5432/inventory',
      OIDC_ISSUER: 'http://localhost:30000/auth/realms/bookstore',
      OIDC_JWKS_URL: 'http://127.0.0.1:18180/auth/realms/bookstore/protocol/openid-connect/certs',
    });
    expect(config).toMatchObject({
      HOST: '127.0.0.1',
      PORT: 8080,
      OIDC_AUDIENCE: 'bookstore-api',
      LOG_LEVEL: 'info',
    });
  });

  it('should make main.ts exit non-zero with one message naming every missing variable', () => {
    for (const service of ['ecom', 'inventory']) {
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', `services/${service}/src/main.ts`],
        {
          cwd: REPO_ROOT,
          env: { PATH: process.env['PATH'] ?? '', PORT: 'x' },
          encoding: 'utf8',
          timeout: 20_000,
        },
      );
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toContain(`${service}: invalid environment`);
      for (const variable of ['PORT', 'DATABASE_URL', 'OIDC_ISSUER', 'OIDC_JWKS_URL'])
        expect(result.stderr).toContain(`- ${variable}:`);
      if (service === 'ecom')
        for (const variable of ['OIDC_TOKEN_URL', 'OIDC_CLIENT_SECRET'])
          expect(result.stderr).toContain(`- ${variable}:`);
    }
  });
});
