import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import { Counter, type Registry } from 'prom-client';

const GENERATION_KEY = 'ecom:catalog:gen';
/** Returns [generation, value]; a missing value comes back as nil. */
const LOOKUP_SCRIPT = `
local gen = redis.call('GET', KEYS[1]) or '0'
return { gen, redis.call('GET', 'ecom:catalog:' .. gen .. ':' .. ARGV[1]) }
`;

/**
 * Cache-aside for catalog reads. Every key embeds a catalog generation; a change bumps the
 * generation (INCR), so all cached pages, searches and books become unreachable at once and expire
 * by TTL. A reader that raced an update can only write under the old generation, never serve it.
 *
 * Redis is optional at runtime: commands fail fast while it is down (no offline queue, short
 * timeouts) and callers fall back to PostgreSQL.
 */
export class CatalogCache {
  readonly redis: Redis;
  private readonly lookups: Counter<'result'>;
  private lastState = 'connecting';
  private closing = false;
  /** A change could not be announced while Redis was unreachable; announce it on reconnect. */
  private invalidationPending = false;

  constructor(
    url: string,
    private readonly ttlSec: number,
    private readonly log: FastifyBaseLogger,
    metrics: Registry,
  ) {
    this.redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1_000,
      commandTimeout: 250,
      // Keep reconnecting in the background, at most every 2 s.
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      lazyConnect: false,
    });
    this.redis.on('error', (error: Error) => this.transition('error', error.message));
    this.redis.on('ready', () => {
      this.transition('ready');
      // Redis may have kept entries cached before the outage: make them stale now, not at TTL.
      if (this.invalidationPending) void this.invalidate();
    });
    this.redis.on('end', () => this.transition('end'));
    this.lookups = new Counter({
      name: 'ecom_catalog_cache_lookups_total',
      help: 'Catalog cache lookups by result (hit, miss, error = Redis unavailable)',
      labelNames: ['result'] as const,
      registers: [metrics],
    });
  }

  /** Logs state changes once, not every failed reconnect. */
  private transition(state: string, detail?: string): void {
    if (state === this.lastState || this.closing) return;
    this.lastState = state;
    if (state === 'ready') this.log.info('redis connected; catalog cache enabled');
    else this.log.warn({ detail }, 'redis unavailable; serving the catalog from PostgreSQL');
  }

  get connected(): boolean {
    return this.redis.status === 'ready';
  }

  /** Returns the cached value, or computes, stores (without waiting) and returns it. */
  async getOrLoad<T>(key: string, load: () => Promise<T>): Promise<T> {
    let fullKey: string | undefined;
    try {
      // One round trip: a script reads the generation and the entry stored under it.
      const reply = (await this.redis.eval(LOOKUP_SCRIPT, 1, GENERATION_KEY, key)) as [
        string,
        string | null | undefined,
      ];
      fullKey = `ecom:catalog:${reply[0]}:${key}`;
      const cached = reply[1];
      if (cached !== undefined && cached !== null) {
        this.lookups.inc({ result: 'hit' });
        return JSON.parse(cached) as T;
      }
      this.lookups.inc({ result: 'miss' });
    } catch {
      this.lookups.inc({ result: 'error' });
    }
    const value = await load();
    if (fullKey !== undefined) {
      this.redis.set(fullKey, JSON.stringify(value), 'EX', this.ttlSec).catch(() => undefined);
    }
    return value;
  }

  /**
   * Makes every cached catalog read stale. Returns false when Redis could not be told; then it is
   * told as soon as this client reconnects.
   */
  async invalidate(): Promise<boolean> {
    try {
      await this.redis.incr(GENERATION_KEY);
      this.invalidationPending = false;
      return true;
    } catch (error) {
      this.invalidationPending = true;
      this.log.error(
        { err: error },
        'catalog cache invalidation failed; retried when Redis is reachable again',
      );
      return false;
    }
  }

  close(): Promise<void> {
    this.closing = true;
    this.redis.disconnect();
    return Promise.resolve();
  }
}
