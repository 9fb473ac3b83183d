import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useApi } from '../api/context';
import { describeError } from '../api/errors';
import type { BookId, Cart, CartLine } from '@bookstore/contracts';
import { useAuth } from '../auth/auth';
import { randomKey } from '../ids';
import { useToast } from '../toast';
import { clampQuantity, useGuestCart, type GuestCartLine } from './guestCart';
import { mergeGuestCart, type MergeResult } from './merge';

/** A line on screen: a server cart line, or a guest line (which has no cover from the API). */
export type CartViewLine = Pick<CartLine, 'bookId' | 'title' | 'author' | 'price' | 'quantity'> &
  Partial<Pick<CartLine, 'coverUrl' | 'coverColor'>>;

export interface CartState {
  mode: 'guest' | 'user';
  lines: CartViewLine[];
  /** Signed in: guest lines that could not be moved into the account's cart yet. */
  pendingGuestLines: GuestCartLine[];
  /** What the badge shows: the total quantity of every line (guest, account and pending). */
  count: number;
  subtotal: number;
  loading: boolean;
  error: unknown;
  add: (book: { id: BookId; title: string; price: number }, quantity?: number) => Promise<boolean>;
  setQuantity: (bookId: BookId, quantity: number) => Promise<void>;
  remove: (bookId: BookId) => Promise<void>;
  reload: () => void;
  retryMerge: () => Promise<MergeResult | null>;
  discardPending: (bookId: BookId) => void;
}

const CartContext = createContext<CartState | null>(null);

export function useCart(): CartState {
  const cart = useContext(CartContext);
  if (cart === null) throw new Error('useCart: no <CartProvider> above this component');
  return cart;
}

export const CartContextProvider = CartContext.Provider;

function fromGuest(line: GuestCartLine): CartViewLine {
  return {
    bookId: line.bookId,
    title: line.title,
    author: '',
    price: line.price,
    quantity: line.quantity,
  };
}

/** Sums in cents, so 3 × $0.10 is $0.30 and not $0.30000000000000004. */
function subtotalOf(lines: readonly CartViewLine[]): number {
  return lines.reduce((cents, l) => cents + Math.round(l.price * 100) * l.quantity, 0) / 100;
}

export function CartProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const auth = useAuth();
  const guest = useGuestCart();
  const toast = useToast();
  const signedIn = auth.status === 'signed-in';
  const [serverLines, setServerLines] = useState<CartLine[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);

  useEffect(() => {
    if (!signedIn) {
      setServerLines([]);
      setError(undefined);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    api.getCart(controller.signal).then(
      (cart: Cart) => {
        setServerLines(cart.items);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [api, signedIn, generation]);

  const userId = auth.user?.id ?? null;
  const merging = useRef(false);
  const retryMerge = useCallback(async (): Promise<MergeResult | null> => {
    if (userId === null || merging.current) return null;
    merging.current = true;
    try {
      const result = await mergeGuestCart(api, userId);
      reload();
      return result;
    } finally {
      merging.current = false;
    }
  }, [api, userId, reload]);

  const add = useCallback<CartState['add']>(
    async (book, quantity = 1) => {
      try {
        if (signedIn) {
          const cart = await api.addToCart(
            { bookId: book.id, quantity: clampQuantity(quantity) },
            randomKey(),
          );
          setServerLines(cart.items);
        } else {
          guest.add({ bookId: book.id, title: book.title, price: book.price }, quantity);
        }
        toast.notify('success', `Added “${book.title}” to your cart`);
        return true;
      } catch (failure) {
        const { title, detail } = describeError(failure);
        toast.notify('error', `Could not add “${book.title}”: ${title}. ${detail}`);
        return false;
      }
    },
    [api, guest, signedIn, toast],
  );

  const setQuantity = useCallback<CartState['setQuantity']>(
    async (bookId, quantity) => {
      if (!signedIn) {
        guest.setQuantity(bookId, quantity);
        return;
      }
      const clamped = clampQuantity(quantity);
      const previous = serverLines;
      // Optimistic: the control answers at once; a failure puts the old value back.
      setServerLines((lines) =>
        lines.map((l) => (l.bookId === bookId ? { ...l, quantity: clamped } : l)),
      );
      try {
        setServerLines((await api.setCartQuantity(bookId, clamped)).items);
      } catch (failure) {
        setServerLines(previous);
        const { title, detail } = describeError(failure);
        toast.notify('error', `${title}. ${detail}`);
      }
    },
    [api, guest, serverLines, signedIn, toast],
  );

  const remove = useCallback<CartState['remove']>(
    async (bookId) => {
      if (!signedIn) {
        guest.remove(bookId);
        return;
      }
      const previous = serverLines;
      setServerLines((lines) => lines.filter((l) => l.bookId !== bookId));
      try {
        setServerLines((await api.removeFromCart(bookId)).items);
      } catch (failure) {
        setServerLines(previous);
        const { title, detail } = describeError(failure);
        toast.notify('error', `${title}. ${detail}`);
      }
    },
    [api, guest, serverLines, signedIn, toast],
  );

  const value = useMemo<CartState>(() => {
    const lines = signedIn ? serverLines : guest.lines.map(fromGuest);
    const pendingGuestLines = signedIn ? guest.lines : [];
    const quantity = (all: { quantity: number }[]): number =>
      all.reduce((n, l) => n + l.quantity, 0);
    return {
      mode: signedIn ? 'user' : 'guest',
      lines,
      pendingGuestLines,
      count: quantity(lines) + quantity(pendingGuestLines),
      subtotal: subtotalOf(lines),
      loading,
      error,
      add,
      setQuantity,
      remove,
      reload,
      retryMerge,
      discardPending: guest.remove,
    };
  }, [
    signedIn,
    serverLines,
    guest.lines,
    guest.remove,
    loading,
    error,
    add,
    setQuantity,
    remove,
    reload,
    retryMerge,
  ]);

  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}
