import { isApiError, describeError } from '../api/errors';
import { useAuth } from '../auth/auth';

/** An error told in words, with the one next step that helps. */
export function ErrorPanel({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const auth = useAuth();
  const { title, detail } = describeError(error);
  const unauthorized = isApiError(error) && error.kind === 'unauthorized';
  return (
    <div className="panel panel-error" role="alert">
      <h2>{title}</h2>
      <p>{detail}</p>
      {unauthorized ? (
        <button type="button" className="button" onClick={() => void auth.signIn()}>
          Sign in again
        </button>
      ) : (
        onRetry && (
          <button type="button" className="button button-secondary" onClick={onRetry}>
            Try again
          </button>
        )
      )}
    </div>
  );
}
