import { act, render, renderHook, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  addLine,
  GUEST_CART_KEY,
  parseGuestCart,
  readGuestCart,
  useGuestCart,
  type GuestCartLine,
} from './guestCart';

const hobbit = { bookId: 1, title: 'The Hobbit', price: 12.5 };
const dune = { bookId: 2, title: 'Dune', price: 9.99 };

/** What another tab does: write storage, then the browser fires `storage` in this tab. */
function changeFromOtherTab(lines: unknown): void {
  const newValue = typeof lines === 'string' ? lines : JSON.stringify(lines);
  localStorage.setItem(GUEST_CART_KEY, newValue);
  window.dispatchEvent(new StorageEvent('storage', { key: GUEST_CART_KEY, newValue }));
}

describe('guest cart storage', () => {
  it.each([
    ['corrupt JSON', '{"bookId": 1, '],
    ['a non-array', '{"bookId": 1}'],
    ['a number', '42'],
    ['null', 'null'],
  ])('should treat %s as an empty cart', (_name, raw) => {
    expect(parseGuestCart(raw)).toEqual([]);
  });

  it('should drop malformed lines and keep valid ones', () => {
    const raw = JSON.stringify([
      { bookId: 1, quantity: 2, title: 'The Hobbit', price: 12.5, updatedAt: 't' },
      { bookId: 2, quantity: 0, title: 'Zero', price: 1 },
      { bookId: 3, quantity: 1, title: 'No price' },
      { quantity: 1, title: 'No id', price: 1 },
      'junk',
    ]);
    expect(parseGuestCart(raw)).toEqual([
      { bookId: 1, quantity: 2, title: 'The Hobbit', price: 12.5, updatedAt: 't' },
    ]);
  });

  it('should add to an existing line and cap the quantity at 99', () => {
    let lines: GuestCartLine[] = addLine([], hobbit, 2, 't1');
    lines = addLine(lines, hobbit, 3, 't2');
    expect(lines).toEqual([{ ...hobbit, quantity: 5, updatedAt: 't2' }]);
    expect(addLine(lines, hobbit, 500, 't3')[0]?.quantity).toBe(99);
  });
});

describe('useGuestCart', () => {
  it('should start empty, never crash, when localStorage holds corrupt JSON', () => {
    localStorage.setItem(GUEST_CART_KEY, 'not json at all');
    const { result } = renderHook(() => useGuestCart());
    expect(result.current.lines).toEqual([]);
    act(() => result.current.add(hobbit));
    expect(readGuestCart()).toMatchObject([
      { bookId: 1, quantity: 1, title: 'The Hobbit', price: 12.5 },
    ]);
  });

  it('should persist adds, quantity changes and removals in localStorage', () => {
    const { result } = renderHook(() => useGuestCart());
    act(() => result.current.add(hobbit, 2));
    act(() => result.current.add(dune));
    act(() => result.current.setQuantity(1, 4));
    expect(result.current.lines.map((l) => [l.bookId, l.quantity])).toEqual([
      [1, 4],
      [2, 1],
    ]);
    act(() => result.current.remove(1));
    expect(JSON.parse(localStorage.getItem(GUEST_CART_KEY) ?? 'null')).toMatchObject([
      { bookId: 2, quantity: 1 },
    ]);
    act(() => result.current.clear());
    expect(localStorage.getItem(GUEST_CART_KEY)).toBeNull();
  });

  it('should keep every component of this tab in step', () => {
    function Count() {
      const cart = useGuestCart();
      return <p>{cart.lines.reduce((n, l) => n + l.quantity, 0)} in cart</p>;
    }
    const { result } = renderHook(() => useGuestCart());
    render(<Count />);
    act(() => result.current.add(hobbit, 3));
    expect(screen.getByText('3 in cart')).toBeInTheDocument();
  });

  it('should follow changes made in another tab through the storage event', () => {
    const { result } = renderHook(() => useGuestCart());
    act(() => changeFromOtherTab([{ ...hobbit, quantity: 2, updatedAt: 't' }]));
    expect(result.current.lines).toEqual([{ ...hobbit, quantity: 2, updatedAt: 't' }]);

    act(() => changeFromOtherTab('{broken'));
    expect(result.current.lines).toEqual([]);
  });

  it("should not overwrite another tab's line when adding", () => {
    const { result } = renderHook(() => useGuestCart());
    act(() => result.current.add(hobbit));
    // The other tab adds Dune; this tab's next add must keep it.
    act(() => changeFromOtherTab([...readGuestCart(), { ...dune, quantity: 1, updatedAt: 't' }]));
    act(() => result.current.add(hobbit));
    expect(readGuestCart().map((l) => [l.bookId, l.quantity])).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });
});
