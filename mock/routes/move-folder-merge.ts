/**
 * `POST /api/v2.1/move-folder-merge/` (seahub/api2/endpoints/move_folder_merge.py): moves a folder into
 * another folder, merging it into a folder of the same name there: files move in (a clashing name is
 * renamed, never replaced), sub-folders merge recursively, then the source folder is deleted.
 */
import { fail, seahubError } from '../errors.ts'
import { field, readForm } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import { joinName, normalizePath } from '../model/names.ts'
import type { RepoRecord } from '../model/repos.ts'
import { listDir } from '../model/repoTree.ts'
import type { Seafile } from '../model/seafile.ts'
import { copyPath, removePath } from '../model/treeOps.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import { ownerQuota } from '../upload/fileserverHttp.ts'
import type { RouteContext } from './types.ts'

/** seahub.settings.MAX_PATH. */
const MAX_PATH = 4096
const FIELDS = ['src_repo_id', 'src_parent_dir', 'src_dirent_name', 'dst_repo_id', 'dst_parent_dir'] as const

const entries = async (seaf: Seafile, repo: RepoRecord, dir: string) =>
  (await listDir(seaf.fs, (await seaf.repos.head(repo)).root_id, dir)) ?? []

/** move_folder_with_merge, one move_file per file when the destination already has the folder. */
async function moveWithMerge(
  seaf: Seafile,
  user: string,
  src: RepoRecord,
  srcParent: string,
  name: string,
  dst: RepoRecord,
  dstParent: string,
): Promise<void> {
  const clash = (await entries(seaf, dst, dstParent)).some((d) => d.name === name && isDirMode(d.mode))
  if (!clash) {
    await copyPath(seaf, src.id, joinName(srcParent, name), dst.id, dstParent, user, { move: true })
    return
  }
  const srcFolder = joinName(srcParent, name)
  const dstFolder = joinName(dstParent, name)
  const inside = await entries(seaf, src, srcFolder)
  for (const d of inside.filter((d) => !isDirMode(d.mode)))
    await copyPath(seaf, src.id, joinName(srcFolder, d.name), dst.id, dstFolder, user, { move: true })
  for (const d of inside.filter((d) => isDirMode(d.mode)))
    await moveWithMerge(seaf, user, src, srcFolder, d.name, dst, dstFolder)
}

export function moveFolderMergeRoutes({ routes, seaf }: RouteContext): void {
  routes.post(
    '/api/v2.1/move-folder-merge/',
    async (c) => {
      const form = await readForm(c)
      for (const name of FIELDS) if (!field(form, name)) fail(seahubError(400, `${name} invalid.`))
      const [srcRepoId, srcParent, name, dstRepoId, dstParent] = FIELDS.map((f) => field(form, f)!)
      const srcFolder = normalizePath(joinName(srcParent!, name!))
      // The view refuses only the same parent; moving a folder into itself is an RPC error (HTML 500) there.
      const into = normalizePath(dstParent!)
      if (
        (srcRepoId === dstRepoId && srcParent === dstParent) ||
        (srcRepoId === dstRepoId && (into === srcFolder || into.startsWith(`${srcFolder}/`)))
      )
        fail(seahubError(400, 'Invalid destination path'))
      if ((dstParent! + name!).length > MAX_PATH) fail(seahubError(400, 'Destination path is too long.'))
      const src = await seaf.repos.get(srcRepoId!)
      if (!src) fail(seahubError(404, `Library ${srcRepoId} not found.`))
      const srcDir = await listDir(seaf.fs, (await seaf.repos.head(src)).root_id, srcFolder)
      if (!srcDir) fail(seahubError(404, `Folder ${joinName(srcParent!, name!)} not found.`))
      const dst = await seaf.repos.get(dstRepoId!)
      if (!dst) fail(seahubError(404, `Library ${dstRepoId} not found.`))
      if (!(await listDir(seaf.fs, (await seaf.repos.head(dst)).root_id, dstParent!)))
        fail(seahubError(404, `Folder ${dstParent} not found.`))
      const user = c.get('user').email
      if ((await seaf.getPermission(user, src)) !== 'rw') fail(seahubError(403, 'Permission denied.'))
      if ((await seaf.getPermission(user, dst)) !== 'rw') fail(seahubError(403, 'Permission denied.'))
      if (src.owner !== dst.owner) {
        const quota = await ownerQuota(seaf, dst.id)
        if (quota && quota.usage > quota.quota) fail(seahubError(443, 'Out of quota.'))
      }
      await moveWithMerge(seaf, user, src, srcParent!, name!, dst, dstParent!)
      await removePath(seaf, src.id, user, srcFolder)
      return drfResponse({ success: true })
    },
    { selfChecked: [...FIELDS] },
  )
}
