/**
 * Library trash, read from the commit chain (repo_trash.py → seafile_api.get_deleted): every file or dir a
 * commit removed (not moved) is an entry, newest first, paged by the last commit scanned (`scan_stat`).
 */
import { ERRORS, fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, pathParam, queryParam, readForm } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import { diffRoots } from '../model/commitDiff.ts'
import { commitChain, getCommit } from '../model/commits.ts'
import { normalizePath } from '../model/names.ts'
import type { RepoRecord } from '../model/repos.ts'
import type { Seafile } from '../model/seafile.ts'
import { isoTime } from '../views/format.ts'
import { loadRepo, requirePermission } from './common.ts'
import type { RouteContext } from './types.ts'

export interface TrashEntry {
  parent_dir: string
  obj_name: string
  deleted_time: string
  scan_stat: string | null
  /** The last commit that still has the item (its deleting commit's parent): revert restores from it. */
  commit_id: string
  is_dir: boolean
  size: number | ''
  obj_id: string
}

/** Scans commits after `after` (a commit id) for removals under `path`; stops past `limit` entries. */
export async function scanTrash(
  seaf: Seafile,
  repo: RepoRecord,
  opts: { path?: string; days?: number; after?: string; limit?: number },
): Promise<{ entries: TrashEntry[]; last?: string; more: boolean }> {
  const under = normalizePath(opts.path ?? '/')
  const since = Math.max(
    opts.days ? Math.floor(Date.now() / 1000) - opts.days * 86400 : 0,
    repo.trashCleanedAt ?? 0,
  )
  const limit = opts.limit ?? 100
  const entries: TrashEntry[] = []
  let started = opts.after === undefined
  let last: string | undefined
  for await (const commit of commitChain(seaf.meta, repo.headCommitId)) {
    if (!started) {
      started = commit.commit_id === opts.after
      continue
    }
    if (!commit.parent_id || commit.commit_id === repo.trashCleanedCommit)
      return { entries, last: undefined, more: false }
    if (commit.ctime < since) return { entries, last: undefined, more: false }
    last = commit.commit_id
    const parent = await getCommit(seaf.meta, commit.parent_id)
    if (!parent) break
    for (const diff of await diffRoots(seaf.fs, parent.root_id, commit.root_id)) {
      if (diff.op_type !== 'removed' && diff.op_type !== 'deldir') continue
      const dir = diff.path.slice(0, diff.path.lastIndexOf('/')) || '/'
      if (under !== '/' && dir !== under && !dir.startsWith(`${under}/`)) continue
      const isDir = diff.op_type === 'deldir'
      entries.push({
        parent_dir: dir === '/' ? '/' : `${dir}/`,
        obj_name: diff.dirent.name,
        deleted_time: isoTime(commit.ctime),
        scan_stat: null,
        commit_id: parent.commit_id,
        is_dir: isDir,
        size: isDir ? '' : (diff.dirent.size ?? 0),
        obj_id: isDir ? '' : diff.dirent.id,
      })
    }
    if (entries.length >= limit) return { entries, last, more: true }
  }
  return { entries, last: undefined, more: false }
}

export function trashRoutes({ routes, seaf }: RouteContext): void {
  const list = async (c: MockContext, get: (name: string) => string | undefined) => {
    const repo = await loadRepo(c, seahubError(404, `Library ${pathParam(c, 'repo_id')} not found.`))
    await requirePermission(c, repo)
    const days = Number(get('show_days') ?? 0)
    if (!Number.isInteger(days) || days < 0) fail(seahubError(400, 'show_days invalid.'))
    const perPage = Number(get('per_page') ?? 100)
    const scanStat = get('scan_stat') || undefined
    const { entries, last, more } = await scanTrash(seaf, repo, {
      path: get('path') ?? '/',
      days,
      after: scanStat,
      limit: Number.isInteger(perPage) && perPage > 0 ? perPage : 100,
    })
    return drfResponse({
      data: entries.map((e) => ({ ...e, scan_stat: last ?? null })),
      more,
      scan_stat: last ?? null,
    })
  }
  routes.get('/api/v2.1/repos/:repo_id/trash/', (c) => list(c, (name) => queryParam(c, name)), {
    selfChecked: ['show_days', 'per_page'],
  })
  routes.post(
    '/api/v2.1/repos/:repo_id/trash/',
    async (c) => {
      const form = await readForm(c)
      return list(c, (name) => field(form, name))
    },
    { selfChecked: ['show_days', 'per_page'] },
  )

  // RepoTrash.delete: clean_up_repo_history(repo_id, keep_days); owner only.
  routes.delete(
    '/api/v2.1/repos/:repo_id/trash/',
    async (c) => {
      const repo = await loadRepo(c, seahubError(404, `Library ${pathParam(c, 'repo_id')} not found.`))
      if (repo.owner !== c.get('user').email) fail(ERRORS.PERMISSION_DENIED)
      const raw = field(await readForm(c), 'keep_days') ?? queryParam(c, 'keep_days') ?? '0'
      const keepDays = Number(raw)
      if (!Number.isInteger(keepDays) || keepDays < 0) fail(seahubError(400, 'keep_days invalid.'))
      await seaf.repos.update(repo.id, (current) =>
        keepDays === 0
          ? { ...current, trashCleanedCommit: current.headCommitId }
          : { ...current, trashCleanedAt: Math.floor(Date.now() / 1000) - keepDays * 86400 },
      )
      return drfResponse({ success: true })
    },
    { selfChecked: ['keep_days'] },
  )
}
