import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { BookId } from '@bookstore/contracts';

/** The guest cart's localStorage key (fixed: specs and the merge rely on it). */
export const GUEST_CART_KEY = 'bookstore_guest_cart';
export const MAX_QUANTITY = 99;

export interface GuestCartLine {
  bookId: BookId;
  quantity: number;
  /** Snapshots taken when the book was added, so the cart renders without the API. */
  title: string;
  price: number;
  /** When the line last changed (ISO time); part of the merge's idempotency key. */
  updatedAt: string;
}

const SAME_TAB_EVENT = 'bookstore:guest-cart';

function isLine(value: unknown): value is GuestCartLine {
  if (typeof value !== 'object' || value === null) return false;
  const line = value as Record<string, unknown>;
  return (
    typeof line.bookId === 'number' &&
    Number.isInteger(line.bookId) &&
    line.bookId >= 1 &&
    typeof line.quantity === 'number' &&
    Number.isInteger(line.quantity) &&
    line.quantity >= 1 &&
    line.quantity <= MAX_QUANTITY &&
    typeof line.title === 'string' &&
    typeof line.price === 'number' &&
    Number.isFinite(line.price)
  );
}

/** Parses the stored value; anything unreadable (corrupt JSON, wrong shape) is an empty cart. */
export function parseGuestCart(raw: string | null): GuestCartLine[] {
  if (raw === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.filter(isLine).map((line) => ({
    ...line,
    updatedAt: typeof line.updatedAt === 'string' ? line.updatedAt : '',
  }));
}

function safeStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled by the browser
  }
}

export function readGuestCart(): GuestCartLine[] {
  return parseGuestCart(safeStorage()?.getItem(GUEST_CART_KEY) ?? null);
}

export function writeGuestCart(lines: readonly GuestCartLine[]): void {
  const storage = safeStorage();
  if (storage === null) return;
  if (lines.length === 0) storage.removeItem(GUEST_CART_KEY);
  else storage.setItem(GUEST_CART_KEY, JSON.stringify(lines));
  // `storage` events reach other tabs only; tell this tab's subscribers ourselves.
  globalThis.dispatchEvent(new Event(SAME_TAB_EVENT));
}

export function clampQuantity(quantity: number): number {
  return Math.min(MAX_QUANTITY, Math.max(1, Math.round(quantity)));
}

export function addLine(
  lines: readonly GuestCartLine[],
  item: { bookId: BookId; title: string; price: number },
  quantity: number,
  now = new Date().toISOString(),
): GuestCartLine[] {
  const existing = lines.find((line) => line.bookId === item.bookId);
  if (existing === undefined) {
    return [
      ...lines,
      {
        bookId: item.bookId,
        title: item.title,
        price: item.price,
        quantity: clampQuantity(quantity),
        updatedAt: now,
      },
    ];
  }
  return lines.map((line) =>
    line === existing
      ? {
          ...line,
          title: item.title,
          price: item.price,
          quantity: clampQuantity(line.quantity + quantity),
          updatedAt: now,
        }
      : line,
  );
}

// One cached snapshot per raw string keeps useSyncExternalStore's getSnapshot stable.
let cachedRaw: string | null | undefined;
let cachedLines: GuestCartLine[] = [];
function snapshot(): GuestCartLine[] {
  const raw = safeStorage()?.getItem(GUEST_CART_KEY) ?? null;
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cachedLines = parseGuestCart(raw);
  }
  return cachedLines;
}

function subscribe(onChange: () => void): () => void {
  const onStorage = (event: StorageEvent): void => {
    if (event.key === GUEST_CART_KEY || event.key === null) onChange();
  };
  globalThis.addEventListener('storage', onStorage);
  globalThis.addEventListener(SAME_TAB_EVENT, onChange);
  return () => {
    globalThis.removeEventListener('storage', onStorage);
    globalThis.removeEventListener(SAME_TAB_EVENT, onChange);
  };
}

export interface GuestCart {
  lines: GuestCartLine[];
  add: (item: { bookId: BookId; title: string; price: number }, quantity?: number) => void;
  setQuantity: (bookId: BookId, quantity: number) => void;
  remove: (bookId: BookId) => void;
  clear: () => void;
}

/** The guest cart, shared live by every component and every tab of this origin. */
export function useGuestCart(): GuestCart {
  const lines = useSyncExternalStore(subscribe, snapshot, () => []);
  // Each change re-reads storage first, so a change made in another tab is never overwritten.
  const add = useCallback<GuestCart['add']>((item, quantity = 1) => {
    writeGuestCart(addLine(readGuestCart(), item, quantity));
  }, []);
  const setQuantity = useCallback<GuestCart['setQuantity']>((bookId, quantity) => {
    const now = new Date().toISOString();
    writeGuestCart(
      readGuestCart().map((line) =>
        line.bookId === bookId
          ? { ...line, quantity: clampQuantity(quantity), updatedAt: now }
          : line,
      ),
    );
  }, []);
  const remove = useCallback<GuestCart['remove']>((bookId) => {
    writeGuestCart(readGuestCart().filter((line) => line.bookId !== bookId));
  }, []);
  const clear = useCallback(() => writeGuestCart([]), []);
  return useMemo(
    () => ({ lines, add, setQuantity, remove, clear }),
    [lines, add, setQuantity, remove, clear],
  );
}
