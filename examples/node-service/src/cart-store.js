/**
 * Shopping carts, persisted in PostgreSQL with a Redis cache in front.
 *
 * PostgreSQL is the source of truth: every write runs in one transaction and then drops the
 * cart's cache entry. Reads go to Redis first; on a miss the cart is read from PostgreSQL and
 * cached for `cacheTtlSeconds`.
 *
 * The store takes connected clients rather than URLs, so that the caller decides where they come
 * from (the tests build them from DATABASE_URL and REDIS_URL) and when they are closed:
 * `db` is a `pg` Pool (or anything with `query()` and `connect()`), `cache` a connected
 * node-redis client.
 */
import { priceWithVat } from './price.js';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS carts (
    id         text        PRIMARY KEY,
    updated_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS cart_items (
    cart_id    text    NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    sku        text    NOT NULL,
    quantity   integer NOT NULL CHECK (quantity > 0),
    unit_cents integer NOT NULL CHECK (unit_cents >= 0),
    PRIMARY KEY (cart_id, sku)
  );
`;

export class CartStore {
  /** Cache lookups since the store was made: `hits` answered by Redis, `misses` by PostgreSQL. */
  stats = { hits: 0, misses: 0 };

  #db;
  #cache;
  #ttl;
  #prefix;

  constructor({ db, cache, cacheTtlSeconds = 300, keyPrefix = 'cart:' }) {
    if (!db || !cache) throw new TypeError('CartStore needs a PostgreSQL pool and a Redis client');
    this.#db = db;
    this.#cache = cache;
    this.#ttl = cacheTtlSeconds;
    this.#prefix = keyPrefix;
  }

  /** Creates the tables when they are not there yet. */
  async migrate() {
    await this.#db.query(SCHEMA);
  }

  /** The Redis key a cart is cached under. */
  cacheKey(cartId) {
    return `${this.#prefix}${cartId}`;
  }

  /** Replaces the cart's items with `cart.items`: all of them, or (on any error) none. */
  async save(cart) {
    await this.#transaction(async (client) => {
      await touchCart(client, cart.id);
      await client.query('DELETE FROM cart_items WHERE cart_id = $1', [cart.id]);
      for (const item of cart.items) {
        await client.query(
          'INSERT INTO cart_items (cart_id, sku, quantity, unit_cents) VALUES ($1, $2, $3, $4)',
          [cart.id, item.sku, item.quantity, item.unitCents],
        );
      }
    });
    await this.#cache.del(this.cacheKey(cart.id));
  }

  /** Adds `quantity` of an item (creating the cart if needed); safe to call concurrently. */
  async addItem(cartId, { sku, quantity = 1, unitCents }) {
    await this.#transaction(async (client) => {
      await touchCart(client, cartId);
      await client.query(
        `INSERT INTO cart_items (cart_id, sku, quantity, unit_cents) VALUES ($1, $2, $3, $4)
         ON CONFLICT (cart_id, sku) DO UPDATE
           SET quantity = cart_items.quantity + EXCLUDED.quantity, unit_cents = EXCLUDED.unit_cents`,
        [cartId, sku, quantity, unitCents],
      );
    });
    await this.#cache.del(this.cacheKey(cartId));
  }

  /** The cart, from Redis when cached, else from PostgreSQL (then cached); null if unknown. */
  async load(cartId) {
    const cached = await this.#cache.get(this.cacheKey(cartId));
    if (cached !== null) {
      this.stats.hits++;
      return JSON.parse(cached);
    }
    this.stats.misses++;
    const exists = await this.#db.query('SELECT 1 FROM carts WHERE id = $1', [cartId]);
    if (exists.rowCount === 0) return null; // not cached: it may be created any moment
    const { rows } = await this.#db.query(
      `SELECT sku, quantity, unit_cents AS "unitCents" FROM cart_items
       WHERE cart_id = $1 ORDER BY sku`,
      [cartId],
    );
    const cart = { id: cartId, items: rows };
    await this.#cache.set(this.cacheKey(cartId), JSON.stringify(cart), { EX: this.#ttl });
    return cart;
  }

  /** Deletes the cart and its items, and its cache entry. True if it existed. */
  async remove(cartId) {
    const { rowCount } = await this.#db.query('DELETE FROM carts WHERE id = $1', [cartId]);
    await this.#cache.del(this.cacheKey(cartId));
    return rowCount > 0;
  }

  async #transaction(work) {
    const client = await this.#db.connect();
    let broken; // a connection that could not even roll back goes, not back to the pool
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

/** What the cart costs with VAT at `vatRate`, in cents (VAT per line, as on an invoice). */
export function cartTotalCents(cart, vatRate) {
  return cart.items.reduce(
    (total, item) => total + priceWithVat(item.quantity * item.unitCents, vatRate),
    0,
  );
}

async function touchCart(client, cartId) {
  await client.query(
    'INSERT INTO carts (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET updated_at = now()',
    [cartId],
  );
}
