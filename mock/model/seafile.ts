/**
 * The mock's state and the model API the routes (and colleagues' route modules) build on: stores, users,
 * repos, access tokens, the one place that decides permissions, and file storing/committing.
 */
import { join } from 'node:path'
import type { ResolvedOptions } from '../options.ts'
import type { BlockStore } from '../store/BlockStore.ts'
import { FsBlockStore } from '../store/FsBlockStore.ts'
import { LogMetaStore } from '../store/LogMetaStore.ts'
import { MemoryBlockStore } from '../store/MemoryBlockStore.ts'
import { MemoryMetaStore, type MetaStore } from '../store/MetaStore.ts'
import { AccessTokens } from './accessTokens.ts'
import { chunkIntoBlocks, type StoredFile } from './chunking.ts'
import { FsStore } from './fsStore.ts'
import { Locks } from './locks.ts'
import { RepoPasswords } from './repoPasswords.ts'
import type { RepoRecord } from './repos.ts'
import { Repos } from './repos.ts'
import { Starred } from './starred.ts'
import { SyncTokens } from './syncTokens.ts'
import { Users } from './users.ts'

/** `rw` read-write, `r` read-only; `undefined` no access. */
export type Permission = 'rw' | 'r'

/** Extra access rules (shares, groups, public repos): the highest answer wins. */
export type PermissionResolver = (user: string, repo: RepoRecord) => Promise<Permission | undefined>

/**
 * Extra entries for `GET /api2/repos/?type=…` (shared, group, org): each returns list items for the
 * requested types; `mine` is built in.
 */
export type RepoListProvider = (user: string, types: Set<string>) => Promise<Record<string, unknown>[]>

export class Seafile {
  readonly fs: FsStore
  readonly repos: Repos
  readonly users: Users
  readonly accessTokens: AccessTokens
  readonly syncTokens: SyncTokens
  readonly starred: Starred
  readonly locks: Locks
  readonly passwords = new RepoPasswords()
  /** Sharing adds resolvers here; the owner always has `rw`. */
  readonly permissionResolvers: PermissionResolver[] = []
  /** Sharing adds the `srepo`/`grepo` entries of `GET /api2/repos/` here. */
  readonly repoListProviders: RepoListProvider[] = []

  private constructor(
    readonly options: ResolvedOptions,
    readonly meta: MetaStore,
    readonly blocks: BlockStore,
    objects: BlockStore,
  ) {
    this.fs = new FsStore(objects)
    this.repos = new Repos(meta)
    this.users = new Users(meta, options.userQuota)
    this.accessTokens = new AccessTokens(options.tokenTtl)
    this.syncTokens = new SyncTokens(meta)
    this.starred = new Starred(meta)
    this.locks = new Locks(meta)
  }

  /** Opens the stores (memory, or `dataDir/{meta.log,blocks,fs}`) and creates missing default accounts. */
  static async open(options: ResolvedOptions): Promise<Seafile> {
    const dir = options.dataDir
    const seaf = dir
      ? new Seafile(
          options,
          await LogMetaStore.open(dir),
          new FsBlockStore(join(dir, 'blocks')),
          new FsBlockStore(join(dir, 'fs'), { sync: true }),
        )
      : new Seafile(options, new MemoryMetaStore(), new MemoryBlockStore(), new MemoryBlockStore())
    for (const account of options.accounts) {
      if (!(await seaf.users.byLogin(account.email)))
        await seaf.users.create({ ...account, virtualId: options.virtualIds })
    }
    return seaf
  }

  /** The one place that decides access: owner → `rw`, else the best answer of the resolvers. */
  async getPermission(user: string, repo: RepoRecord): Promise<Permission | undefined> {
    if (repo.owner === user) return 'rw'
    let best: Permission | undefined
    for (const resolve of this.permissionResolvers) {
      const perm = await resolve(user, repo)
      if (perm === 'rw') return 'rw'
      if (perm === 'r') best = 'r'
    }
    return best
  }

  /** Chunks a stream into 8 MiB blocks and writes the file object; never buffers the whole file. */
  async storeFileFromStream(source: AsyncIterable<Uint8Array> | Uint8Array): Promise<StoredFile> {
    const file = await chunkIntoBlocks(source, this.blocks)
    await this.storeFileObject(file)
    return file
  }

  /** Writes the file object of blocks already in the block store (block upload commit). */
  async storeFileObject(file: Pick<StoredFile, 'blockIds' | 'size'>): Promise<string> {
    return this.fs.putFile(file.blockIds, file.size)
  }

  /** Streams a file's bytes from its blocks, optionally a byte range [start, end]. */
  async *readFile(fileId: string, start = 0, end?: number): AsyncGenerator<Buffer> {
    const file = await this.fs.getFile(fileId)
    if (!file) throw new Error(`file object ${fileId} is missing`)
    const last = end ?? file.size - 1
    let offset = 0
    for (const id of file.blockIds) {
      if (offset > last) return
      const size = (await this.blocks.size(id)) ?? 0
      if (offset + size > start) {
        const block = await this.blocks.get(id)
        if (!block) throw new Error(`block ${id} is missing`)
        yield block.subarray(Math.max(0, start - offset), Math.min(size, last - offset + 1))
      }
      offset += size
    }
  }

  /** The base URL for links: the configured public URL, else the request's origin. */
  linkBase(requestUrl: string): string {
    return this.options.publicUrl ?? new URL(requestUrl).origin
  }

  /** FILE_SERVER_ROOT: the file server behind seahub's proxy, `<base>/seafhttp`. */
  fileServerRoot(requestUrl: string): string {
    return `${this.linkBase(requestUrl)}/seafhttp`
  }

  close(): Promise<void> {
    return this.meta.close()
  }
}
