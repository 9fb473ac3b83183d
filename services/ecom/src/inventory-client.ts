import type { ReservationLine, ReserveRequest } from '@bookstore/contracts';
import type { ServiceTokenSource } from '@bookstore/service-kit';
import { Agent, request } from 'undici';

export type InventoryAnswer =
  | { kind: 'ok'; status: number; body: unknown }
  | { kind: 'refused'; status: number; body: unknown }
  | { kind: 'unreachable'; detail: string };

/**
 * Calls inventory's reservation API over HTTP as ecom itself: the bearer token is ecom's own
 * (client credentials, realm role inventory-reservations), never the buyer's, so the reconciler can
 * confirm and release holds with no user present. A 401 (token revoked, keys rotated) fetches a
 * new token and retries once.
 */
export class InventoryClient {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
    private readonly tokens: ServiceTokenSource,
  ) {
    this.agent = new Agent({
      connections: 32,
      connectTimeout: timeoutMs,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  private async call(
    method: 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<InventoryAnswer> {
    const first = await this.attempt(method, path, body);
    if (first.kind !== 'refused' || first.status !== 401) return first;
    this.tokens.invalidate();
    return this.attempt(method, path, body);
  }

  private async attempt(
    method: 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<InventoryAnswer> {
    try {
      const authorization = await this.tokens.authorization();
      const response = await request(`${this.baseUrl.replace(/\/$/, '')}${path}`, {
        method,
        dispatcher: this.agent,
        headers: {
          authorization,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.body.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // keep the text: it goes into the problem detail
      }
      if (response.statusCode >= 500)
        return { kind: 'unreachable', detail: `inventory answered ${response.statusCode}` };
      return response.statusCode < 300
        ? { kind: 'ok', status: response.statusCode, body: parsed }
        : { kind: 'refused', status: response.statusCode, body: parsed };
    } catch (error) {
      return {
        kind: 'unreachable',
        detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      };
    }
  }

  reserve(reservationId: string, lines: ReservationLine[]): Promise<InventoryAnswer> {
    const body: ReserveRequest = { reservationId, lines };
    return this.call('POST', '/inven/reservations', body);
  }

  confirm(reservationId: string): Promise<InventoryAnswer> {
    return this.call('POST', `/inven/reservations/${reservationId}/confirm`);
  }

  release(reservationId: string): Promise<InventoryAnswer> {
    return this.call('DELETE', `/inven/reservations/${reservationId}`);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
