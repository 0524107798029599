/** Directory entries as seahub lists them (api2/views.py::get_dir_entrys_by_id, get_dir_file_recursively). */
import type { Permission, Seafile } from '../model/seafile.ts'
import { type FsDirent, isDirMode } from '../sync/fsObjects.ts'
import { type UserInfo, userInfo } from './format.ts'

export interface EntryContext {
  seaf: Seafile
  perm: Permission
  starred?: Set<string>
  /** The modifiers looked up so far in this listing: a folder of 1,000 files has few of them. */
  users?: Map<string, Promise<UserInfo>>
}

function modifierInfo(ctx: EntryContext, email: string): Promise<UserInfo> {
  if (!ctx.users) return userInfo(ctx.seaf, email)
  let info = ctx.users.get(email)
  if (!info) {
    info = userInfo(ctx.seaf, email)
    ctx.users.set(email, info)
  }
  return info
}

/** One dirent; `path` is its full path (for `starred`). */
export async function direntJson(
  ctx: EntryContext,
  d: FsDirent,
  path: string,
): Promise<Record<string, unknown>> {
  if (isDirMode(d.mode)) return { type: 'dir', name: d.name, id: d.id, mtime: d.mtime, permission: ctx.perm }
  const modifier = await modifierInfo(ctx, d.modifier ?? '')
  const entry: Record<string, unknown> = {
    type: 'file',
    name: d.name,
    id: d.id,
    mtime: d.mtime,
    permission: ctx.perm,
    size: d.size ?? 0,
    modifier_email: modifier.email,
    modifier_name: modifier.name,
    modifier_contact_email: modifier.contact_email,
  }
  if (ctx.starred) entry.starred = ctx.starred.has(path)
  return entry
}

/** Folders first, then files, each by `name.lower()`. */
export function listingOrder(dirents: FsDirent[]): FsDirent[] {
  const key = (d: FsDirent) => d.name.toLowerCase()
  const byName = (a: FsDirent, b: FsDirent) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)
  return [
    ...dirents.filter((d) => isDirMode(d.mode)).sort(byName),
    ...dirents.filter((d) => !isDirMode(d.mode)).sort(byName),
  ]
}

const join = (dir: string, name: string) => (dir.endsWith('/') ? dir + name : `${dir}/${name}`)

/**
 * get_dir_file_recursively: a depth-first walk in stored order; top-level entries carry the normalised
 * `p` (`/` or `/x/`) as `parent_dir`, deeper ones posixpath.join without a trailing slash.
 */
export async function recursiveEntries(
  ctx: EntryContext,
  dirId: string,
  parentDir: string,
  type?: 'f' | 'd',
) {
  const out: Record<string, unknown>[] = []
  ctx = { ...ctx, users: ctx.users ?? new Map() }
  const walk = async (id: string, dir: string) => {
    for (const d of (await ctx.seaf.fs.getDir(id)) ?? []) {
      const isDir = isDirMode(d.mode)
      if (!type || (type === 'd') === isDir) {
        const { starred: _s, ...entry } = await direntJson(
          { ...ctx, starred: undefined },
          d,
          join(dir, d.name),
        )
        out.push({ ...entry, parent_dir: dir })
      }
      if (isDir) await walk(d.id, join(dir, d.name))
    }
  }
  await walk(dirId, parentDir)
  return out
}

/** A listing's body and the modifier names it shows (user records can change, unlike the folder). */
interface CachedBody {
  body: Buffer<ArrayBuffer>
  names: [email: string, name: string][]
}

/** Bytes of listing bodies kept per mock. */
const CACHE_BYTES = 64 << 20

/**
 * Bodies of folder listings (`GET /api2/repos/{id}/dir/`), kept by everything they depend on: the folder
 * id (content-addressed, so its entries never change), the viewer's permission, the `t` filter, the path
 * (for `starred`) and the viewer's starred paths; the modifiers' names are checked on every use. Least
 * recently used first out.
 */
export class ListingBodies {
  readonly #bodies = new Map<string, CachedBody>()
  #bytes = 0

  static key(dirId: string, perm: Permission, t: string | undefined, dirPath: string, starred: Set<string>) {
    return [dirId, perm, t ?? '', dirPath, ...[...starred].sort()].join('\0')
  }

  /** The cached body of `key` if still right, else the one `build` makes (then kept). */
  async get(
    seaf: Seafile,
    key: string,
    build: (users: Map<string, Promise<UserInfo>>) => Promise<string>,
  ): Promise<Buffer<ArrayBuffer>> {
    const cached = this.#bodies.get(key)
    if (cached) {
      let current = true
      for (const [email, name] of cached.names)
        if ((await userInfo(seaf, email)).name !== name) current = false
      this.#bodies.delete(key)
      if (current) {
        this.#bodies.set(key, cached)
        return cached.body
      }
      this.#bytes -= cached.body.length
    }
    const users = new Map<string, Promise<UserInfo>>()
    const body = Buffer.from(await build(users))
    const names: CachedBody['names'] = []
    for (const [email, info] of users) names.push([email, (await info).name])
    if (body.length <= CACHE_BYTES / 4) {
      this.#bodies.set(key, { body, names })
      this.#bytes += body.length
      for (const [k, v] of this.#bodies) {
        if (this.#bytes <= CACHE_BYTES) break
        this.#bodies.delete(k)
        this.#bytes -= v.body.length
      }
    }
    return body
  }
}

const listingBodies = new WeakMap<Seafile, ListingBodies>()

/** The listing body cache of one mock (one `Seafile`). */
export function listingBodiesOf(seaf: Seafile): ListingBodies {
  let bodies = listingBodies.get(seaf)
  if (!bodies) {
    bodies = new ListingBodies()
    listingBodies.set(seaf, bodies)
  }
  return bodies
}
