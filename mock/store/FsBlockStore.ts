import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { assertBlockId, type BlockStore, isBlockId } from './BlockStore.ts'

export interface FsBlockStoreOptions {
  /**
   * fsync each object (and its directory) before it counts as stored. Off for file blocks, as in the real
   * server (block-backend-fs.c and the Go objstore write a temp file and rename it, without fsync): a
   * block is written by a rename of a whole file, so a killed process leaves the whole block or nothing;
   * only a power cut can lose blocks the page cache still held. On for fs objects, which are small and few.
   */
  sync?: boolean
}

/**
 * Blocks on disk, sharded like the real server's `storage/blocks/<repo>/<id[0:2]>/<id[2:]>` (without the
 * repo level: ids are content addresses). A block is written to `tmp/`, then renamed into place, so a
 * crash leaves either the whole block or nothing under its id.
 */
export class FsBlockStore implements BlockStore {
  readonly #tmp: string
  readonly #sync: boolean
  /** Directories known to exist (`tmp/` and the shards), so that a put costs no mkdir. */
  readonly #made = new Set<string>()

  constructor(
    readonly root: string,
    { sync = false }: FsBlockStoreOptions = {},
  ) {
    this.#tmp = join(root, 'tmp')
    this.#sync = sync
  }

  #path(id: string): string {
    return join(this.root, id.slice(0, 2), id.slice(2))
  }

  async #mkdir(dir: string): Promise<void> {
    if (this.#made.has(dir)) return
    await mkdir(dir, { recursive: true })
    this.#made.add(dir)
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
    await this.#mkdir(this.#tmp)
    const temp = join(this.#tmp, `${id}.${randomBytes(6).toString('hex')}`)
    const handle = await open(temp, 'w').catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err
      this.#made.delete(this.#tmp)
      await this.#mkdir(this.#tmp)
      return open(temp, 'w')
    })
    try {
      if (data instanceof Uint8Array) {
        for (let done = 0; done < data.byteLength; )
          done += (await handle.write(data, done, data.byteLength - done)).bytesWritten
      } else for await (const piece of data) await handle.write(piece)
      if (this.#sync) await handle.sync()
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
    if (this.#sync) {
      // Flushed before it gets its name: under its id it is whole, also after a power cut.
      const handle = await open(path, 'r+')
      await handle.sync().finally(() => handle.close())
    }
    try {
      // The file is whole already: one rename puts it in place.
      await this.#install(id, path)
    } catch (err) {
      // EXDEV: the upload's temp dir is on another file system; copy instead.
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err
      await this.put(id, createReadStream(path))
      return rm(path, { force: true })
    }
  }

  async #install(id: string, temp: string): Promise<void> {
    const dir = join(this.root, id.slice(0, 2))
    await this.#mkdir(dir)
    try {
      await rename(temp, this.#path(id))
    } catch (err) {
      // The shard went away since it was made (emptied by a clean-up): make it again, once.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      this.#made.delete(dir)
      await this.#mkdir(dir)
      await rename(temp, this.#path(id))
    }
    if (!this.#sync) return
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
