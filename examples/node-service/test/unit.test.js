// Unit tests: no services needed. Every file under test/ ending in .test.js is run by `npm test`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatPrice, priceWithVat } from '../src/price.js';

describe('priceWithVat', () => {
  test('adds the standard rate', () => {
    assert.equal(priceWithVat(10_000, 0.2), 12_000);
  });

  test('rounds half a cent up', () => {
    assert.equal(priceWithVat(5, 0.1), 6);
  });

  test('leaves the price alone at a zero rate', () => {
    assert.equal(priceWithVat(999, 0), 999);
  });

  test('refuses a negative or fractional amount', () => {
    assert.throws(() => priceWithVat(-1, 0.2), RangeError);
    assert.throws(() => priceWithVat(1.5, 0.2), RangeError);
  });

  test('refuses a rate given in percent', () => {
    assert.throws(() => priceWithVat(100, 20), /rate must be a fraction/);
  });
});

describe('formatPrice', () => {
  test('formats euros for British readers', () => {
    assert.equal(formatPrice(1234), '€12.34');
  });

  test('formats another currency', () => {
    assert.equal(formatPrice(150_000, { currency: 'USD', locale: 'en-US' }), '$1,500.00');
  });

  // Skipped on purpose: the example run reports one skipped test.
  test(
    'formats yen without minor units',
    { skip: 'JPY has no cents: the cents model needs a per-currency exponent first' },
    () => {
      assert.equal(formatPrice(1500, { currency: 'JPY', locale: 'ja-JP' }), '￥1,500');
    },
  );
});
