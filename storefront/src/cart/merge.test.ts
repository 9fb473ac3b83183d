import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors';
import type { Cart } from '@bookstore/contracts';
import { GUEST_CART_KEY, readGuestCart, writeGuestCart, type GuestCartLine } from './guestCart';
import { describeMergeFailures, mergeGuestCart, mergeKey } from './merge';

const lines: GuestCartLine[] = [
  {
    bookId: 1,
    quantity: 2,
    title: 'The Hobbit',
    price: 12.99,
    updatedAt: '2026-01-01T00:00:00.000Z',
  },
  { bookId: 2, quantity: 1, title: 'Dune', price: 9.99, updatedAt: '2026-01-01T00:00:01.000Z' },
  { bookId: 3, quantity: 4, title: 'Emma', price: 7.99, updatedAt: '2026-01-01T00:00:02.000Z' },
];
const emptyCart: Cart = { items: [], totalQuantity: 0, totalCents: 0, total: 0 };

describe('mergeGuestCart', () => {
  it('should post every line with its Idempotency-Key and clear storage when all succeed', async () => {
    writeGuestCart(lines);
    const addToCart = vi.fn(() => Promise.resolve(emptyCart));
    const result = await mergeGuestCart({ addToCart }, 'user-1');
    expect(addToCart.mock.calls).toEqual(
      lines.map((l) => [{ bookId: l.bookId, quantity: l.quantity }, mergeKey('user-1', l)]),
    );
    expect(result.merged).toHaveLength(3);
    expect(result.failed).toEqual([]);
    expect(localStorage.getItem(GUEST_CART_KEY)).toBeNull();
  });

  it('should keep only the failed line in storage after a partial failure', async () => {
    writeGuestCart(lines);
    const refused = new ApiError('server', 'POST /ecom/cart: expected 2xx, got 500', 500);
    const addToCart = vi.fn((line: { bookId: number }) =>
      line.bookId === 2 ? Promise.reject(refused) : Promise.resolve(emptyCart),
    );
    const result = await mergeGuestCart({ addToCart }, 'user-1');
    expect(result.merged.map((l) => l.bookId)).toEqual([1, 3]);
    expect(result.failed).toEqual([{ line: lines[1], error: refused }]);
    expect(readGuestCart()).toEqual([lines[1]]);
  });

  it('should send the same key when a failed line is retried, so the API can drop a duplicate', async () => {
    writeGuestCart(lines);
    const keys: string[] = [];
    let first = true;
    const addToCart = vi.fn((_line: unknown, key: string) => {
      keys.push(key);
      if (first) {
        first = false;
        return Promise.reject(new ApiError('network', 'no answer')); // maybe applied, answer lost
      }
      return Promise.resolve(emptyCart);
    });
    await mergeGuestCart({ addToCart }, 'user-1', [lines[0]!]);
    expect(readGuestCart().map((l) => l.bookId)).toEqual([1, 2, 3]);
    await mergeGuestCart({ addToCart }, 'user-1', [lines[0]!]);
    expect(keys[0]).toBe(keys[1]);
    expect(readGuestCart().map((l) => l.bookId)).toEqual([2, 3]);
  });

  it('should derive different keys for different users, quantities and changes', () => {
    const line = lines[0]!;
    const key = mergeKey('user-1', line);
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(mergeKey('user-1', { ...line })).toBe(key);
    expect(mergeKey('user-2', line)).not.toBe(key);
    expect(mergeKey('user-1', { ...line, quantity: 3 })).not.toBe(key);
    expect(mergeKey('user-1', { ...line, updatedAt: '2026-02-01T00:00:00.000Z' })).not.toBe(key);
  });

  it('should keep a line another tab added while the merge ran', async () => {
    writeGuestCart([lines[0]!]);
    const addToCart = vi.fn(() => {
      writeGuestCart([...readGuestCart(), lines[2]!]); // the other tab
      return Promise.resolve(emptyCart);
    });
    await mergeGuestCart({ addToCart }, 'user-1');
    expect(readGuestCart()).toEqual([lines[2]]);
  });
});

describe('describeMergeFailures', () => {
  it('should say which books failed and why, in the API’s own words', () => {
    const capped = new ApiError('conflict', 'POST /ecom/cart: 409', 409, {
      type: '/problems/quantity-limit',
      title: 'Quantity limit',
      status: 409,
      detail: 'A cart line holds at most 99 copies.',
    });
    const gone = new ApiError('network', 'POST /ecom/cart: 503', 503);
    expect(
      describeMergeFailures([
        { line: lines[1]!, error: capped },
        { line: lines[2]!, error: gone },
      ]),
    ).toBe(
      '“Dune”: A cart line holds at most 99 copies. ' +
        '“Emma”: Check your connection and try again in a moment.',
    );
  });
});
