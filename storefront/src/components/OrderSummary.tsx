import type { Order } from '@bookstore/contracts';
import { formatPrice, orderNumber } from '../format';

export function statusLabel(status: string): string {
  return status.charAt(0).toUpperCase() + status.slice(1).replaceAll('_', ' ').toLowerCase();
}

/** An order's lines and total as a table. */
export function OrderLines({ order }: { order: Order }) {
  return (
    <table className="order-table">
      <caption className="sr-only">Items in order {orderNumber(order.id)}</caption>
      <thead>
        <tr>
          <th scope="col">Book</th>
          <th scope="col" className="num">
            Quantity
          </th>
          <th scope="col" className="num">
            Price
          </th>
          <th scope="col" className="num">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {order.items.map((line) => (
          <tr key={line.bookId}>
            <th scope="row">{line.title}</th>
            <td className="num">{line.quantity}</td>
            <td className="num">{formatPrice(line.unitPriceCents / 100)}</td>
            <td className="num">{formatPrice(line.lineTotalCents / 100)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>
            Order total
          </th>
          <td className="num price">{formatPrice(order.total)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
