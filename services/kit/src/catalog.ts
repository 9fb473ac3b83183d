import { z } from 'zod';
import { isValidIsbn13 } from './isbn.js';
import rows from './seed-books.json' with { type: 'json' };

/**
 * The seed catalog both services share: ecom loads it into `books` (ids 1..N in this order),
 * inventory seeds `stock` for the same ids. The books are data (`seed-books.json`: real books,
 * ISBN-13s with valid check digits), checked here when the module loads, so a bad edit stops
 * both services at start with every problem named instead of seeding a broken catalog.
 */
export interface SeedBook {
  /** 1-based, stable: the position in seed-books.json. */
  id: number;
  isbn: string;
  title: string;
  author: string;
  year: number;
  priceCents: number;
  description: string;
  /** Background colour of the generated cover (ecom serves /ecom/books/{id}/cover.svg). */
  coverColor: string;
}

export const SeedRowsSchema = z
  .array(
    z.strictObject({
      isbn: z.string().refine(isValidIsbn13, 'must be an ISBN-13 with a valid check digit'),
      title: z.string().min(1).max(300),
      author: z.string().min(1).max(300),
      year: z.number().int().min(1000).max(2100),
      priceCents: z.number().int().positive(),
      description: z.string().min(1).max(2000),
    }),
  )
  .min(1)
  .superRefine((books, ctx) => {
    const seen = new Map<string, number>();
    books.forEach((book, i) => {
      const first = seen.get(book.isbn);
      if (first === undefined) seen.set(book.isbn, i);
      else ctx.addIssue({ code: 'custom', path: [i, 'isbn'], message: `repeats book ${first}` });
    });
  });

/** Cover colours, by position (the cover only has to tell books apart on a page). */
const PALETTE = [
  '#8e3b46',
  '#2f4858',
  '#33658a',
  '#86bbd8',
  '#758e4f',
  '#f6ae2d',
  '#f26419',
  '#553739',
  '#3d5a80',
  '#98c1d9',
  '#ee6c4d',
  '#293241',
] as const;

/** The catalog from rows (exported for its test): validated, numbered from 1, coloured. */
export function seedBooks(value: unknown): SeedBook[] {
  const parsed = SeedRowsSchema.safeParse(value);
  if (!parsed.success)
    throw new Error(
      `seed-books.json is not a valid catalog: ${parsed.error.issues
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  return parsed.data.map((row, index) => ({
    id: index + 1,
    ...row,
    coverColor: PALETTE[index % PALETTE.length] ?? PALETTE[0],
  }));
}

export const SEED_BOOKS: readonly SeedBook[] = seedBooks(rows);

/** Stock every seeded book starts with in inventory. */
export const SEED_STOCK_PER_BOOK = 25;
