type Growable = Uint8Array | Uint16Array | Int32Array | Uint32Array;

/**
 * A copy of `a` in an array of the same type, doubled in length until it holds at least `min`
 * elements (twice the length by default): amortised O(1) appends to typed-array buffers.
 */
export function grown<T extends Growable>(a: T, min = a.length + 1): T {
  let size = Math.max(1, a.length * 2);
  while (size < min) size *= 2;
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  return next;
}
