import type { ApiClient } from '../api/client';
import { describeError } from '../api/errors';
import { derivedKey } from '../ids';
import { readGuestCart, writeGuestCart, type GuestCartLine } from './guestCart';

export interface MergeResult {
  merged: GuestCartLine[];
  failed: { line: GuestCartLine; error: unknown }[];
}

/**
 * The Idempotency-Key for posting one guest line: derived from the user, the line and its last
 * change, so a retry of the same line (after a lost answer) is recognised by the API, while a
 * line changed since is a new request.
 */
export function mergeKey(userId: string, line: GuestCartLine): string {
  return derivedKey(`guest-merge|${userId}|${line.bookId}|${line.quantity}|${line.updatedAt}`);
}

/**
 * Posts every guest line to the signed-in user's cart. Lines that made it are removed from
 * localStorage; a failed line stays there for the next try, so storage is empty only when every
 * line succeeded.
 */
export async function mergeGuestCart(
  api: Pick<ApiClient, 'addToCart'>,
  userId: string,
  lines: readonly GuestCartLine[] = readGuestCart(),
): Promise<MergeResult> {
  const result: MergeResult = { merged: [], failed: [] };
  // One at a time: the lines land in the cart in the order the guest added them.
  for (const line of lines) {
    try {
      await api.addToCart({ bookId: line.bookId, quantity: line.quantity }, mergeKey(userId, line));
      result.merged.push(line);
    } catch (error) {
      result.failed.push({ line, error });
    }
  }
  // Re-read: another tab may have changed the guest cart meanwhile; keep whatever was not merged.
  const isMerged = (line: GuestCartLine): boolean =>
    result.merged.some(
      (done) =>
        done.bookId === line.bookId &&
        done.quantity === line.quantity &&
        done.updatedAt === line.updatedAt,
    );
  writeGuestCart(readGuestCart().filter((line) => !isMerged(line)));
  return result;
}

/** In words: which guest lines could not be added, and why (the API's own explanation). */
export function describeMergeFailures(failed: MergeResult['failed']): string {
  return failed
    .map(({ line, error }) => `“${line.title}”: ${describeError(error).detail}`)
    .join(' ');
}
