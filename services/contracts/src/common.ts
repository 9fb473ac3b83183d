import { z } from 'zod';

/** PostgreSQL `integer`: ids and counts the services store fit in it. */
export const MAX_INT = 2_147_483_647;

/**
 * A positive integer id in a path segment. Plain decimal digits only: `1e3`, `0x10`, ` 1` or
 * `1.0` are not ids (coercion alone would accept them).
 */
export const IdParam = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, 'a positive integer in decimal digits')
  .pipe(z.coerce.number<string>().int().min(1).max(MAX_INT));

/** RFC 9457 problem details, as every 4xx/5xx of the services carries (`instance` = the path). */
export const ProblemSchema = z.looseObject({
  /** `/problems/<slug>`, e.g. `/problems/out-of-stock`. */
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;
