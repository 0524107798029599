/**
 * Asynchronous copy and move (seahub/api2/endpoints/repos_batch.py::ReposAsyncBatchCopyItemView and
 * ReposAsyncBatchMoveItemView, copy_move_task.py::CopyMoveTaskView) and their progress
 * (query_copy_move_progress.py), plus cancelling a zip task (cancel_zip_task.py). Clients: the desktop
 * client, SeaDrive, the web UI, python-seafile.
 *
 * Within one library seafile-server copies and moves synchronously: no task, `task_id` is `""` (the batch
 * views) or absent (copy-move-task). Between libraries it starts a background task (copy-mgr.c); the mock
 * finishes the task before answering, so the first poll sees `done == total` and `successful`, or, with
 * the `copyTaskSteps` option, after that many polls (see model/copyTasks.ts).
 */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, queryParam, readForm } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import { type BatchItems, copyItems, countFiles } from '../model/batchOps.ts'
import { copyTasksOf } from '../model/copyTasks.ts'
import { joinName, normalizePath } from '../model/names.ts'
import { lookup } from '../model/repoTree.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import { overQuota } from '../upload/fileserverHttp.ts'
import type { RouteContext } from './types.ts'
import { BATCH_FIELDS, checkedBatch, repoOr404 } from './v21-batch-args.ts'

/** Runs a copy/move: in place within a library (no task id), as a background task between libraries. */
async function start(c: MockContext, items: BatchItems, move: boolean): Promise<string | undefined> {
  const seaf = c.get('seaf')
  const user = c.get('user').email
  if (items.srcRepoId === items.dstRepoId) {
    await copyItems(seaf, user, items, { move })
    return undefined
  }
  const total = await countFiles(seaf, items)
  const work = async () => {
    await copyItems(seaf, user, items, { move })
  }
  return copyTasksOf(seaf).start(total, work, seaf.options.copyTaskSteps)
}

const COPY_MOVE_TASK_FIELDS = [
  'src_repo_id',
  'src_parent_dir',
  'src_dirent_name',
  'dst_repo_id',
  'dst_parent_dir',
  'operation',
  'dirent_type',
]

/** CopyMoveTaskView.post's argument checks (400), in its order; the checked operation. */
async function copyMoveTaskArgs(c: MockContext): Promise<{ move: boolean; dirent: string; type: string }> {
  const form = await readForm(c)
  for (const name of COPY_MOVE_TASK_FIELDS) if (!field(form, name)) fail(seahubError(400, `${name} invalid.`))
  const operation = field(form, 'operation')!.toLowerCase()
  if (operation !== 'move' && operation !== 'copy')
    fail(seahubError(400, "operation can only be 'move' or 'copy'."))
  const move = operation === 'move'
  if (move && field(form, 'src_repo_id') === field(form, 'dst_repo_id'))
    if (field(form, 'src_parent_dir') === field(form, 'dst_parent_dir'))
      fail(seahubError(400, 'Invalid destination path'))
  const type = field(form, 'dirent_type')!.toLowerCase()
  // The view's own message for a bad dirent_type says "operation" (sic).
  if (type !== 'file' && type !== 'dir') fail(seahubError(400, "operation can only be 'file' or 'dir'."))
  return { move, dirent: field(form, 'src_dirent_name')!, type }
}

export function v21BatchAsyncRoutes({ routes, seaf }: RouteContext): void {
  for (const op of ['copy', 'move'] as const) {
    routes.post(
      `/api/v2.1/repos/async-batch-${op}-item/`,
      async (c) => {
        const { items } = await checkedBatch(c, op === 'move')
        const taskId = await start(c, items, op === 'move')
        return drfResponse({ task_id: taskId ?? '' })
      },
      { selfChecked: BATCH_FIELDS },
    )
  }

  routes.post(
    '/api/v2.1/copy-move-task/',
    async (c) => {
      const { move, dirent, type } = await copyMoveTaskArgs(c)
      const form = await readForm(c)
      // The source entry must be of the stated type (404 otherwise), then the batch checks on one entry.
      const src = await repoOr404(seaf, field(form, 'src_repo_id')!)
      const path = joinName(normalizePath(field(form, 'src_parent_dir')!), dirent)
      const found = await lookup(seaf.fs, (await seaf.repos.head(src)).root_id, path)
      if (!found || isDirMode(found.mode) !== (type === 'dir'))
        fail(seahubError(404, `${type === 'dir' ? 'Folder' : 'File'} ${path} not found.`))
      form.src_dirents = dirent
      const { items, dst } = await checkedBatch(c, move)
      // A copy, or a move to another owner's library, must fit the destination owner's quota (443).
      const size = isDirMode(found.mode) ? (await seaf.fs.stats(found.id)).size : (found.size ?? 0)
      if ((!move || src.owner !== dst.owner) && (await overQuota(seaf, dst.id, size)))
        fail(seahubError(443, 'Out of quota.'))
      const taskId = await start(c, items, move)
      return drfResponse(taskId === undefined ? {} : { task_id: taskId })
    },
    { selfChecked: COPY_MOVE_TASK_FIELDS },
  )

  // CopyMoveTaskView.delete: cancel_copy_task answers 0 (success) or -1 (`Cancel failed`, a 500).
  routes.delete(
    '/api/v2.1/copy-move-task/',
    async (c) => {
      const taskId = field(await readForm(c), 'task_id')
      if (!taskId) fail(seahubError(400, 'task_id invalid.'))
      if (!copyTasksOf(seaf).cancel(taskId)) fail(seahubError(500, 'Cancel failed'))
      return drfResponse({ success: true })
    },
    { selfChecked: ['task_id'] },
  )

  // QueryCopyMoveProgressView.get: an unknown task makes get_copy_task return None → 500 `Error`.
  routes.get(
    '/api/v2.1/query-copy-move-progress/',
    async (c) => {
      const taskId = queryParam(c, 'task_id')
      if (!taskId) fail(seahubError(400, 'task_id invalid.'))
      const task = await copyTasksOf(seaf).get(taskId)
      if (!task) fail(seahubError(500, 'Error'))
      return drfResponse(task)
    },
    { selfChecked: ['task_id'] },
  )

  // CancelZipTaskView: only a throttle of its own, no permission class (anyone, as query-zip-progress),
  // and `request.POST` only; the Go file server zips on demand, so there is nothing to stop.
  routes.post(
    '/api/v2.1/cancel-zip-task/',
    async (c) => {
      const form = (c.req.header('content-type') ?? '').includes('json') ? {} : await readForm(c)
      if (!field(form, 'token')) fail(seahubError(400, 'token invalid.'))
      return drfResponse({ success: true })
    },
    { auth: 'optional', selfChecked: ['token'] },
  )
}
