import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { Book } from '@bookstore/contracts';
import type { StockLevels } from '../api/client';
import { useCart } from '../cart/cart';
import { formatPrice } from '../format';
import { bookPath } from '../paths';
import { BookCover } from './BookCover';
import { StockBadge } from './StockBadge';

export function BookCard({ book, available }: { book: Book; available: number | undefined }) {
  const cart = useCart();
  const titleId = useId();
  const [adding, setAdding] = useState(false);
  const soldOut = available !== undefined && available <= 0;
  return (
    <article className="card" aria-labelledby={titleId}>
      <Link to={bookPath(book.id)} className="card-cover" tabIndex={-1} aria-hidden="true">
        <BookCover book={book} />
      </Link>
      <div className="card-body">
        <h3 id={titleId} className="card-title">
          <Link to={bookPath(book.id)}>{book.title}</Link>
        </h3>
        <p className="card-author">{book.author}</p>
        <div className="card-meta">
          <span className="price">{formatPrice(book.price)}</span>
          <StockBadge available={available} />
        </div>
        <button
          type="button"
          className="button button-block"
          disabled={soldOut || adding}
          onClick={() => {
            setAdding(true);
            void cart.add(book).finally(() => setAdding(false));
          }}
        >
          Add to cart
        </button>
      </div>
    </article>
  );
}

export function BookGrid({
  books,
  stock,
  label,
}: {
  books: Book[];
  stock: StockLevels | undefined;
  label: string;
}) {
  return (
    <ul className="grid" aria-label={label}>
      {books.map((book) => (
        <li key={book.id}>
          <BookCard book={book} available={stock?.get(book.id)} />
        </li>
      ))}
    </ul>
  );
}

export function GridSkeleton({ count = 8 }: { count?: number }) {
  return (
    <div className="grid" aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="card skeleton">
          <div className="skeleton-cover" />
          <div className="card-body">
            <div className="skeleton-line" />
            <div className="skeleton-line short" />
          </div>
        </div>
      ))}
    </div>
  );
}
