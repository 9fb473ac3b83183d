export const LOW_STOCK = 5;

/** "In stock", "Only 3 left" or "Out of stock"; nothing while stock is unknown. */
export function StockBadge({ available }: { available: number | undefined }) {
  if (available === undefined) return null;
  if (available <= 0) return <span className="badge badge-out">Out of stock</span>;
  if (available <= LOW_STOCK) return <span className="badge badge-low">Only {available} left</span>;
  return <span className="badge badge-in">In stock</span>;
}
