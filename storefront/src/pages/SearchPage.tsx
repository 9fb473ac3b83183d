import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api/context';
import { BookGrid, GridSkeleton } from '../components/BookGrid';
import { ErrorPanel } from '../components/ErrorPanel';
import { plural } from '../format';
import { paths } from '../paths';
import { usePageTitle } from '../usePageTitle';
import { useQuery } from '../useQuery';
import { useStock } from '../useStock';

export function SearchPage() {
  const api = useApi();
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  usePageTitle(q ? `Search: ${q}` : 'Search');
  const results = useQuery(q === '' ? null : `search:${q}`, (signal) => api.searchBooks(q, signal));
  const stock = useStock(results.data?.map((b) => b.id) ?? []);

  if (q === '') {
    return (
      <>
        <h1>Search</h1>
        <div className="panel empty">
          <h2>What are you looking for?</h2>
          <p>Type a title, an author or an ISBN into the search box above.</p>
        </div>
      </>
    );
  }
  return (
    <>
      <h1>Results for “{q}”</h1>
      <p className="muted" aria-live="polite">
        {results.data ? `${plural(results.data.length, 'book')} found` : 'Searching…'}
      </p>
      {results.error !== undefined ? (
        <ErrorPanel error={results.error} onRetry={results.reload} />
      ) : results.data === undefined ? (
        <GridSkeleton count={4} />
      ) : results.data.length === 0 ? (
        <div className="panel empty">
          <h2>No books match “{q}”</h2>
          <p>Check the spelling, try fewer words, or search by the author's last name.</p>
          <Link to={paths.catalog} className="button">
            Browse all books
          </Link>
        </div>
      ) : (
        <BookGrid books={results.data} stock={stock} label="Search results" />
      )}
    </>
  );
}
