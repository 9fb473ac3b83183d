import { Link, useParams } from 'react-router';
import { useApi } from '../api/context';
import { isApiError } from '../api/errors';
import { useAuth } from '../auth/auth';
import { ErrorPanel } from '../components/ErrorPanel';
import { OrderLines, statusLabel } from '../components/OrderSummary';
import { formatDate, orderNumber } from '../format';
import { orderPath, paths } from '../paths';
import { usePageTitle } from '../usePageTitle';
import { useQuery } from '../useQuery';
import { NotFound } from './NotFoundPage';
import { SignInRequired } from './SignInRequired';

export function OrderPage() {
  const { id = '' } = useParams();
  usePageTitle(`Order ${orderNumber(id)}`);
  const api = useApi();
  const auth = useAuth();
  const order = useQuery(auth.status === 'signed-in' ? `order:${id}` : null, (signal) =>
    api.getOrder(id, signal),
  );

  if (auth.status !== 'signed-in') {
    return (
      <SignInRequired
        heading={`Order ${orderNumber(id)}`}
        detail="Sign in to see this order."
        returnTo={orderPath(id)}
      />
    );
  }
  if (isApiError(order.error) && order.error.kind === 'not-found') {
    return (
      <NotFound
        title="Order not found"
        detail="There is no order with this number in your account."
      />
    );
  }
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={paths.orders}>← All orders</Link>
      </nav>
      <h1>Order {orderNumber(id)}</h1>
      {order.error !== undefined ? (
        <ErrorPanel error={order.error} onRetry={order.reload} />
      ) : order.data === undefined ? (
        <p className="muted" aria-busy="true">
          Loading order…
        </p>
      ) : (
        <div className="panel">
          <p className="order-meta">
            <span className={`pill pill-${order.data.status.toLowerCase()}`}>
              {statusLabel(order.data.status)}
            </span>
            {order.data.createdAt && (
              <span className="muted">Placed {formatDate(order.data.createdAt)}</span>
            )}
            <span className="muted small">Reference {order.data.id}</span>
          </p>
          <OrderLines order={order.data} />
        </div>
      )}
    </>
  );
}
