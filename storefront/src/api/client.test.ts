import { describe, expect, it } from 'vitest';
import { createApiClient } from './client';
import { ApiError } from './errors';

const answering = (status: number, body: unknown) =>
  createApiClient({
    baseUrl: 'http://api.test',
    getAccessToken: () => 'token',
    fetch: () =>
      Promise.resolve(
        new Response(JSON.stringify(body), {
          status,
          headers: {
            'content-type': status < 400 ? 'application/json' : 'application/problem+json',
          },
        }),
      ),
  });

describe('createApiClient', () => {
  it('refuses an answer the contract does not accept, naming the fields', async () => {
    const api = answering(200, {
      items: [{ id: '1', status: 'confirmed', items: [{ bookId: 1, quantity: 1, price: 9.99 }] }],
    });
    const error = await api.listOrders().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('server');
    expect((error as ApiError).message).toMatch(/GET \/ecom\/orders: .*API contract/);
    expect((error as ApiError).message).toMatch(/items\[0\]\.items\[0\]\.unitPriceCents/);
  });

  it('reads an out-of-stock problem and ignores a body that is not problem details', async () => {
    const outOfStock = {
      type: '/problems/out-of-stock',
      title: 'Not enough stock',
      status: 409,
      detail: 'Not enough stock; nothing was reserved.',
      shortages: [{ bookId: 1, requested: 3, available: 1 }],
    };
    const refused = await answering(409, outOfStock)
      .checkout()
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'out-of-stock', problem: outOfStock });
    const odd = await answering(409, { error: 'conflict' })
      .checkout()
      .catch((e: unknown) => e);
    expect(odd).toMatchObject({ kind: 'conflict', problem: null });
  });
});
