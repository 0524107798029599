import { type FileHandle, mkdir, open, readFile, rename } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { type MetaOp, type MetaStore, MetaTables } from './MetaStore.ts'

/**
 * A MetaStore that survives restarts and crashes: an append-only log of JSON lines, one line per write or
 * batch, fsynced before the write resolves. Opening replays the log, drops a torn last line (a write cut
 * by SIGKILL), and rewrites it compacted (temp file + fsync + rename). Concurrent writes share one fsync.
 */
export class LogMetaStore implements MetaStore {
  readonly #tables = new MetaTables()
  #handle: FileHandle | undefined
  #pending: { line: string; done: () => void; failed: (err: unknown) => void }[] = []
  #flushing: Promise<void> | undefined

  private constructor(readonly file: string) {}

  get version(): number {
    return this.#tables.version
  }

  /** Opens (or creates) the log at `dir/meta.log`. */
  static async open(dir: string): Promise<LogMetaStore> {
    const store = new LogMetaStore(join(dir, 'meta.log'))
    await mkdir(dir, { recursive: true })
    await store.#replay()
    await store.#compact()
    store.#handle = await open(store.file, 'a')
    return store
  }

  async #replay(): Promise<void> {
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
      throw err
    }
    const lines = text.split('\n')
    // The last element is what follows the final "\n": empty, or a torn line never acknowledged.
    lines.pop()
    for (const line of lines) {
      let ops: MetaOp[]
      try {
        ops = JSON.parse(line) as MetaOp[]
      } catch {
        break
      }
      this.#tables.apply(ops)
    }
  }

  async #compact(): Promise<void> {
    const temp = `${this.file}.tmp`
    const handle = await open(temp, 'w')
    try {
      for (const [ns, table] of this.#tables.tables) {
        const ops: MetaOp[] = [...table].map(([key, value]) => ({ op: 'put', ns, key, value }))
        for (let i = 0; i < ops.length; i += 500)
          await handle.write(`${JSON.stringify(ops.slice(i, i + 500))}\n`)
      }
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, this.file)
    const dir = await open(dirname(this.file), 'r')
    await dir.sync().finally(() => dir.close())
  }

  async get<T>(ns: string, key: string): Promise<T | undefined> {
    return this.#tables.get<T>(ns, key)
  }

  async list<T>(ns: string): Promise<[string, T][]> {
    return this.#tables.list<T>(ns)
  }

  put(ns: string, key: string, value: unknown): Promise<void> {
    return this.batch([{ op: 'put', ns, key, value }])
  }

  delete(ns: string, key: string): Promise<void> {
    return this.batch([{ op: 'delete', ns, key }])
  }

  /** Applied in memory at once (readers see it), acknowledged once the line is on disk. */
  batch(ops: MetaOp[]): Promise<void> {
    if (!this.#handle) return Promise.reject(new Error('LogMetaStore is closed'))
    const line = `${JSON.stringify(ops)}\n`
    this.#tables.apply(ops)
    return new Promise((done, failed) => {
      this.#pending.push({ line, done, failed })
      this.#flushing ??= this.#flush()
    })
  }

  async #flush(): Promise<void> {
    while (this.#pending.length > 0) {
      const group = this.#pending
      this.#pending = []
      try {
        await this.#handle!.write(group.map((p) => p.line).join(''))
        await this.#handle!.sync()
        for (const p of group) p.done()
      } catch (err) {
        for (const p of group) p.failed(err)
      }
    }
    this.#flushing = undefined
  }

  async close(): Promise<void> {
    await this.#flushing
    await this.#handle?.close()
    this.#handle = undefined
  }
}
