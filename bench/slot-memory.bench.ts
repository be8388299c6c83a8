// What the integrity state of a long run costs: the slots of `hours` at `rate` events/s over `producers`
// producer threads, added to SlotSets as a run acks or reads them (out of order within blocks of 2,048
// slots, as records in flight are), once clean and once with one record in `lossEvery` missing. For each:
// ns per add, the bitmap pages and holes held and their bytes, beside one bit per slot (what the set held
// before it had pages), and the encoded size that crosses threads and processes at the end.
// Usage: node dist/bench/slot-memory.bench.js [hours] [rate] [producers] [lossEvery]
import { PAGE_SLOTS, SlotSet, encodeSlotSets } from '../src/engine/slot-set.js';
import { hash32 } from '../src/model/random.js';

const hours = Number(process.argv[2] ?? 1);
const rate = Number(process.argv[3] ?? 50_000);
const producers = Number(process.argv[4] ?? 8);
const lossEvery = Number(process.argv[5] ?? 100_000);
const perProducer = Math.round((hours * 3600 * rate) / producers);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

console.log(`${hours} h at ${rate.toLocaleString('en-US')}/s over ${producers} producers: ${perProducer.toLocaleString('en-US')} slots each`);
for (const [label, lost] of [
  ['clean', (_slot: number) => false],
  [`1 in ${lossEvery.toLocaleString('en-US')} lost`, (slot: number) => hash32(7, slot) % lossEvery === 0],
] as const) {
  const sets = new Map<number, SlotSet>();
  const started = process.hrtime.bigint();
  let adds = 0;
  for (let producer = 0; producer < producers; producer++) {
    const set = new SlotSet();
    for (let i = 0; i < perProducer; i++) {
      const slot = i ^ 0x5a5; // a permutation within each aligned block of 2,048 slots
      if (slot < perProducer && !lost(slot)) {
        set.add(slot);
        adds++;
      }
    }
    sets.set(producer, set);
  }
  const nsPerAdd = Number(process.hrtime.bigint() - started) / adds;
  let pages = 0;
  let holes = 0;
  let flat = 0;
  for (const set of sets.values()) {
    pages += set.bitmapPages();
    holes += set.holes();
    flat += Math.ceil((set.max + 1) / 8);
  }
  const held = (pages * PAGE_SLOTS) / 8 + holes * 2;
  const encoded = JSON.stringify(encodeSlotSets(sets)).length;
  console.log(
    `${label}: ${nsPerAdd.toFixed(1)} ns/add; held ${pages} bitmap pages and ${holes} holes = ${mb(held)}` +
      ` (one bit per slot: ${mb(flat)}, ${(held / flat).toFixed(4)}x); encoded ${mb(encoded)}`,
  );
}
