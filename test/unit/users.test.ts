import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Random } from '../../src/model/random.js';
import { DEFAULT_SCENARIO } from '../../src/model/scenario.js';
import { UserPopulation } from '../../src/model/users.js';

test('sessions per user: the configured single-session share and mean, with a heavy tail', () => {
  const users = new UserPopulation(DEFAULT_SCENARIO.users, 0, new Random(1, 0));
  const n = 200_000;
  let ones = 0;
  let sum = 0;
  let over20 = 0;
  for (let i = 0; i < n; i++) {
    const k = users.drawSessionCount();
    if (k === 1) ones++;
    if (k > 20) over20++;
    sum += k;
  }
  assert.ok(Math.abs(ones / n - 0.488) < 0.005, `single ${ones / n}`);
  assert.ok(Math.abs(sum / n - 3.06) / 3.06 < 0.05, `mean ${sum / n}`);
  assert.ok(over20 / n > 0.003, `tail ${over20 / n}`);
});

test('a user is never in two sessions at once, and ids are unique per stream', () => {
  const users = new UserPopulation(DEFAULT_SCENARIO.users, 2, new Random(1, 2));
  const active = new Map<number, ReturnType<UserPopulation['startSession']>>();
  const r = new Random(5, 0);
  for (let i = 0; i < 50_000; i++) {
    const user = users.startSession();
    assert.not.ok(active.has(user.id), `user ${user.id} already in a session`);
    assert.ok(user.id > 2 * 2 ** 32 && user.id <= 3 * 2 ** 32);
    active.set(user.id, user);
    if (active.size > 100 || r.next() < 0.5) {
      const [id, ending] = active.entries().next().value as [number, ReturnType<UserPopulation['startSession']>];
      active.delete(id);
      users.endSession(ending);
    }
  }
});

test.run();
