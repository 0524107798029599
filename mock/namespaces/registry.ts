/**
 * The namespaces of one mock: each is a whole core (model, stores, routes) of its own, created on first
 * use from the same options and seed, reset by replacing it with a fresh one. Idle namespaces beyond
 * `max` are closed, least recently used first (their data stays on disk when `dataDir` is set).
 */
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Seafile } from '../model/seafile.ts'
import type { ResolvedOptions } from '../options.ts'
import { DEFAULT_NAMESPACE } from './namespaceOf.ts'

/** One namespace's state and request handler. */
export interface Core {
  readonly seaf: Seafile
  fetch(req: Request): Promise<Response>
}

/** Opens namespace `name`'s core over `options` (each namespace has its own `dataDir`). */
export type OpenCore = (name: string, options: ResolvedOptions) => Promise<Core>

/** The stores `Seafile.open` keeps under a data dir. */
const STORE_ENTRIES = ['meta.log', 'meta.log.tmp', 'blocks', 'fs']

export class Namespaces {
  readonly #cores = new Map<string, Promise<Core>>()
  /** The cores that have opened, for a lookup without a promise (the requests' fast path). */
  readonly #opened = new Map<string, Core>()

  constructor(
    readonly options: ResolvedOptions,
    readonly open: OpenCore,
    readonly max = options.maxNamespaces,
  ) {}

  /** `dataDir` for the default namespace, `dataDir/namespaces/<name>` for the others. */
  dataDir(name: string): string | undefined {
    const base = this.options.dataDir
    return base && name !== DEFAULT_NAMESPACE ? join(base, 'namespaces', name) : base
  }

  /** The namespace's core, created (and seeded) on first use. */
  get(name: string): Promise<Core> {
    const existing = this.#cores.get(name)
    if (existing) {
      // Map order is the LRU order.
      this.#cores.delete(name)
      this.#cores.set(name, existing)
      return existing
    }
    return this.#start(name)
  }

  /** The namespace's core if it is open now (no LRU bookkeeping: for the default namespace). */
  opened(name: string): Core | undefined {
    return this.#opened.get(name)
  }

  /** Replaces the namespace with a fresh, seeded one; requests already running finish on the old one. */
  async reset(name: string): Promise<Core> {
    const old = this.#cores.get(name)
    this.#cores.delete(name)
    this.#opened.delete(name)
    if (old) await (await old.catch(() => undefined))?.seaf.close()
    const dir = this.dataDir(name)
    if (dir) await Promise.all(STORE_ENTRIES.map((e) => rm(join(dir, e), { recursive: true, force: true })))
    return this.#start(name)
  }

  /** Namespaces in use, least recently used first. */
  names(): string[] {
    return [...this.#cores.keys()]
  }

  async close(): Promise<void> {
    const cores = [...this.#cores.values()]
    this.#cores.clear()
    this.#opened.clear()
    await Promise.all(cores.map(async (c) => (await c.catch(() => undefined))?.seaf.close()))
  }

  #start(name: string): Promise<Core> {
    const core = this.open(name, { ...this.options, dataDir: this.dataDir(name) })
    this.#cores.set(name, core)
    core.then(
      (opened) => this.#cores.get(name) === core && this.#opened.set(name, opened),
      () => this.#cores.get(name) === core && this.#cores.delete(name),
    )
    this.#evict()
    return core
  }

  #evict(): void {
    for (const name of this.#cores.keys()) {
      if (this.#cores.size <= this.max) return
      if (name === DEFAULT_NAMESPACE) continue
      const core = this.#cores.get(name)!
      this.#cores.delete(name)
      this.#opened.delete(name)
      void core.then((c) => c.seaf.close()).catch(() => undefined)
    }
  }
}
