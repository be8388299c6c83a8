import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Catalog } from '../../src/model/catalog.js';
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
  const strip = (p: ReturnType<Catalog['product']>) => ({ ...p, memo: undefined, memoBucket: 0 });
  for (const i of [0, 1, 500, 40_000, 166_793]) {
    assert.equal(strip(a.product(i)), strip(b.product(i)));
    assert.equal(a.state(a.product(i), 29_000_000), b.state(b.product(i), 29_000_000));
  }
  assert.not.equal(strip(a.product(500)), strip(c.product(500)));
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
  const all = catalog.changesAt(bucket, 0, 1).map((c) => c.product.id).sort();
  const split = [0, 1, 2].flatMap((s) => catalog.changesAt(bucket, s, 3).map((c) => c.product.id)).sort();
  assert.equal(split, all);
});

test.run();
