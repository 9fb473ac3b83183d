/** inventory (`/inven`): stock per book and all-or-nothing reservations. */
import { z } from 'zod';
import { IdParam, MAX_INT, ProblemSchema } from './common.js';

/** `GET /inven/stock/{bookId}` */
export const StockParams = z.strictObject({ bookId: IdParam });

/** `GET /inven/stock/{bookId}`; also each entry of `GET /inven/stock`. */
export const StockSchema = z.object({
  bookId: z.number().int(),
  available: z.number().int(),
  reserved: z.number().int(),
});
export type Stock = z.infer<typeof StockSchema>;

/** `GET /inven/stock?ids=1,2,3` (all books without `ids`). */
export const StockQuery = z.strictObject({
  ids: z
    .string()
    .regex(/^\d{1,10}(,\d{1,10}){0,99}$/, 'comma-separated book ids, at most 100')
    .refine(
      (ids) => ids.split(',').every((id) => Number(id) >= 1 && Number(id) <= MAX_INT),
      `each book id must be between 1 and ${MAX_INT}`,
    )
    .transform((ids) => [...new Set(ids.split(',').map(Number))])
    .optional(),
});

/** `GET /inven/stock`: the books found, and the requested ids that have no stock record. */
export const StockListSchema = z.object({
  items: z.array(StockSchema),
  missing: z.array(z.number().int()),
});
export type StockList = z.infer<typeof StockListSchema>;

export const ReservationLineSchema = z.object({
  bookId: z.number().int().min(1).max(MAX_INT),
  quantity: z.number().int().min(1).max(99),
});
export type ReservationLine = z.infer<typeof ReservationLineSchema>;

export const ReservationStatusSchema = z.enum(['held', 'confirmed', 'released']);
export type ReservationStatus = z.infer<typeof ReservationStatusSchema>;

/** A reservation, as every `/inven/reservations` call answers it. */
export const ReservationSchema = z.object({
  reservationId: z.uuid(),
  status: ReservationStatusSchema,
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
  lines: z.array(ReservationLineSchema),
});
export type Reservation = z.infer<typeof ReservationSchema>;

/** `POST /inven/reservations`: every line or none; idempotent per `reservationId`. */
export const ReserveRequestSchema = z.strictObject({
  reservationId: z.uuid(),
  lines: z
    .array(ReservationLineSchema.strict())
    .min(1)
    .max(100)
    .refine(
      (lines) => new Set(lines.map((line) => line.bookId)).size === lines.length,
      'each bookId may appear only once',
    ),
});
export type ReserveRequest = z.infer<typeof ReserveRequestSchema>;

/** `GET|DELETE /inven/reservations/{id}`, `POST /inven/reservations/{id}/confirm` */
export const ReservationParams = z.strictObject({ id: z.uuid() });

/** One line inventory could not reserve. */
export const ShortageSchema = z.object({
  bookId: z.number().int(),
  requested: z.number().int(),
  available: z.number().int(),
});
export type Shortage = z.infer<typeof ShortageSchema>;

/** The 404 `/problems/not-found` of `POST /inven/reservations`: books with no stock record. */
export const UnknownBooksProblemSchema = ProblemSchema.extend({
  bookIds: z.array(z.number().int()),
});
export type UnknownBooksProblem = z.infer<typeof UnknownBooksProblemSchema>;

/**
 * The 409 `/problems/out-of-stock` of `POST /inven/reservations`, passed on by
 * `POST /ecom/checkout` (which adds `unknownBookIds` when inventory knew some books not).
 */
export const OutOfStockProblemSchema = ProblemSchema.extend({
  shortages: z.array(ShortageSchema),
  unknownBookIds: z.array(z.number().int()).optional(),
});
export type OutOfStockProblem = z.infer<typeof OutOfStockProblemSchema>;
