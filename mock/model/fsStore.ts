import { deflateSync } from 'node:zlib'
import type { BlockStore } from '../store/BlockStore.ts'
import { type FsDirent, isDirMode, readFsObject } from '../sync/fsObjects.ts'
import { dirObjectJson, EMPTY_ID, fileObjectJson, sha1Hex, sortDirents } from './objectIds.ts'

/** A file object's content. */
export interface FileObject {
  blockIds: string[]
  size: number
}

/** Totals of a tree, cached by dir id (a dir id names its whole subtree, so the cache never goes stale). */
export interface TreeStats {
  size: number
  files: number
}

const CACHE_LIMIT = 10_000

/**
 * fs objects (files `type` 1, dirs `type` 3) stored zlib-compressed under the SHA-1 of their uncompressed
 * jansson JSON, as fs-mgr.c and the sync protocol keep them (§2.4). Empty files and dirs are `000…0` and
 * never stored. Parsed dirs are cached: objects are immutable.
 */
export class FsStore {
  readonly #dirs = new Map<string, FsDirent[]>()
  readonly #stats = new Map<string, TreeStats>()

  constructor(readonly objects: BlockStore) {}

  async putFile(blockIds: string[], size: number): Promise<string> {
    if (blockIds.length === 0) return EMPTY_ID
    return this.#put(fileObjectJson(blockIds, size))
  }

  async putDir(dirents: FsDirent[]): Promise<string> {
    if (dirents.length === 0) return EMPTY_ID
    const id = await this.#put(dirObjectJson(dirents))
    this.#cacheDir(id, sortDirents(dirents))
    return id
  }

  /** Stores an object exactly as a client sent it (never re-serialised: jansson and JS escape differently). */
  putRaw(id: string, compressed: Uint8Array): Promise<void> {
    return this.objects.put(id, compressed)
  }

  async #put(json: string): Promise<string> {
    const id = sha1Hex(json)
    if (!(await this.objects.has(id))) await this.objects.put(id, deflateSync(json))
    return id
  }

  async getFile(id: string): Promise<FileObject | undefined> {
    if (id === EMPTY_ID) return { blockIds: [], size: 0 }
    const raw = await this.objects.get(id)
    if (!raw) return undefined
    const obj = readFsObject(raw)
    return obj.type === 1 ? { blockIds: obj.blockIds, size: obj.size } : undefined
  }

  /** A directory's entries sorted as stored (name descending), or `undefined` if absent. */
  async getDir(id: string): Promise<FsDirent[] | undefined> {
    if (id === EMPTY_ID) return []
    const cached = this.#dirs.get(id)
    if (cached) return cached
    const raw = await this.objects.get(id)
    if (!raw) return undefined
    const obj = readFsObject(raw)
    if (obj.type !== 3) return undefined
    this.#cacheDir(id, obj.dirents)
    return obj.dirents
  }

  #cacheDir(id: string, dirents: FsDirent[]): void {
    if (this.#dirs.size >= CACHE_LIMIT) this.#dirs.delete(this.#dirs.keys().next().value!)
    this.#dirs.set(id, dirents)
  }

  /** Total size and file count below a dir. */
  async stats(dirId: string): Promise<TreeStats> {
    const cached = this.#stats.get(dirId)
    if (cached) return cached
    const total: TreeStats = { size: 0, files: 0 }
    for (const d of (await this.getDir(dirId)) ?? []) {
      if (isDirMode(d.mode)) {
        const sub = await this.stats(d.id)
        total.size += sub.size
        total.files += sub.files
      } else {
        total.size += d.size ?? 0
        total.files += 1
      }
    }
    if (this.#stats.size >= CACHE_LIMIT) this.#stats.clear()
    this.#stats.set(dirId, total)
    return total
  }
}
