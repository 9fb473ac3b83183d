import { Link } from 'react-router';

/** Previous / next links with "Page 2 of 5"; `href(page)` builds each page's URL. */
export function Pagination({
  page,
  pageCount,
  href,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label="Pagination">
      {page > 1 ? (
        <Link to={href(page - 1)} className="button button-secondary" rel="prev">
          ← Previous page
        </Link>
      ) : (
        <span className="button button-secondary" aria-disabled="true">
          ← Previous page
        </span>
      )}
      <span className="pagination-status">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link to={href(page + 1)} className="button button-secondary" rel="next">
          Next page →
        </Link>
      ) : (
        <span className="button button-secondary" aria-disabled="true">
          Next page →
        </span>
      )}
    </nav>
  );
}
