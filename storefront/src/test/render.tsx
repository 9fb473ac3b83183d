import { render, type RenderResult } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { vi } from 'vitest';
import { ApiProvider } from '../api/context';
import { AppRoutes } from '../App';
import { AuthContextProvider, type Auth } from '../auth/auth';
import { CartProvider } from '../cart/cart';
import { ToastProvider } from '../toast';

export const TEST_USER = { id: 'user-1', name: 'Ada Lovelace' };

/** A stand-in for the OIDC session; `signed-in` sends the token the mock API accepts. */
export function fakeAuth(
  status: Auth['status'] = 'signed-out',
  overrides: Partial<Auth> = {},
): Auth {
  const signedIn = status === 'signed-in';
  return {
    status,
    user: signedIn ? TEST_USER : null,
    sessionExpired: false,
    accessToken: () => (signedIn ? 'test-token' : undefined),
    signIn: vi.fn(() => Promise.resolve()),
    signOut: vi.fn(() => Promise.resolve()),
    markSessionExpired: vi.fn(),
    completeSignIn: vi.fn(() => Promise.resolve({ user: TEST_USER, returnTo: null })),
    ...overrides,
  };
}

/** Shows the router's current location so tests can assert navigation. */
function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{`${location.pathname}${location.search}`}</div>;
}

export function renderApp(route: string, auth: Auth = fakeAuth()): RenderResult & { auth: Auth } {
  const result = render(
    <MemoryRouter initialEntries={[route]}>
      <AuthContextProvider value={auth}>
        <ApiProvider baseUrl="">
          <ToastProvider>
            <CartProvider>
              <AppRoutes />
              <Routes>
                <Route path="*" element={<LocationProbe />} />
              </Routes>
            </CartProvider>
          </ToastProvider>
        </ApiProvider>
      </AuthContextProvider>
    </MemoryRouter>,
  );
  return { ...result, auth };
}
