import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { ApiClient } from '../api/client';
import { useApi } from '../api/context';
import { useAuth, type Auth } from '../auth/auth';
import { useCart } from '../cart/cart';
import { readGuestCart } from '../cart/guestCart';
import { describeMergeFailures, mergeGuestCart } from '../cart/merge';
import { plural } from '../format';
import { paths } from '../paths';
import { useToast } from '../toast';
import { usePageTitle } from '../usePageTitle';

interface Outcome {
  to: string;
  failedLines: number;
  /** Why each failed line failed, in words (empty when none failed). */
  failures: string;
}

let finishing: Promise<Outcome> | null = null;

/** Completes the code exchange, then moves the guest cart into the account (once per load). */
export function finishSignIn(auth: Auth, api: Pick<ApiClient, 'addToCart'>): Promise<Outcome> {
  finishing ??= (async () => {
    const { user, returnTo } = await auth.completeSignIn();
    if (readGuestCart().length === 0)
      return { to: returnTo ?? paths.catalog, failedLines: 0, failures: '' };
    const result = await mergeGuestCart(api, user.id);
    return {
      to: paths.cart,
      failedLines: result.failed.length,
      failures: describeMergeFailures(result.failed),
    };
  })();
  const current = finishing;
  // A later sign-in in this page load (after sign-out) must run again.
  void current.then(
    () => {
      if (finishing === current) finishing = null;
    },
    () => {
      if (finishing === current) finishing = null;
    },
  );
  return current;
}

export function CallbackPage() {
  usePageTitle('Signing in');
  const auth = useAuth();
  const api = useApi();
  const toast = useToast();
  const { reload: reloadCart } = useCart();
  const navigate = useNavigate();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let active = true;
    finishSignIn(auth, api).then(
      (outcome) => {
        reloadCart(); // the cart now holds the merged lines
        if (outcome.failedLines > 0) {
          toast.notify(
            'error',
            `${plural(outcome.failedLines, 'book')} from your guest cart could not be added. ${outcome.failures} They are kept on your cart page.`,
          );
        }
        if (active) void navigate(outcome.to, { replace: true });
      },
      () => {
        if (active) setFailed(true);
      },
    );
    return () => {
      active = false;
    };
    // Runs once per visit of the callback URL; finishSignIn itself dedupes StrictMode's rerun.
  }, []);

  if (failed) {
    return (
      <div className="panel empty" role="alert">
        <h1>Sign-in failed</h1>
        <p>
          We could not complete your sign-in. The link may have expired, or the sign-in service is
          unreachable.
        </p>
        <button type="button" className="button" onClick={() => void auth.signIn(paths.catalog)}>
          Try signing in again
        </button>
      </div>
    );
  }
  return (
    <div className="panel empty" aria-busy="true">
      <h1>Signing you in…</h1>
      <p className="muted">One moment while we get your account and cart ready.</p>
    </div>
  );
}
