import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { assertBlockId, type BlockStore, isBlockId } from './BlockStore.ts'

/**
 * Blocks on disk, sharded like the real server's `storage/blocks/<repo>/<id[0:2]>/<id[2:]>` (without the
 * repo level: ids are content addresses). A block is written to `tmp/`, fsynced, then renamed into place,
 * so a crash leaves either the whole block or nothing under its id.
 */
export class FsBlockStore implements BlockStore {
  readonly #tmp: string

  constructor(readonly root: string) {
    this.#tmp = join(root, 'tmp')
  }

  #path(id: string): string {
    return join(this.root, id.slice(0, 2), id.slice(2))
  }

  async has(id: string): Promise<boolean> {
    return (await this.size(id)) !== undefined
  }

  async get(id: string): Promise<Buffer | undefined> {
    if (!isBlockId(id)) return undefined
    try {
      return await readFile(this.#path(id))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
  }

  async size(id: string): Promise<number | undefined> {
    if (!isBlockId(id)) return undefined
    try {
      return (await stat(this.#path(id))).size
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
  }

  async put(id: string, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<void> {
    assertBlockId(id)
    if (await this.has(id)) {
      // Drain a stream so its producer is not left waiting.
      if (!(data instanceof Uint8Array)) for await (const _ of data);
      return
    }
    await mkdir(this.#tmp, { recursive: true })
    const temp = join(this.#tmp, `${id}.${randomBytes(6).toString('hex')}`)
    const handle = await open(temp, 'w')
    try {
      if (data instanceof Uint8Array) await handle.write(data)
      else for await (const piece of data) await handle.write(piece)
      await handle.sync()
    } catch (err) {
      await handle.close()
      await rm(temp, { force: true })
      throw err
    }
    await handle.close()
    await this.#install(id, temp)
  }

  async adopt(id: string, path: string): Promise<void> {
    assertBlockId(id)
    if (await this.has(id)) return rm(path, { force: true })
    await mkdir(this.#tmp, { recursive: true })
    const temp = join(this.#tmp, `${id}.${randomBytes(6).toString('hex')}`)
    try {
      await rename(path, temp)
    } catch (err) {
      // EXDEV: the upload's temp dir is on another file system; copy instead.
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err
      await this.put(id, createReadStream(path))
      return rm(path, { force: true })
    }
    const handle = await open(temp, 'r')
    await handle.sync()
    await handle.close()
    await this.#install(id, temp)
  }

  async #install(id: string, temp: string): Promise<void> {
    const dir = join(this.root, id.slice(0, 2))
    await mkdir(dir, { recursive: true })
    await rename(temp, this.#path(id))
    // Make the rename itself durable.
    const handle = await open(dir, 'r')
    await handle.sync().finally(() => handle.close())
  }

  async delete(id: string): Promise<void> {
    if (isBlockId(id)) await rm(this.#path(id), { force: true })
  }

  async *list(): AsyncIterable<string> {
    let shards: string[]
    try {
      shards = await readdir(this.root)
    } catch {
      return
    }
    for (const shard of shards) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue
      for (const rest of await readdir(join(this.root, shard))) {
        if (isBlockId(shard + rest)) yield shard + rest
      }
    }
  }
}
