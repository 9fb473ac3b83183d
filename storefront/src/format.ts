const currency = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const date = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });

export const formatPrice = (amount: number): string => currency.format(amount);

export function formatDate(iso: string | null): string {
  if (iso === null) return '';
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? '' : date.format(parsed);
}

/** What buyers see for an order id (a UUID): its first 8 characters, e.g. #3F2C8A4E. */
export const orderNumber = (id: string): string => `#${id.slice(0, 8).toUpperCase()}`;

export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n} ${n === 1 ? one : many}`;
