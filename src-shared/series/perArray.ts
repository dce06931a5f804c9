/**
 * `make` of an array, made once per array and again once the array has grown: append-only arrays
 * (a running run's epochs) only ever change by growing. Compare makes a run's summary numbers and
 * chart points as its answer arrives; the page and its charts then read them from here.
 */
export function perArray<A extends readonly unknown[], V>(make: (array: A) => V): (array: A) => V {
  const kept = new WeakMap<A, { length: number; value: V }>()
  return (array) => {
    const k = kept.get(array)
    if (k && k.length === array.length) return k.value
    const value = make(array)
    kept.set(array, { length: array.length, value })
    return value
  }
}
