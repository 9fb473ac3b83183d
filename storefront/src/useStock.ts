import { useApi } from './api/context';
import type { BookId } from '@bookstore/contracts';
import type { StockLevels } from './api/client';
import { useQuery } from './useQuery';

/** Stock for the given books; undefined while loading or when inventory is unreachable. */
export function useStock(ids: readonly BookId[]): StockLevels | undefined {
  const api = useApi();
  const key = ids.length === 0 ? null : `stock:${ids.join(',')}`;
  return useQuery(key, (signal) => api.getStock(ids, signal)).data;
}
