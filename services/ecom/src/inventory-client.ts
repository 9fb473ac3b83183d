import { Agent, request } from 'undici';

export interface ReservationLine {
  bookId: number;
  quantity: number;
}

export type InventoryAnswer =
  | { kind: 'ok'; status: number; body: unknown }
  | { kind: 'refused'; status: number; body: unknown }
  | { kind: 'unreachable'; detail: string };

/**
 * Calls inventory over HTTP, forwarding the caller's Authorization header (service-to-service
 * traffic carries the user's identity; inventory enforces ownership of reservations).
 */
export class InventoryClient {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
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
    authorization: string,
    body?: unknown,
  ): Promise<InventoryAnswer> {
    try {
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

  reserve(
    reservationId: string,
    lines: ReservationLine[],
    authorization: string,
  ): Promise<InventoryAnswer> {
    return this.call('POST', '/inven/reservations', authorization, { reservationId, lines });
  }

  confirm(reservationId: string, authorization: string): Promise<InventoryAnswer> {
    return this.call('POST', `/inven/reservations/${reservationId}/confirm`, authorization);
  }

  release(reservationId: string, authorization: string): Promise<InventoryAnswer> {
    return this.call('DELETE', `/inven/reservations/${reservationId}`, authorization);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
