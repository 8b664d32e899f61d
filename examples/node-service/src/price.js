/**
 * Prices in integer cents, so that no sum ever drifts by a floating-point fraction.
 */

/** The gross price of `netCents` at `rate` (0.2 for 20 %), rounded half up to whole cents. */
export function priceWithVat(netCents, rate) {
  if (!Number.isInteger(netCents) || netCents < 0) {
    throw new RangeError(`netCents must be a non-negative integer, got ${netCents}`);
  }
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
    throw new RangeError(`rate must be a fraction in [0, 1), got ${rate}`);
  }
  return netCents + Math.round(netCents * rate);
}

/** `cents` as people read it, e.g. `€12.34` (en-GB) or `12,34 €` (de-DE). */
export function formatPrice(cents, { currency = 'EUR', locale = 'en-GB' } = {}) {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}
