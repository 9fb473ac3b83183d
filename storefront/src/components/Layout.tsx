import { Link, NavLink, Outlet } from 'react-router';
import { useAuth } from '../auth/auth';
import { useCart } from '../cart/cart';
import { plural } from '../format';
import { paths } from '../paths';
import { SearchBox } from './SearchBox';

export function cartLinkName(count: number): string {
  return `Cart, ${plural(count, 'item')}`;
}

function NavBar() {
  const auth = useAuth();
  const cart = useCart();
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link to={paths.catalog} className="brand" aria-label="BookStore home">
          <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
            <rect x="3" y="5" width="12" height="22" rx="2" fill="#7c2d12" />
            <rect x="17" y="5" width="12" height="22" rx="2" fill="#c2410c" />
            <path d="M6 10h6M6 14h6M20 10h6M20 14h6" stroke="#fff7ed" strokeWidth="1.5" />
          </svg>
          <span>BookStore</span>
        </Link>
        <SearchBox />
        <nav aria-label="Account" className="account">
          {auth.status === 'signed-in' && (
            <NavLink to={paths.orders} className="nav-link" aria-label="My orders">
              <svg
                viewBox="0 0 24 24"
                width="20"
                height="20"
                aria-hidden="true"
                className="narrow-only"
              >
                <path
                  d="M6 3h12v18l-3-2-3 2-3-2-3 2zM9 8h6M9 12h6"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="1.8"
                  strokeLinejoin="round"
                  strokeLinecap="round"
                />
              </svg>
              <span className="wide-only">My orders</span>
            </NavLink>
          )}
          <NavLink
            to={paths.cart}
            className="nav-link cart-link"
            aria-label={cartLinkName(cart.count)}
          >
            <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
              <path
                d="M3 4h2l2.4 10.2a2 2 0 0 0 2 1.6h7.7a2 2 0 0 0 1.9-1.4L21 8H6.2"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.8"
                strokeLinecap="round"
                strokeLinejoin="round"
              />
              <circle cx="10" cy="20" r="1.5" fill="currentColor" />
              <circle cx="17" cy="20" r="1.5" fill="currentColor" />
            </svg>
            <span className="cart-label">Cart</span>
            <span className="cart-count" data-empty={cart.count === 0}>
              {cart.count}
            </span>
          </NavLink>
          {auth.status === 'signed-in' ? (
            <span className="user">
              <span className="user-name" title={auth.user?.name}>
                {auth.user?.name}
              </span>
              <button
                type="button"
                className="button button-ghost"
                onClick={() => void auth.signOut()}
              >
                Sign out
              </button>
            </span>
          ) : (
            <button
              type="button"
              className="button button-ghost"
              disabled={auth.status === 'loading'}
              onClick={() => void auth.signIn()}
            >
              Sign in
            </button>
          )}
        </nav>
      </div>
    </header>
  );
}

function SessionExpiredBanner() {
  const auth = useAuth();
  if (!auth.sessionExpired) return null;
  return (
    <div className="banner" role="alert">
      <span>Your session has expired. Sign in again to see your cart and orders.</span>
      <button type="button" className="button" onClick={() => void auth.signIn()}>
        Sign in again
      </button>
    </div>
  );
}

export function Layout() {
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <NavBar />
      <SessionExpiredBanner />
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="footer">
        <p>BookStore · Prices in US dollars · Secure sign-in</p>
      </footer>
    </>
  );
}
