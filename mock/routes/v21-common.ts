/**
 * What the api/v2.1 file and folder views (seahub/api2/endpoints/dir.py, file.py) share: their 404 for a
 * library, seahub's path normalisers, and the `get_dir_info` / `get_file_info` answers of their mutations.
 */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { type Form, field, pathParam } from '../http/form.ts'
import { normalizePath, splitPath } from '../model/names.ts'
import type { RepoRecord } from '../model/repos.ts'
import { lookup } from '../model/repoTree.ts'
import type { Seafile } from '../model/seafile.ts'
import { type FsDirent, isDirMode } from '../sync/fsObjects.ts'
import { isoTime } from '../views/format.ts'
import { repoIdParam } from './common.ts'

/** The v2.1 views' `Library <id> not found.` (404) for a well-formed id that names no live library. */
export async function v21Repo(c: MockContext, name = 'repo_id'): Promise<RepoRecord> {
  const id = repoIdParam(c, name)
  const repo = await c.get('seaf').repos.get(id)
  if (!repo) fail(seahubError(404, `Library ${pathParam(c, name)} not found.`))
  return repo
}

/** The body's `operation`, lower-cased: 400 `operation invalid.` if absent, 400 `refusal` if not `allowed`. */
export function operationOf(form: Form, allowed: string[], refusal: string): string {
  const operation = (field(form, 'operation') ?? '').toLowerCase()
  if (!operation) fail(seahubError(400, 'operation invalid.'))
  if (!allowed.includes(operation)) fail(seahubError(400, refusal))
  return operation
}

/** seahub.utils.normalize_dir_path: `/` or `/x/y/` (both slashes). */
export const dirPathForm = (p: string): string => {
  const n = normalizePath(p)
  return n === '/' ? '/' : `${n}/`
}

/** os.path.dirname of a path without its trailing slash (`/a/b` → `/a`, `/a` → `/`). */
export const dirname = (p: string): string => splitPath(p).parent

/** The head commit of `repo` as it is now (a record read earlier may predate a change). */
export async function currentHead(seaf: Seafile, repo: RepoRecord) {
  return seaf.repos.head((await seaf.repos.get(repo.id)) ?? repo)
}

/** The dirent at `path` in the current head of `repo`, if any. */
export async function headDirent(
  seaf: Seafile,
  repo: RepoRecord,
  path: string,
): Promise<FsDirent | undefined> {
  const head = await currentHead(seaf, repo)
  return normalizePath(path) === '/' ? undefined : lookup(seaf.fs, head.root_id, path)
}

/** True if `path` is a folder (the root included) in the head of `repo` (get_dir_id_by_path). */
export async function isHeadDir(seaf: Seafile, repo: RepoRecord, path: string): Promise<boolean> {
  const head = await currentHead(seaf, repo)
  const dir = await lookup(seaf.fs, head.root_id, path)
  return dir !== undefined && isDirMode(dir.mode)
}

/** True if `path` is a file in the head of `repo` (get_file_id_by_path). */
export async function isHeadFile(seaf: Seafile, repo: RepoRecord, path: string): Promise<boolean> {
  const dirent = await headDirent(seaf, repo, path)
  return dirent !== undefined && !isDirMode(dirent.mode)
}

/** DirView.get_dir_info: the folder after mkdir/rename; `parent_dir` is os.path.dirname (no slash). */
export async function dirInfo(seaf: Seafile, repo: RepoRecord, path: string) {
  const dir = await headDirent(seaf, repo, path)
  return {
    type: 'dir',
    repo_id: repo.id,
    parent_dir: dirname(path),
    obj_name: dir?.name ?? '',
    obj_id: dir?.id ?? '',
    mtime: dir ? isoTime(dir.mtime) : '',
  }
}

/** Extensions can_preview_file / can_edit_file accept in Community Edition (text, images, PDF, media). */
const TEXT = /\.(txt|md|markdown|json|xml|csv|log|conf|ini|ya?ml|py|js|ts|c|h|cpp|java|go|rs|sh|html?|css)$/i
const PREVIEW = /\.(png|jpe?g|gif|bmp|webp|svg|pdf|mp4|ogv|webm|mp3|ogg|wav)$/i
/** FILE_PREVIEW_MAX_SIZE (30 MB) bounds both. */
const PREVIEW_MAX = 30 * 1024 * 1024

/** FileView.get_file_info; `is_locked` from the mock's (Pro) locks. */
export async function fileInfo(seaf: Seafile, repo: RepoRecord, path: string) {
  const file = await headDirent(seaf, repo, path)
  const lock = file && (await seaf.locks.get(repo.id, normalizePath(path)))
  const name = file?.name ?? splitPath(path).name
  const size = file?.size ?? 0
  const small = size <= PREVIEW_MAX
  // views/file.py::can_edit_file refuses encrypted libraries; can_preview_file text only when small.
  const text = TEXT.test(name) && small
  return {
    type: 'file',
    repo_id: repo.id,
    parent_dir: dirname(path),
    obj_name: name,
    obj_id: file?.id ?? '',
    size: file ? size : '',
    mtime: file ? isoTime(file.mtime) : '',
    is_locked: lock !== undefined,
    can_preview: file !== undefined && (text || (PREVIEW.test(name) && small)),
    can_edit: file !== undefined && text && repo.encryption === undefined,
  }
}
