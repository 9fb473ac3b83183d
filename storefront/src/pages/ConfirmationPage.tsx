import { Link, useLocation, useParams } from 'react-router';
import { useApi } from '../api/context';
import type { Order } from '@bookstore/contracts';
import { ErrorPanel } from '../components/ErrorPanel';
import { OrderLines } from '../components/OrderSummary';
import { orderNumber } from '../format';
import { orderPath, paths } from '../paths';
import { usePageTitle } from '../usePageTitle';
import { useQuery } from '../useQuery';

function orderFromState(state: unknown, id: string): Order | undefined {
  const order = (state as { order?: Order } | null)?.order;
  return order?.id === id ? order : undefined;
}

export function ConfirmationPage() {
  usePageTitle('Order placed');
  const { orderId = '' } = useParams();
  const location = useLocation();
  const api = useApi();
  const passed = orderFromState(location.state, orderId);
  // The checkout hands the order over; after a reload, fetch it.
  const fetched = useQuery(passed ? null : `order:${orderId}`, (signal) =>
    api.getOrder(orderId, signal),
  );
  const order = passed ?? fetched.data;

  return (
    <div className="confirmation">
      <div className="confirmation-mark" aria-hidden="true">
        ✓
      </div>
      <h1>Thank you for your order</h1>
      <p className="lead">
        Order <strong>{orderNumber(orderId)}</strong> is placed. We'll get your books ready.
      </p>
      {fetched.error !== undefined ? (
        <ErrorPanel error={fetched.error} onRetry={fetched.reload} />
      ) : order ? (
        <div className="panel">
          <OrderLines order={order} />
        </div>
      ) : null}
      <p className="actions">
        <Link to={orderPath(orderId)} className="button">
          View order
        </Link>
        <Link to={paths.catalog} className="button button-secondary">
          Continue shopping
        </Link>
      </p>
    </div>
  );
}
