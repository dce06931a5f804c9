import { computed, toRaw, type ComputedRef, type Ref } from 'vue'

/** Where an editable view keeps the value it shows (so that copies are made of data, not of views). */
const TARGET = Symbol('editable target')

/**
 * The object a form component edits through its v-model (defineModel), as a view the component may
 * write to without mutating its prop. Reading a field reads the parent's value; assigning one,
 * however deep (`training.optimizer.lr = 0.1`, which is what `v-model="training.optimizer.lr"`
 * does), emits a copy of the parent's value with that one field replaced and the rest shared. The
 * parent, which owns the object, decides what to store.
 */
export function useEditable<T extends object>(model: Ref<T>): ComputedRef<T> {
  return computed(() => editable(model.value, (next) => (model.value = next)))
}

/** Plain data (objects and arrays) gets a view; class instances and primitives are returned as they are. */
function isData(v: unknown): v is object {
  if (v === null || typeof v !== 'object') return false
  if (Array.isArray(v)) return true
  const proto: unknown = Object.getPrototypeOf(toRaw(v))
  return proto === Object.prototype || proto === null
}

/** The data behind a view (or the value itself), without Vue's reactive wrapper. */
function dataOf<T>(v: T): T {
  if (!isData(v)) return v
  return toRaw((v as { [TARGET]?: T })[TARGET] ?? v)
}

function withField<T extends object>(obj: T, key: string, value: unknown): T {
  const copy = (Array.isArray(obj) ? [...(obj as unknown[])] : { ...obj }) as Record<string, unknown>
  copy[key] = value
  return copy as T
}

function editable<T extends object>(value: T, write: (next: T) => void): T {
  // reads go through the (reactive) value itself, so a render that reads a field tracks it
  const target = (value as { [TARGET]?: T })[TARGET] ?? value
  return new Proxy(target, {
    get(t, key) {
      if (key === TARGET) return t
      // Vue's own flags (__v_isReactive, __v_raw) are not the data's: a view is plain data to Vue,
      // so v-for over a view of an array gives views of its items, not the reactive items themselves
      if (typeof key === 'string' && key.startsWith('__v_')) return undefined
      // methods (map, Symbol.iterator) come from the plain data: Vue's reactive versions would
      // unwrap `this` and go round again; the plain ones read each item through this view
      if (typeof key === 'symbol') return Reflect.get(toRaw(t), key)
      const v: unknown = Reflect.get(t, key)
      if (typeof v === 'function') return Reflect.get(toRaw(t), key)
      if (!isData(v)) return v
      return editable(v, (next) => write(withField(dataOf(t), key, next)))
    },
    set(t, key, v) {
      if (typeof key === 'symbol') return false
      write(withField(dataOf(t), key, dataOf(v)))
      return true
    },
    deleteProperty() {
      return false
    },
    defineProperty() {
      return false
    }
  })
}
