/** Directory entries as seahub lists them (api2/views.py::get_dir_entrys_by_id, get_dir_file_recursively). */
import type { Permission, Seafile } from '../model/seafile.ts'
import { type FsDirent, isDirMode } from '../sync/fsObjects.ts'
import { userInfo } from './format.ts'

export interface EntryContext {
  seaf: Seafile
  perm: Permission
  starred?: Set<string>
}

/** One dirent; `path` is its full path (for `starred`). */
export async function direntJson(
  ctx: EntryContext,
  d: FsDirent,
  path: string,
): Promise<Record<string, unknown>> {
  if (isDirMode(d.mode)) return { type: 'dir', name: d.name, id: d.id, mtime: d.mtime, permission: ctx.perm }
  const modifier = await userInfo(ctx.seaf, d.modifier ?? '')
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
