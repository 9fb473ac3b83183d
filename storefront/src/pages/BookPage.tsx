import { useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../api/context';
import { isApiError } from '../api/errors';
import { BookCover } from '../components/BookCover';
import { ErrorPanel } from '../components/ErrorPanel';
import { StockBadge } from '../components/StockBadge';
import { useCart } from '../cart/cart';
import { MAX_QUANTITY } from '../cart/guestCart';
import { formatPrice } from '../format';
import { paths } from '../paths';
import { usePageTitle } from '../usePageTitle';
import { useQuery } from '../useQuery';
import { useStock } from '../useStock';
import { NotFound } from './NotFoundPage';

export function BookPage() {
  const { id: rawId = '' } = useParams();
  // Book ids are positive integers; anything else cannot be a book.
  const id = /^[1-9]\d{0,9}$/.test(rawId) ? Number(rawId) : null;
  const api = useApi();
  const cart = useCart();
  const book = useQuery(id === null ? null : `book:${id}`, (signal) =>
    api.getBook(id ?? 0, signal),
  );
  const stock = useStock(book.data ? [book.data.id] : []);
  // The field's text while typing (it may be empty for a moment); read as a number on submit.
  const [quantityText, setQuantityText] = useState('1');
  const [adding, setAdding] = useState(false);
  const quantityId = useId();
  usePageTitle(book.data?.title ?? 'Book');

  if (id === null || (isApiError(book.error) && book.error.kind === 'not-found')) {
    return <NotFound title="Book not found" detail="This book is not in our catalog (any more)." />;
  }
  if (book.error !== undefined) return <ErrorPanel error={book.error} onRetry={book.reload} />;
  if (book.data === undefined) {
    return (
      <div className="detail skeleton" aria-busy="true" aria-label="Loading book">
        <div className="skeleton-cover detail-cover" />
        <div>
          <div className="skeleton-line" />
          <div className="skeleton-line short" />
        </div>
      </div>
    );
  }
  const b = book.data;
  const available = stock?.get(b.id);
  const soldOut = available !== undefined && available <= 0;
  const maxQuantity = Math.max(1, Math.min(MAX_QUANTITY, available ?? MAX_QUANTITY));
  const quantity = Math.min(maxQuantity, Math.max(1, Number.parseInt(quantityText, 10) || 1));

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={paths.catalog}>← All books</Link>
      </nav>
      <article className="detail" aria-labelledby="book-title">
        <div className="detail-cover">
          <BookCover book={b} size="lg" />
        </div>
        <div className="detail-info">
          <h1 id="book-title">{b.title}</h1>
          <p className="detail-author">by {b.author}</p>
          <div className="detail-buy">
            <p className="price price-lg">{formatPrice(b.price)}</p>
            <StockBadge available={available} />
            <form
              className="buy-form"
              onSubmit={(event) => {
                event.preventDefault();
                setAdding(true);
                void cart.add(b, quantity).finally(() => setAdding(false));
              }}
            >
              <label htmlFor={quantityId}>Quantity</label>
              <input
                id={quantityId}
                type="number"
                inputMode="numeric"
                min={1}
                max={maxQuantity}
                value={quantityText}
                disabled={soldOut}
                onChange={(event) => setQuantityText(event.target.value)}
                onBlur={() => setQuantityText(String(quantity))}
              />
              <button type="submit" className="button button-lg" disabled={soldOut || adding}>
                Add to cart
              </button>
            </form>
            {soldOut && (
              <p className="muted">This book is out of stock right now. Check back soon.</p>
            )}
          </div>
          {b.description && (
            <section aria-labelledby="about-heading">
              <h2 id="about-heading">About this book</h2>
              <p className="description">{b.description}</p>
            </section>
          )}
          <section aria-labelledby="details-heading">
            <h2 id="details-heading">Details</h2>
            <dl className="facts">
              <dt>Author</dt>
              <dd>{b.author}</dd>
              <dt>Published</dt>
              <dd>{b.year}</dd>
              {b.isbn && (
                <>
                  <dt>ISBN</dt>
                  <dd>{b.isbn}</dd>
                </>
              )}
            </dl>
          </section>
        </div>
      </article>
    </>
  );
}
