import { detachedCopy } from './clone.ts'

/**
 * Everything that is not content-addressed: users, API tokens, repos (with their head commit), commits,
 * starred files, locks. A small namespaced key-value store of JSON values; `batch` applies several writes
 * atomically (a commit and the head that points at it land together or not at all).
 */
export interface MetaStore {
  get<T>(ns: string, key: string): Promise<T | undefined>
  /** All entries of a namespace, in insertion order. */
  list<T>(ns: string): Promise<[key: string, value: T][]>
  put(ns: string, key: string, value: unknown): Promise<void>
  delete(ns: string, key: string): Promise<void>
  batch(ops: MetaOp[]): Promise<void>
  close(): Promise<void>
  /** A number that changes with every write (a put, delete or batch), for caches of derived answers. */
  readonly version?: number
}

export type MetaOp =
  | { op: 'put'; ns: string; key: string; value: unknown }
  | { op: 'delete'; ns: string; key: string }

/** The in-memory tables both implementations keep; values are stored as detached copies. */
export class MetaTables {
  readonly tables = new Map<string, Map<string, unknown>>()
  /** Incremented by every `apply`. */
  version = 0

  table(ns: string): Map<string, unknown> {
    const existing = this.tables.get(ns)
    if (existing) return existing
    const table = new Map<string, unknown>()
    this.tables.set(ns, table)
    return table
  }

  get<T>(ns: string, key: string): T | undefined {
    const value = this.tables.get(ns)?.get(key)
    return value === undefined ? undefined : detachedCopy(value as T)
  }

  list<T>(ns: string): [string, T][] {
    return [...(this.tables.get(ns) ?? new Map())].map(([k, v]) => [k, detachedCopy(v as T)])
  }

  apply(ops: MetaOp[]): void {
    this.version++
    for (const op of ops) {
      if (op.op === 'put') this.table(op.ns).set(op.key, detachedCopy(op.value))
      else this.tables.get(op.ns)?.delete(op.key)
    }
  }
}

/** The default store: tables in memory, gone when the process ends. */
export class MemoryMetaStore implements MetaStore {
  readonly #tables = new MetaTables()

  get version(): number {
    return this.#tables.version
  }

  async get<T>(ns: string, key: string): Promise<T | undefined> {
    return this.#tables.get<T>(ns, key)
  }

  async list<T>(ns: string): Promise<[string, T][]> {
    return this.#tables.list<T>(ns)
  }

  async put(ns: string, key: string, value: unknown): Promise<void> {
    this.#tables.apply([{ op: 'put', ns, key, value }])
  }

  async delete(ns: string, key: string): Promise<void> {
    this.#tables.apply([{ op: 'delete', ns, key }])
  }

  async batch(ops: MetaOp[]): Promise<void> {
    this.#tables.apply(ops)
  }

  async close(): Promise<void> {}
}
