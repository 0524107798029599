/**
 * The checks the api/v2.1 batch copy/move views share (seahub/api2/endpoints/repos_batch.py::
 * ReposSyncBatchCopyItemView and siblings), in their order: arguments (400 `<name> invalid.`), then the
 * source library and folder, the destination library and folder (404), then permissions (403).
 */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { type Form, field, readForm } from '../http/form.ts'
import { type BatchItems, missingName, movesIntoItself } from '../model/batchOps.ts'
import { joinName, normalizePath } from '../model/names.ts'
import type { RepoRecord } from '../model/repos.ts'
import { lookup } from '../model/repoTree.ts'
import type { Seafile } from '../model/seafile.ts'
import { isDirMode } from '../sync/fsObjects.ts'

export const BATCH_FIELDS = ['src_repo_id', 'src_parent_dir', 'src_dirents', 'dst_repo_id', 'dst_parent_dir']

/** All values of a list field: a JSON array arrives as repeated values (http/form.ts). */
export const listField = (form: Form, name: string): string[] => {
  const value = form[name]
  return value === undefined ? [] : ([] as string[]).concat(value).filter((v) => v !== '')
}

/** The live library `id`, or 404 `Library <id> not found.`. */
export async function repoOr404(seaf: Seafile, id: string): Promise<RepoRecord> {
  const repo = await seaf.repos.get(id)
  if (!repo) fail(seahubError(404, `Library ${id} not found.`))
  return repo
}

/** 404 `Folder <path> not found.` unless `path` is a folder of `repo` (seafile_api.get_dir_id_by_path). */
export async function folderOr404(seaf: Seafile, repo: RepoRecord, path: string): Promise<void> {
  const dir = await lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, path)
  if (!dir || !isDirMode(dir.mode)) fail(seahubError(404, `Folder ${path} not found.`))
}

/**
 * get_locked_files_by_dir (Pro): a file of `names` locked by someone else than `user` → 403 `File <name>
 * is locked.` (the move and delete views check it; a copy leaves the source alone).
 */
export async function refuseLocked(
  seaf: Seafile,
  repoId: string,
  parentDir: string,
  names: string[],
  user: string,
): Promise<void> {
  for (const name of names) {
    const lock = await seaf.locks.get(repoId, normalizePath(joinName(normalizePath(parentDir), name)))
    if (lock && lock.owner !== user) fail(seahubError(403, `File ${name} is locked.`))
  }
}

export interface CheckedBatch {
  items: BatchItems
  src: RepoRecord
  dst: RepoRecord
}

/**
 * Reads and checks a batch body. Copy needs read access to the source, move `rw`; both need `rw` on the
 * destination. Beyond the view (whose RPC fails with a 500 there), the mock refuses up front a source name
 * that is no entry of the folder (404) and a folder moved into itself (400), so nothing changes.
 */
export async function checkedBatch(c: MockContext, move: boolean): Promise<CheckedBatch> {
  const seaf = c.get('seaf')
  const form = await readForm(c)
  for (const name of BATCH_FIELDS) {
    const given = name === 'src_dirents' ? listField(form, name).length > 0 : Boolean(field(form, name))
    if (!given) fail(seahubError(400, `${name} invalid.`))
  }
  const items: BatchItems = {
    srcRepoId: field(form, 'src_repo_id')!,
    srcParentDir: field(form, 'src_parent_dir')!,
    names: listField(form, 'src_dirents'),
    dstRepoId: field(form, 'dst_repo_id')!,
    dstParentDir: field(form, 'dst_parent_dir')!,
  }
  const src = await repoOr404(seaf, items.srcRepoId)
  await folderOr404(seaf, src, items.srcParentDir)
  const dst = await repoOr404(seaf, items.dstRepoId)
  await folderOr404(seaf, dst, items.dstParentDir)
  const user = c.get('user').email
  const srcPerm = await seaf.getPermission(user, src)
  if (!srcPerm || (move && srcPerm !== 'rw')) fail(seahubError(403, 'Permission denied.'))
  if ((await seaf.getPermission(user, dst)) !== 'rw') fail(seahubError(403, 'Permission denied.'))
  if (move) await refuseLocked(seaf, src.id, items.srcParentDir, items.names, user)
  const missing = await missingName(seaf, items)
  if (missing !== undefined) fail(seahubError(404, `${missing} not found.`))
  if (move && movesIntoItself(items)) fail(seahubError(400, 'Invalid destination path'))
  // repo-op.c: "Can't copy files between encrypted repo(s)" (the view turns it into a 500).
  if (src.id !== dst.id && (src.encryption || dst.encryption))
    fail(seahubError(400, "Can't copy files between encrypted repo(s)"))
  return { items, src, dst }
}
