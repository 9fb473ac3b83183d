import { Link } from 'react-router';
import { useAuth } from '../auth/auth';
import { BookCover } from '../components/BookCover';
import { ErrorPanel } from '../components/ErrorPanel';
import { QuantityControl } from '../components/QuantityControl';
import { useCart, type CartViewLine } from '../cart/cart';
import { describeMergeFailures } from '../cart/merge';
import { formatPrice, plural } from '../format';
import { bookPath, paths } from '../paths';
import { useToast } from '../toast';
import { usePageTitle } from '../usePageTitle';

function Line({ line }: { line: CartViewLine }) {
  const cart = useCart();
  return (
    <li className="line">
      <Link to={bookPath(line.bookId)} className="line-cover" tabIndex={-1} aria-hidden="true">
        <BookCover book={line} size="sm" />
      </Link>
      <div className="line-info">
        <h2 className="line-title">
          <Link to={bookPath(line.bookId)}>{line.title}</Link>
        </h2>
        {line.author && <p className="muted">{line.author}</p>}
        <p className="muted">{formatPrice(line.price)} each</p>
      </div>
      <QuantityControl
        title={line.title}
        quantity={line.quantity}
        onChange={(q) => void cart.setQuantity(line.bookId, q)}
      />
      <p className="line-total price">{formatPrice(line.price * line.quantity)}</p>
      <button
        type="button"
        className="button button-link"
        aria-label={`Remove ${line.title}`}
        onClick={() => void cart.remove(line.bookId)}
      >
        Remove
      </button>
    </li>
  );
}

function PendingGuestLines() {
  const cart = useCart();
  const toast = useToast();
  if (cart.pendingGuestLines.length === 0) return null;
  return (
    <section className="panel panel-warning" aria-labelledby="pending-heading">
      <h2 id="pending-heading">Not in your cart yet</h2>
      <p>
        {plural(cart.pendingGuestLines.length, 'book')} you picked before signing in could not be
        added to your account's cart. We kept {cart.pendingGuestLines.length === 1 ? 'it' : 'them'}{' '}
        here.
      </p>
      <ul className="pending">
        {cart.pendingGuestLines.map((line) => (
          <li key={line.bookId}>
            <span>
              {line.title} × {line.quantity}
            </span>
            <button
              type="button"
              className="button button-link"
              aria-label={`Discard ${line.title}`}
              onClick={() => cart.discardPending(line.bookId)}
            >
              Discard
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button button-secondary"
        onClick={() =>
          void cart.retryMerge().then((result) => {
            if (result && result.failed.length > 0) {
              toast.notify(
                'error',
                `${plural(result.failed.length, 'book')} still could not be added. ${describeMergeFailures(result.failed)}`,
              );
            } else if (result) toast.notify('success', 'Moved your books into your cart');
          })
        }
      >
        Add them to my cart
      </button>
    </section>
  );
}

export function CartPage() {
  usePageTitle('Your cart');
  const cart = useCart();
  const auth = useAuth();

  const body = (() => {
    if (cart.error !== undefined) return <ErrorPanel error={cart.error} onRetry={cart.reload} />;
    if (cart.mode === 'user' && cart.loading && cart.lines.length === 0) {
      return (
        <p className="muted" aria-busy="true">
          Loading your cart…
        </p>
      );
    }
    if (cart.lines.length === 0) {
      return (
        <div className="panel empty">
          <h2>Your cart is empty</h2>
          <p>
            Books you add will wait for you here
            {cart.mode === 'guest' ? ', even before you sign in' : ''}.
          </p>
          <Link to={paths.catalog} className="button">
            Browse books
          </Link>
        </div>
      );
    }
    const items = cart.lines.reduce((n, l) => n + l.quantity, 0);
    return (
      <div className="cart-layout">
        <ul className="lines" aria-label="Cart items">
          {cart.lines.map((line) => (
            <Line key={line.bookId} line={line} />
          ))}
        </ul>
        <aside className="summary" aria-labelledby="summary-heading">
          <h2 id="summary-heading">Order summary</h2>
          <dl>
            <dt>Items</dt>
            <dd>{items}</dd>
            <dt>Subtotal</dt>
            <dd className="price" data-testid="cart-subtotal">
              {formatPrice(cart.subtotal)}
            </dd>
          </dl>
          {cart.mode === 'guest' ? (
            <>
              <button
                type="button"
                className="button button-block button-lg"
                onClick={() => void auth.signIn(paths.cart)}
              >
                Sign in to check out
              </button>
              <p className="muted small">
                Your cart is saved in this browser and moves to your account when you sign in.
              </p>
            </>
          ) : (
            <Link to={paths.checkout} className="button button-block button-lg">
              Check out
            </Link>
          )}
        </aside>
      </div>
    );
  })();

  return (
    <>
      <h1>Your cart</h1>
      <PendingGuestLines />
      {body}
    </>
  );
}
