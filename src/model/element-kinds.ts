// Arrays born in V8's elements kind for objects and strings. A fresh `[]` starts as small integers
// (PACKED_SMI_ELEMENTS) and changes kind, and so map, at its first string or object. A producer thread's
// warm-up (src/engine/chunks.ts) runs the generation code on arrays that have long changed kind, so the
// code it compiles checks for that map; the run's fresh arrays failed the check on their first store
// ("wrong map", --trace-deopt), and every thread compiled that code again in the run's first second.
// These arrays hold the kind they will end up in from the start.

/** An empty array for objects or strings, already in the elements kind it would reach at its first one. */
export function objectArray<T extends object | string | null | undefined>(): T[] {
  const array: (T | string)[] = [''];
  array.length = 0; // the kind stays
  return array as T[];
}

/** An array of `length` undefined entries, in the elements kind for objects (as a filled one would be). */
export function objectSlots<T extends object | string>(length: number): (T | undefined)[] {
  return new Array<T | undefined>(length).fill(undefined);
}
