import { useSearchParams } from 'react-router';
import { SORTS, type SortKey } from '../api/client';
import { useApi } from '../api/context';
import { BookGrid, GridSkeleton } from '../components/BookGrid';
import { ErrorPanel } from '../components/ErrorPanel';
import { Pagination } from '../components/Pagination';
import { plural } from '../format';
import { usePageTitle } from '../usePageTitle';
import { useQuery } from '../useQuery';
import { useStock } from '../useStock';

export const PAGE_SIZE = 12;

const SORT_LABELS: Record<SortKey, string> = {
  title: 'Title (A–Z)',
  author: 'Author (A–Z)',
  'price-asc': 'Price: low to high',
  'price-desc': 'Price: high to low',
  newest: 'Newest first',
};

function readSort(value: string | null): SortKey {
  return value !== null && Object.hasOwn(SORTS, value) ? (value as SortKey) : 'title';
}

export function CatalogPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const sort = readSort(params.get('sort'));
  usePageTitle(page > 1 ? `Books, page ${page}` : 'Books');
  const books = useQuery(`books:${page}:${sort}`, (signal) =>
    api.listBooks({ page, pageSize: PAGE_SIZE, sort }, signal),
  );
  const stock = useStock(books.data?.items.map((b) => b.id) ?? []);
  const pageCount = books.data ? Math.max(1, Math.ceil(books.data.total / books.data.pageSize)) : 1;

  const href = (target: number): string => {
    const next = new URLSearchParams(params);
    if (target === 1) next.delete('page');
    else next.set('page', String(target));
    const query = next.toString();
    return query ? `/?${query}` : '/';
  };

  return (
    <>
      <section className="hero" aria-labelledby="catalog-heading">
        <h1 id="catalog-heading">Find your next great read</h1>
        <p>Hand-picked fiction, classics and non-fiction, shipped from our shelves to yours.</p>
      </section>
      <div className="toolbar">
        <p className="muted" aria-live="polite">
          {books.data ? `${plural(books.data.total, 'book')}` : ''}
        </p>
        <label className="select-label">
          Sort by
          <select
            value={sort}
            onChange={(event) => {
              const next = new URLSearchParams(params);
              next.set('sort', event.target.value);
              next.delete('page');
              setParams(next);
            }}
          >
            {Object.entries(SORT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {books.error !== undefined ? (
        <ErrorPanel error={books.error} onRetry={books.reload} />
      ) : books.data === undefined ? (
        <GridSkeleton />
      ) : books.data.items.length === 0 ? (
        <div className="panel empty">
          <h2>No books here yet</h2>
          <p>The shelves are empty on this page. Try the first page of the catalog.</p>
        </div>
      ) : (
        <>
          <BookGrid books={books.data.items} stock={stock} label="Books" />
          <Pagination page={page} pageCount={pageCount} href={href} />
        </>
      )}
    </>
  );
}
