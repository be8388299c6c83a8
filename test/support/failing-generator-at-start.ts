// A generator thread that fails before it says it is ready, as one whose set-up throws would.
export default function generate(): never {
  throw new Error('simulated failure at start');
}
