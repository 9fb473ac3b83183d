/**
 * A tiny HTTP client for service tests: JSON in, JSON (or text) out, with an optional bearer
 * token. Shared by the ecom and inventory tests.
 */
export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: { in: string; field: string; message: string; code: string }[];
  shortages?: { bookId: number; requested: number; available: number }[];
}

export function client(baseUrl: () => string) {
  return async <T = unknown>(
    method: string,
    path: string,
    init: { body?: unknown; auth?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply<T>> => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) headers['content-type'] ??= 'application/json';
    if (init.auth) headers['authorization'] = init.auth;
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers,
      body:
        init.body === undefined
          ? undefined
          : typeof init.body === 'string'
            ? init.body
            : JSON.stringify(init.body),
    });
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    return {
      status: response.status,
      headers: response.headers,
      body: (isJson && text ? JSON.parse(text) : text) as T,
    };
  };
}
