import { readFile, rm } from 'node:fs/promises'
import { assertBlockId, type BlockStore, collect } from './BlockStore.ts'

/** A Map of id → bytes: the default store, lost when the process ends. */
export class MemoryBlockStore implements BlockStore {
  readonly #blocks = new Map<string, Buffer>()

  async has(id: string): Promise<boolean> {
    return this.#blocks.has(id)
  }

  async get(id: string): Promise<Buffer | undefined> {
    return this.#blocks.get(id)
  }

  async size(id: string): Promise<number | undefined> {
    return this.#blocks.get(id)?.length
  }

  async put(id: string, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<void> {
    assertBlockId(id)
    const bytes = await collect(data)
    if (!this.#blocks.has(id)) this.#blocks.set(id, bytes)
  }

  async adopt(id: string, path: string): Promise<void> {
    assertBlockId(id)
    if (!this.#blocks.has(id)) this.#blocks.set(id, await readFile(path))
    await rm(path, { force: true })
  }

  async delete(id: string): Promise<void> {
    this.#blocks.delete(id)
  }

  async *list(): AsyncIterable<string> {
    yield* [...this.#blocks.keys()]
  }
}
