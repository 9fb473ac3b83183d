import { OutOfStockProblemSchema } from '@bookstore/contracts';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../api/context';
import { useAuth } from '../auth/auth';
import { isApiError } from '../api/errors';
import { ErrorPanel } from '../components/ErrorPanel';
import { useCart, type CartViewLine } from '../cart/cart';
import { formatPrice } from '../format';
import { confirmationPath, paths } from '../paths';
import { usePageTitle } from '../usePageTitle';

/** Out of stock: name each book that is short and how many are left; else the usual panel. */
function CheckoutError({ error, lines }: { error: unknown; lines: CartViewLine[] }) {
  if (!isApiError(error) || error.kind !== 'out-of-stock') return <ErrorPanel error={error} />;
  const parsed = OutOfStockProblemSchema.safeParse(error.problem);
  const shortages = parsed.success ? parsed.data.shortages : [];
  const titleOf = (bookId: number): string =>
    lines.find((l) => l.bookId === bookId)?.title ?? `Book ${bookId}`;
  return (
    <div className="panel panel-error" role="alert">
      <h2>Some books are out of stock</h2>
      {shortages.length > 0 ? (
        <ul>
          {shortages.map((s) => (
            <li key={s.bookId}>
              “{titleOf(s.bookId)}”: {s.available === 0 ? 'none left' : `only ${s.available} left`},
              you asked for {s.requested}
            </li>
          ))}
        </ul>
      ) : (
        <p>{error.problem?.detail ?? 'Some books are no longer available in that quantity.'}</p>
      )}
      <p>No order was placed. Update your cart, then check out again.</p>
      <Link to={paths.cart} className="button">
        Update your cart
      </Link>
    </div>
  );
}

export function CheckoutPage() {
  usePageTitle('Checkout');
  const api = useApi();
  const auth = useAuth();
  const cart = useCart();
  const navigate = useNavigate();
  const [placing, setPlacing] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  if (auth.status !== 'signed-in') {
    return (
      <>
        <h1>Checkout</h1>
        <div className="panel empty">
          <h2>Sign in to check out</h2>
          <p>We need to know who you are to place your order. Your cart comes with you.</p>
          <button
            type="button"
            className="button"
            disabled={auth.status === 'loading'}
            onClick={() => void auth.signIn(paths.checkout)}
          >
            Sign in
          </button>
        </div>
      </>
    );
  }
  if (cart.lines.length === 0 && !cart.loading) {
    return (
      <>
        <h1>Checkout</h1>
        <div className="panel empty">
          <h2>Your cart is empty</h2>
          <p>Add a book or two before checking out.</p>
          <Link to={paths.catalog} className="button">
            Browse books
          </Link>
        </div>
      </>
    );
  }

  const placeOrder = async (): Promise<void> => {
    setPlacing(true);
    setError(undefined);
    try {
      const order = await api.checkout();
      cart.reload();
      await navigate(confirmationPath(order.id), { replace: true, state: { order } });
    } catch (failure) {
      setError(failure);
      setPlacing(false);
    }
  };

  return (
    <>
      <h1>Review your order</h1>
      {error !== undefined && <CheckoutError error={error} lines={cart.lines} />}
      <div className="cart-layout">
        <ul className="lines" aria-label="Order items">
          {cart.lines.map((line) => (
            <li key={line.bookId} className="line line-compact">
              <div className="line-info">
                <h2 className="line-title">{line.title}</h2>
                <p className="muted">
                  {line.quantity} × {formatPrice(line.price)}
                </p>
              </div>
              <p className="line-total price">{formatPrice(line.price * line.quantity)}</p>
            </li>
          ))}
        </ul>
        <aside className="summary" aria-labelledby="summary-heading">
          <h2 id="summary-heading">Total</h2>
          <p className="price price-lg">{formatPrice(cart.subtotal)}</p>
          <button
            type="button"
            className="button button-block button-lg"
            disabled={placing}
            onClick={() => void placeOrder()}
          >
            {placing ? 'Placing order…' : 'Place order'}
          </button>
          <Link to={paths.cart} className="button button-link button-block">
            Back to cart
          </Link>
        </aside>
      </div>
    </>
  );
}
