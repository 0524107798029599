/**
 * Synchronous batch operations of api/v2.1 (seahub/api2/endpoints/repos_batch.py): copy and move several
 * entries of one folder into another folder, in the same or another library (ReposSyncBatchCopyItemView,
 * ReposSyncBatchMoveItemView: `{"success": true}`), and delete several entries of one folder
 * (ReposBatchDeleteItemView: `{"success": true, "commit_id": …}`). Clients: rclone, the desktop client,
 * the web UI, Android, obsidian-seafile.
 */
import { fail, seahubError } from '../errors.ts'
import { field, readForm } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import { copyItems, removeItems } from '../model/batchOps.ts'
import type { RouteContext } from './types.ts'
import {
  BATCH_FIELDS,
  checkedBatch,
  folderOr404,
  listField,
  refuseLocked,
  repoOr404,
} from './v21-batch-args.ts'

const DELETE_FIELDS = ['repo_id', 'parent_dir', 'dirents']

export function v21BatchRoutes({ routes, seaf }: RouteContext): void {
  for (const op of ['copy', 'move'] as const) {
    routes.post(
      `/api/v2.1/repos/sync-batch-${op}-item/`,
      async (c) => {
        const { items } = await checkedBatch(c, op === 'move')
        await copyItems(seaf, c.get('user').email, items, { move: op === 'move' })
        return drfResponse({ success: true })
      },
      { selfChecked: BATCH_FIELDS },
    )
  }

  routes.delete(
    '/api/v2.1/repos/batch-delete-item/',
    async (c) => {
      const form = await readForm(c)
      for (const name of DELETE_FIELDS) {
        const given = name === 'dirents' ? listField(form, name).length > 0 : Boolean(field(form, name))
        if (!given) fail(seahubError(400, `${name} invalid.`))
      }
      const repo = await repoOr404(seaf, field(form, 'repo_id')!)
      const parentDir = field(form, 'parent_dir')!
      await folderOr404(seaf, repo, parentDir)
      const user = c.get('user').email
      if ((await seaf.getPermission(user, repo)) !== 'rw') fail(seahubError(403, 'Permission denied.'))
      await refuseLocked(seaf, repo.id, parentDir, listField(form, 'dirents'), user)
      await removeItems(seaf, repo.id, user, parentDir, listField(form, 'dirents'))
      // The view answers `repo.head_cmmt_id` of the repo it loaded before deleting: the old head.
      return drfResponse({ success: true, commit_id: repo.headCommitId })
    },
    { selfChecked: DELETE_FIELDS },
  )
}
