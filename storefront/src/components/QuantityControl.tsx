import { MAX_QUANTITY } from '../cart/guestCart';

/** − / number / + for one cart line; every control is named after the book. */
export function QuantityControl({
  title,
  quantity,
  onChange,
}: {
  title: string;
  quantity: number;
  onChange: (quantity: number) => void;
}) {
  return (
    <div className="quantity" role="group" aria-label={`Quantity of ${title}`}>
      <button
        type="button"
        className="quantity-step"
        aria-label={`Decrease quantity of ${title}`}
        disabled={quantity <= 1}
        onClick={() => onChange(quantity - 1)}
      >
        −
      </button>
      <input
        type="number"
        inputMode="numeric"
        min={1}
        max={MAX_QUANTITY}
        aria-label={`Quantity for ${title}`}
        value={quantity}
        onChange={(event) => {
          const next = Number(event.target.value);
          if (Number.isInteger(next) && next >= 1 && next <= MAX_QUANTITY) onChange(next);
        }}
      />
      <button
        type="button"
        className="quantity-step"
        aria-label={`Increase quantity of ${title}`}
        disabled={quantity >= MAX_QUANTITY}
        onClick={() => onChange(quantity + 1)}
      >
        +
      </button>
    </div>
  );
}
