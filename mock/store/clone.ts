/**
 * A detached copy of a stored value, as `structuredClone` makes it, several times faster for what the
 * stores hold (plain objects, arrays, strings, numbers, booleans, null): the meta tables copy on every
 * read, so that no caller can change stored state by mutating what it got.
 */
export function detachedCopy<T>(value: T): T {
  return copy(value, 0) as T
}

/** Deeper than this, or anything but plain data, goes to structuredClone (cycles, Dates, Maps…). */
const MAX_DEPTH = 32

function copy(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (depth > MAX_DEPTH) return structuredClone(value)
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return structuredClone(value)
    const out = new Array(value.length)
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i], depth + 1)
    return out
  }
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return structuredClone(value)
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key], depth + 1)
  return out
}
