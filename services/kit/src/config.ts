import { z } from 'zod';

/** One environment problem: the variable and what is wrong with it. */
export interface EnvIssue {
  variable: string;
  message: string;
}

/** The environment is invalid; `issues` lists every problem at once, not just the first. */
export class EnvConfigError extends Error {
  override readonly name = 'EnvConfigError';
  constructor(
    readonly service: string,
    readonly issues: EnvIssue[],
  ) {
    super(
      `${service}: invalid environment (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  - ${issue.variable}: ${issue.message}`).join('\n') +
        '\nSet the variables above and start again.',
    );
  }
}

/** Parses `env` with `schema` once, at the edge; throws EnvConfigError listing every issue. */
export function parseEnv<S extends z.ZodType>(
  service: string,
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new EnvConfigError(
    service,
    result.error.issues.map((issue) => ({
      variable: issue.path.map(String).join('.') || '(environment)',
      message: issue.message,
    })),
  );
}

/** Reusable env field schemas. */
export const envFields = {
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65_535),
  url: (protocols: readonly string[]) =>
    z.url({
      protocol: new RegExp(`^(${protocols.join('|')})$`),
      error: (issue) =>
        issue.input === undefined ? 'is required' : `must be a ${protocols.join(' or ')} URL`,
    }),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  audience: z.string().min(1).default('bookstore-api'),
  /**
   * Seconds of clock skew accepted on a token's exp/nbf/iat; unset: the authenticator's 30, which
   * suits clocks that drift apart (kind, real clusters). One machine's processes share a clock:
   * the local target sets 1.
   */
  jwtClockTolerance: z.coerce.number().int().min(0).max(300).optional(),
};
