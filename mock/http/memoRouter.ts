/**
 * A Hono router that remembers its answers. The mock's routes do not all fit Hono's RegExpRouter, so the
 * SmartRouter falls back to the TrieRouter, whose search walks the tree for every request. Once every route
 * is added, a match depends only on (method, path), and Hono only reads the result: it can be reused.
 */
import type { Result, Router } from 'hono/router'

/** Enough for the paths a client session uses; when full, it starts again (paths with tokens churn). */
const LIMIT = 4096

export class MemoRouter<T> implements Router<T> {
  readonly name: string
  readonly #results = new Map<string, Result<T>>()

  constructor(readonly inner: Router<T>) {
    this.name = `memo(${inner.name})`
  }

  add(method: string, path: string, handler: T): void {
    this.#results.clear()
    this.inner.add(method, path, handler)
  }

  match(method: string, path: string): Result<T> {
    const key = `${method} ${path}`
    const known = this.#results.get(key)
    if (known) return known
    const result = this.inner.match(method, path)
    if (this.#results.size >= LIMIT) this.#results.clear()
    this.#results.set(key, result)
    return result
  }
}
