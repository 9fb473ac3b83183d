import { Link } from 'react-router';
import { paths } from '../paths';
import { usePageTitle } from '../usePageTitle';

export function NotFound({ title, detail }: { title: string; detail: string }) {
  usePageTitle(title);
  return (
    <div className="panel empty">
      <h1>{title}</h1>
      <p>{detail}</p>
      <Link to={paths.catalog} className="button">
        Browse the bookstore
      </Link>
    </div>
  );
}

export function NotFoundPage() {
  return (
    <NotFound title="Page not found" detail="We couldn't find that page. It may have moved." />
  );
}
