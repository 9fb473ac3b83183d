/**
 * The app's routes, defined once: the router renders them and the production server answers
 * exactly these paths with the SPA shell (every other path is a real 404).
 */
export const paths = {
  catalog: '/',
  book: '/books/:id',
  search: '/search',
  cart: '/cart',
  checkout: '/checkout',
  confirmation: '/checkout/confirmation/:orderId',
  orders: '/orders',
  order: '/orders/:id',
  callback: '/callback',
  silentRenew: '/silent-renew',
} as const;

export const APP_ROUTE_PATTERNS: readonly string[] = Object.values(paths);

export const bookPath = (id: string | number): string => `/books/${encodeURIComponent(id)}`;
export const orderPath = (id: string | number): string => `/orders/${encodeURIComponent(id)}`;
export const confirmationPath = (orderId: string | number): string =>
  `/checkout/confirmation/${encodeURIComponent(orderId)}`;
export const searchPath = (q: string): string => `/search?q=${encodeURIComponent(q)}`;
