import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Catalog } from '../../src/model/catalog.js';
import { SHARED_ROWS_LIMIT, productRowsBuffer } from '../../src/model/product-rows.js';
import { DEFAULT_SCENARIO } from '../../src/model/scenario.js';

const config = DEFAULT_SCENARIO.catalog;

test('product ids are a bijection of the catalog: all distinct', () => {
  const catalog = new Catalog(config, 11);
  const ids = new Set<number>();
  for (let i = 0; i < catalog.size; i++) ids.add(catalog.product(i).id);
  assert.is(ids.size, config.products);
});

test('products are pure functions of (seed, index): two catalogs agree, another seed differs', () => {
  const a = new Catalog(config, 11);
  const b = new Catalog(config, 11);
  const c = new Catalog(config, 12);
  for (const i of [0, 1, 500, 40_000, 166_793]) {
    assert.equal(a.product(i), b.product(i));
    assert.equal(a.state(i, 29_000_000), b.state(i, 29_000_000));
  }
  assert.not.equal(a.product(500), c.product(500));
});

test('fields stay in range: categories, brands, prices', () => {
  const catalog = new Catalog(config, 3);
  for (let i = 0; i < 20_000; i++) {
    const p = catalog.product(i);
    assert.ok(p.categoryId >= 1001 && p.categoryId < 1001 + config.categories);
    assert.match(p.categoryCode, /^[a-z_]+(\.[a-z_]+){0,2}$/);
    assert.match(p.brand, /^[a-z]+$/);
    assert.ok(p.basePrice >= 0.5 && p.basePrice <= config.price_max, String(p.basePrice));
  }
});

test('catalog changes agree with the prices sessions see before and after them', () => {
  const catalog = new Catalog(config, 5);
  const start = catalog.bucketOf(Date.UTC(2026, 0, 1));
  let seen = 0;
  for (let bucket = start; bucket < start + 30; bucket++) {
    for (const change of catalog.changesAt(bucket, 0, 1)) {
      seen++;
      const after = catalog.state(change.product, bucket);
      const before = catalog.state(change.product, bucket - 1);
      if (change.kind === 'delisted') {
        assert.is(after.listed, false);
        assert.is(before.listed, true);
        continue;
      }
      assert.is(after.listed, true);
      assert.equal(after, change.state);
      if (change.kind === 'listed') assert.is(before.listed, false);
      else assert.is(change.oldPrice, before.price);
      if (change.kind === 'price_change') assert.is.not(after.price, before.price);
      if (change.kind === 'stock_change') assert.is(after.price, before.price);
    }
  }
  // With the defaults about N / (average period) products change per bucket: hundreds per minute.
  assert.ok(seen > 30 * 100, `${seen} changes in 30 buckets`);
});

test('streams share the catalog changes without overlap', () => {
  const catalog = new Catalog(config, 5);
  const bucket = catalog.bucketOf(Date.UTC(2026, 0, 1)) + 7;
  const all = catalog.changesAt(bucket, 0, 1).map((c) => catalog.id(c.product)).sort();
  const split = [0, 1, 2].flatMap((s) => catalog.changesAt(bucket, s, 3).map((c) => catalog.id(c.product))).sort();
  assert.equal(split, all);
});

test('catalogs sharing product rows (as a run\'s threads do) read what a catalog of their own computes', () => {
  const rows = productRowsBuffer(config.products);
  assert.ok(rows);
  const a = new Catalog(config, 8, rows);
  const b = new Catalog(config, 8, rows);
  const alone = new Catalog(config, 8);
  const indexes = [0, 1, 2, 77, 5_000, 100_000, 166_793];
  for (const i of indexes) assert.equal(a.product(i), alone.product(i)); // a fills the rows
  for (const i of indexes) {
    assert.equal(b.product(i), alone.product(i)); // b reads them
    assert.is(b.price(i, 29_000_000), alone.price(i, 29_000_000));
    assert.is(b.listed(i, 29_000_000), alone.listed(i, 29_000_000));
  }
  assert.is(a.shareableRows, rows);
});

test('a catalog too large to share keeps a cache of rows per thread, and a product evicted from it reads the same', () => {
  const big = { ...config, products: SHARED_ROWS_LIMIT + 1 };
  const catalog = new Catalog(big, 8);
  assert.is(catalog.shareableRows, null);
  assert.is(productRowsBuffer(big.products), undefined);
  const first = catalog.product(5);
  // 5 + 65,536 takes the same cache slot as 5.
  assert.is.not(catalog.product(5 + 65_536).id, first.id);
  assert.equal(catalog.product(5), first);
  assert.equal(catalog.product(SHARED_ROWS_LIMIT), new Catalog(big, 8).product(SHARED_ROWS_LIMIT));
});

test.run();
