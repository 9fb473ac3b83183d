/** RFC 9457 problem details, plus `errors` for validation failures. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

export interface FieldError {
  /** Where the field is: body, querystring, params or headers. */
  in: string;
  /** Dotted path of the field, `(root)` for the whole part. */
  field: string;
  message: string;
  code: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem type URIs are relative references under /problems (RFC 9457 allows URI references). */
export const problemType = (slug: string): string => `/problems/${slug}`;

/**
 * An error that becomes a problem+json response. Throw it from a handler; the shared error
 * handler renders it. `extensions` are extra members (e.g. `shortages`).
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${title}: ${detail}`);
  }
}

export const notFound = (subject: string, detail: string): HttpProblem =>
  new HttpProblem(404, 'not-found', `${subject} not found`, detail);
