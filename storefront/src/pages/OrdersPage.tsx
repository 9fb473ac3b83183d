import { Link } from 'react-router';
import { useApi } from '../api/context';
import { useAuth } from '../auth/auth';
import { ErrorPanel } from '../components/ErrorPanel';
import { statusLabel } from '../components/OrderSummary';
import { formatDate, formatPrice, orderNumber, plural } from '../format';
import { orderPath, paths } from '../paths';
import { usePageTitle } from '../usePageTitle';
import { useQuery } from '../useQuery';
import { SignInRequired } from './SignInRequired';

export function OrdersPage() {
  usePageTitle('Your orders');
  const api = useApi();
  const auth = useAuth();
  const orders = useQuery(
    auth.status === 'signed-in' ? `orders:${auth.user?.id}` : null,
    (signal) => api.listOrders(signal),
  );

  if (auth.status !== 'signed-in') {
    return (
      <SignInRequired
        heading="Your orders"
        detail="Sign in to see the orders you placed."
        returnTo={paths.orders}
      />
    );
  }
  return (
    <>
      <h1>Your orders</h1>
      {orders.error !== undefined ? (
        <ErrorPanel error={orders.error} onRetry={orders.reload} />
      ) : orders.data === undefined ? (
        <p className="muted" aria-busy="true">
          Loading your orders…
        </p>
      ) : orders.data.length === 0 ? (
        <div className="panel empty">
          <h2>No orders yet</h2>
          <p>When you place an order, it shows up here with its status.</p>
          <Link to={paths.catalog} className="button">
            Start shopping
          </Link>
        </div>
      ) : (
        <ul className="orders" aria-label="Orders">
          {orders.data.map((order) => (
            <li key={order.id} className="order-row">
              <div>
                <h2 className="order-title">
                  <Link to={orderPath(order.id)}>Order {orderNumber(order.id)}</Link>
                </h2>
                <p className="muted">
                  {[
                    formatDate(order.createdAt),
                    plural(
                      order.items.reduce((n, l) => n + l.quantity, 0),
                      'item',
                    ),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              </div>
              <span className={`pill pill-${order.status.toLowerCase()}`}>
                {statusLabel(order.status)}
              </span>
              <span className="price">{formatPrice(order.total)}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
