// Integration tests: the cart store against a real PostgreSQL and a real Redis, reached through
// DATABASE_URL and REDIS_URL (the action sets both when it starts the `postgres` and `redis`
// services). Without them every test here fails, saying so: they are never silently skipped.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { createClient } from 'redis';
import { CartStore, cartTotalCents } from '../src/cart-store.js';

/** Ids and cache keys of this run only, so that nothing else in the database is touched. */
const RUN = `it-${process.pid}-${Date.now().toString(36)}`;
const created = new Set();
function cartId(name) {
  const id = `${RUN}-${name}`;
  created.add(id);
  return id;
}

let connecting;
/**
 * The clients and the store, connected on first use. Each test starts with it, so that without
 * DATABASE_URL or REDIS_URL every test fails with a message saying what is missing.
 */
function services() {
  connecting ??= connect();
  return connecting;
}

async function connect() {
  const missing = ['DATABASE_URL', 'REDIS_URL'].filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: these tests need ` +
        'PostgreSQL and Redis. Run them through the action with the postgres and redis ' +
        'services (see README.md), or set DATABASE_URL and REDIS_URL yourself.',
    );
  }
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  const redis = createClient({
    url: process.env.REDIS_URL,
    // A few quick retries, then give up: a test run must fail, not wait for Redis forever.
    socket: { reconnectStrategy: (retries, cause) => (retries < 5 ? 200 : cause) },
  });
  redis.on('error', () => {}); // connect() and each command reject with the error themselves
  try {
    await redis.connect();
    const store = new CartStore({
      db: pool,
      cache: redis,
      cacheTtlSeconds: 60,
      keyPrefix: `${RUN}:`,
    });
    await store.migrate();
    return { pool, redis, store };
  } catch (error) {
    await disconnect({ pool, redis });
    throw error;
  }
}

async function disconnect({ pool, redis }) {
  if (redis.isOpen) await redis.close();
  await pool.end();
}

describe('CartStore on PostgreSQL and Redis', () => {
  // Remove what this run wrote and close both connections, or node:test would wait for them.
  after(async () => {
    const connected = await connecting?.catch(() => undefined);
    if (!connected) return;
    const { pool, redis, store } = connected;
    try {
      const ids = [...created];
      if (ids.length > 0) {
        await pool.query('DELETE FROM carts WHERE id = ANY($1)', [ids]);
        await redis.del(ids.map((id) => store.cacheKey(id)));
      }
    } finally {
      await disconnect(connected);
    }
  });

  test('saves a cart and loads it back', async () => {
    const { store } = await services();
    const id = cartId('basket');
    await store.save({
      id,
      items: [
        { sku: 'tea-200g', quantity: 2, unitCents: 450 },
        { sku: 'mug', quantity: 1, unitCents: 1_200 },
      ],
    });
    const cart = await store.load(id);
    assert.deepEqual(cart, {
      id,
      items: [
        { sku: 'mug', quantity: 1, unitCents: 1_200 },
        { sku: 'tea-200g', quantity: 2, unitCents: 450 },
      ],
    });
    assert.equal(cartTotalCents(cart, 0.2), 1_440 + 1_080);
  });

  test('a second load is a cache hit, with an expiry on the key', async () => {
    const { redis, store } = await services();
    const id = cartId('cached');
    await store.save({ id, items: [{ sku: 'coffee-1kg', quantity: 1, unitCents: 2_490 }] });
    const earlier = { ...store.stats };

    const first = await store.load(id);
    const second = await store.load(id);

    assert.deepEqual(second, first);
    assert.deepEqual(store.stats, { hits: earlier.hits + 1, misses: earlier.misses + 1 });
    const ttl = await redis.ttl(store.cacheKey(id));
    assert.ok(ttl > 0 && ttl <= 60, `the cache entry should expire within 60 s, TTL is ${ttl}`);
  });

  test('a hit is answered by Redis alone, and a save through the store invalidates it', async () => {
    const { pool, redis, store } = await services();
    const id = cartId('stale');
    await store.save({ id, items: [{ sku: 'filter-papers', quantity: 1, unitCents: 300 }] });
    await store.load(id); // now cached

    // Behind the store's back: the cached copy still answers.
    await pool.query('UPDATE cart_items SET quantity = 5 WHERE cart_id = $1', [id]);
    assert.equal((await store.load(id)).items[0].quantity, 1);

    // Through the store: the entry is dropped, and the next load reads PostgreSQL.
    await store.save({ id, items: [{ sku: 'filter-papers', quantity: 3, unitCents: 300 }] });
    assert.equal(await redis.exists(store.cacheKey(id)), 0);
    assert.equal((await store.load(id)).items[0].quantity, 3);
  });

  test('a failed save is rolled back as a whole', async () => {
    const { store } = await services();
    const id = cartId('rollback');
    await store.save({ id, items: [{ sku: 'kettle', quantity: 1, unitCents: 3_999 }] });

    await assert.rejects(
      store.save({
        id,
        items: [
          { sku: 'kettle', quantity: 2, unitCents: 3_999 },
          { sku: 'descaler', quantity: 0, unitCents: 650 }, // violates CHECK (quantity > 0)
        ],
      }),
      (error) => error.code === '23514', // check_violation
    );

    // Neither the deletion of the old items nor the first new one was kept.
    assert.deepEqual((await store.load(id)).items, [
      { sku: 'kettle', quantity: 1, unitCents: 3_999 },
    ]);
  });

  test('concurrent additions of one item add up', async () => {
    const { store } = await services();
    const id = cartId('concurrent');
    await Promise.all(
      Array.from({ length: 8 }, () => store.addItem(id, { sku: 'biscuits', unitCents: 199 })),
    );
    assert.deepEqual((await store.load(id)).items, [
      { sku: 'biscuits', quantity: 8, unitCents: 199 },
    ]);
  });

  test('an unknown cart is null and is not cached', async () => {
    const { redis, store } = await services();
    const id = cartId('unknown');
    assert.equal(await store.load(id), null);
    assert.equal(await redis.exists(store.cacheKey(id)), 0);
  });

  test('removing a cart drops it from PostgreSQL and Redis', async () => {
    const { pool, redis, store } = await services();
    const id = cartId('removed');
    await store.save({ id, items: [{ sku: 'teapot', quantity: 1, unitCents: 2_500 }] });
    await store.load(id); // cached

    assert.equal(await store.remove(id), true);
    assert.equal(await redis.exists(store.cacheKey(id)), 0);
    const { rowCount } = await pool.query('SELECT 1 FROM cart_items WHERE cart_id = $1', [id]);
    assert.equal(rowCount, 0, 'the items go with their cart');
    assert.equal(await store.load(id), null);
    assert.equal(await store.remove(id), false);
  });
});
