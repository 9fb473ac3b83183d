import type { Problem } from '@bookstore/contracts';

export type ApiErrorKind =
  'network' | 'unauthorized' | 'not-found' | 'out-of-stock' | 'conflict' | 'bad-request' | 'server';

/** Every failed API call becomes one of these; the UI branches on `kind`, never on text. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly problem: Problem | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The services' problem types are `/problems/<slug>` (services/kit problem.ts). */
export function problemSlug(problem: Problem | null): string | null {
  const type = problem?.type;
  return typeof type === 'string' ? (type.split('/').pop() ?? null) : null;
}

export function kindFor(status: number, problem: Problem | null): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 404) return 'not-found';
  if (problemSlug(problem) === 'out-of-stock') return 'out-of-stock';
  if (status === 409) return 'conflict';
  if (status >= 400 && status < 500) return 'bad-request';
  if (status === 502 || status === 503 || status === 504) return 'network';
  return 'server';
}

/** What to tell the buyer, in words. */
export function describeError(error: unknown): { title: string; detail: string } {
  if (!isApiError(error)) {
    return {
      title: 'Something went wrong',
      detail: 'An unexpected error happened. Reload the page and try again.',
    };
  }
  switch (error.kind) {
    case 'network':
      return {
        title: "We can't reach the bookstore right now",
        detail: 'Check your connection and try again in a moment.',
      };
    case 'unauthorized':
      return {
        title: 'Your session has expired',
        detail: 'Sign in again to continue where you left off.',
      };
    case 'not-found':
      return {
        title: 'Not found',
        detail: error.problem?.detail ?? 'We looked everywhere but could not find it.',
      };
    case 'out-of-stock':
      return {
        title: 'Not enough stock',
        detail:
          error.problem?.detail ??
          'Some books in your cart are no longer available in that quantity. Update your cart and try again.',
      };
    case 'conflict':
      return {
        title: 'That could not be done right now',
        detail:
          error.problem?.detail ?? 'Your cart changed meanwhile. Reload the page and try again.',
      };
    case 'bad-request':
      return {
        title: 'That did not work',
        detail: error.problem?.detail ?? 'The request was not accepted. Check it and try again.',
      };
    case 'server':
      return {
        title: 'The bookstore had a problem',
        detail: 'Our side failed to answer. Try again in a moment.',
      };
  }
}
