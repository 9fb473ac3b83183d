/**
 * The storefront app. Accessible names the Playwright specs can rely on (see README.md):
 *   link  'BookStore home'               nav bar brand
 *   combobox 'Search books' (+ button 'Search', listbox 'Suggestions' with options per book)
 *   link  /^Cart, \d+ items?$/           the cart badge: count = total quantity of all lines
 *   button 'Sign in' | 'Sign out'        nav bar; the user's name is shown next to 'Sign out'
 *   link  'My orders'                    nav bar, signed in only
 *   article <book title>                 one per book in a grid; inside: button 'Add to cart'
 *   button 'Add to cart', spinbutton 'Quantity'   book page
 *   status  'Added “<title>” to your cart'        toast after every add
 *   list 'Cart items'; per line: spinbutton 'Quantity for <title>', buttons
 *     'Increase quantity of <title>', 'Decrease quantity of <title>', 'Remove <title>'
 *   button 'Sign in to check out' (guest) | link 'Check out' (signed in); button 'Place order'
 *   heading level 1 on every page ('Your cart', 'Your orders', 'Thank you for your order', …)
 *   alert 'Your session has expired…' with button 'Sign in again'
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { paths } from './paths';
import { BookPage } from './pages/BookPage';
import { CartPage } from './pages/CartPage';
import { CatalogPage } from './pages/CatalogPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SearchPage } from './pages/SearchPage';

// Pages a first visit never needs load on demand, keeping the first page's JavaScript small.
const CheckoutPage = lazy(() =>
  import('./pages/CheckoutPage').then((m) => ({ default: m.CheckoutPage })),
);
const ConfirmationPage = lazy(() =>
  import('./pages/ConfirmationPage').then((m) => ({ default: m.ConfirmationPage })),
);
const OrdersPage = lazy(() =>
  import('./pages/OrdersPage').then((m) => ({ default: m.OrdersPage })),
);
const OrderPage = lazy(() => import('./pages/OrderPage').then((m) => ({ default: m.OrderPage })));
const CallbackPage = lazy(() =>
  import('./pages/CallbackPage').then((m) => ({ default: m.CallbackPage })),
);

function Lazy({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <p className="muted" aria-busy="true">
          Loading…
        </p>
      }
    >
      {children}
    </Suspense>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path={paths.catalog} element={<CatalogPage />} />
        <Route path={paths.book} element={<BookPage />} />
        <Route path={paths.search} element={<SearchPage />} />
        <Route path={paths.cart} element={<CartPage />} />
        <Route
          path={paths.checkout}
          element={
            <Lazy>
              <CheckoutPage />
            </Lazy>
          }
        />
        <Route
          path={paths.confirmation}
          element={
            <Lazy>
              <ConfirmationPage />
            </Lazy>
          }
        />
        <Route
          path={paths.orders}
          element={
            <Lazy>
              <OrdersPage />
            </Lazy>
          }
        />
        <Route
          path={paths.order}
          element={
            <Lazy>
              <OrderPage />
            </Lazy>
          }
        />
        <Route
          path={paths.callback}
          element={
            <Lazy>
              <CallbackPage />
            </Lazy>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
