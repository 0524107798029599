/** Library history (api2 and v2.1), commit details, history limit (repo_history.py, repo_commit.py, views.py). */
import { ERRORS, fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, pathParam, queryParam, readForm } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import { diffRoots } from '../model/commitDiff.ts'
import { type Commit, commitChain, getCommit } from '../model/commits.ts'
import { EMPTY_ID } from '../model/objectIds.ts'
import type { RepoRecord } from '../model/repos.ts'
import type { Seafile } from '../model/seafile.ts'
import { isoTime, userInfo } from '../views/format.ts'
import { loadRepo, requirePermission } from './common.ts'
import type { RouteContext } from './types.ts'

/** The commits a history shows: newest first, none older than the history limit (the head always). */
export async function visibleCommits(seaf: Seafile, repo: RepoRecord): Promise<Commit[]> {
  const oldest =
    repo.historyLimit >= 0 ? Math.floor(Date.now() / 1000) - repo.historyLimit * 86400 : -Infinity
  const commits: Commit[] = []
  for await (const commit of commitChain(seaf.meta, repo.headCommitId)) {
    if (commits.length > 0 && commit.ctime < oldest) break
    commits.push(commit)
  }
  return commits
}

/** A positive integer query parameter, or 400 `<name> invalid.` */
function positive(c: MockContext, name: string, fallback: number): number {
  const raw = queryParam(c, name)
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) fail(seahubError(400, `${name} invalid.`))
  return value
}

export function historyRoutes({ routes, seaf }: RouteContext): void {
  routes.get(
    '/api2/repos/:repo_id/history/',
    async (c) => {
      const repo = await loadRepo(c)
      await requirePermission(c, repo)
      const page = positive(c, 'page', 1)
      const perPage = positive(c, 'per_page', 25)
      const commits = await visibleCommits(seaf, repo)
      const slice = commits.slice((page - 1) * perPage, page * perPage)
      return drfResponse({
        commits: slice.map((commit) => ({
          id: commit.commit_id,
          repo_id: commit.repo_id,
          creator_name: commit.creator_name,
          creator: commit.creator,
          desc: commit.description,
          ctime: commit.ctime,
          root_id: commit.root_id,
          parent_id: commit.parent_id,
          second_parent_id: commit.second_parent_id,
          version: commit.version,
          new_merge: false,
          conflict: false,
          rev_file_id: null,
          // views.py::RepoHistory: the SeafCommit object as it is; an int property unset is 0 (seen on 11.0).
          rev_file_size: 0,
          rev_renamed_old_path: null,
          device_name: commit.device_name ?? null,
          client_version: commit.client_version ?? null,
          next_start_commit: null,
        })),
        page_next: commits.length > page * perPage,
      })
    },
    { selfChecked: ['page', 'per_page'] },
  )

  routes.get(
    '/api/v2.1/repos/:repo_id/history/',
    async (c) => {
      const repo = await loadRepo(c, seahubError(404, `Library ${pathParam(c, 'repo_id')} not found.`))
      await requirePermission(c, repo)
      const page = positive(c, 'page', 1)
      const perPage = positive(c, 'per_page', 100)
      const commits = await visibleCommits(seaf, repo)
      const slice = commits.slice((page - 1) * perPage, page * perPage)
      const data = await Promise.all(
        slice.map(async (commit) => {
          const who = await userInfo(seaf, commit.creator_name)
          return {
            name: who.name,
            contact_email: who.contact_email,
            email: who.email,
            time: isoTime(commit.ctime),
            description: commit.description,
            commit_id: commit.commit_id,
            client_version: commit.client_version ?? null,
            device_name: commit.device_name ?? null,
            // repo_history.py: the merge parent and the revision tags (none: the mock keeps no tags).
            second_parent_id: commit.second_parent_id ?? null,
            tags: [],
          }
        }),
      )
      return drfResponse({ data, more: commits.length > page * perPage })
    },
    { selfChecked: ['page', 'per_page'] },
  )

  routes.get('/api/v2.1/repos/:repo_id/commits/:commit_id/', async (c) => {
    const repo = await loadRepo(c, seahubError(404, `Library ${pathParam(c, 'repo_id')} not found.`))
    await requirePermission(c, repo)
    const id = pathParam(c, 'commit_id')
    const commit = await getCommit(seaf.meta, id)
    if (!commit || commit.repo_id !== repo.id) fail(seahubError(404, `Commit ${id} not found.`))
    const parent = commit.parent_id ? await getCommit(seaf.meta, commit.parent_id) : undefined
    const diffs = await diffRoots(seaf.fs, parent?.root_id ?? EMPTY_ID, commit.root_id)
    const who = await userInfo(seaf, commit.creator_name)
    return drfResponse({
      commit_info: {
        creator_email: who.email,
        creator_name: who.name,
        creator_contact_email: who.contact_email,
        time: isoTime(commit.ctime),
        description: commit.description,
        device_name: commit.device_name ?? null,
        client_version: commit.client_version ?? null,
      },
      commit_diffs: diffs.map(({ op_type, path, new_path }) => ({ op_type, path, new_path })),
    })
  })

  // views.py::RepoHistoryLimit: owner (or admin) only; keep_days -1 keeps everything.
  async function ownedRepo(c: MockContext): Promise<RepoRecord> {
    const repo = await loadRepo(c, seahubError(404, `Library ${pathParam(c, 'repo_id')} not found.`))
    if (repo.owner !== c.get('user').email && !c.get('user').isStaff) fail(ERRORS.PERMISSION_DENIED)
    return repo
  }
  routes.get('/api2/repos/:repo_id/history-limit/', async (c) => {
    const repo = await ownedRepo(c)
    return drfResponse({ keep_days: repo.historyLimit })
  })
  routes.put(
    '/api2/repos/:repo_id/history-limit/',
    async (c) => {
      const repo = await ownedRepo(c)
      const raw = field(await readForm(c), 'keep_days') ?? ''
      const days = Number(raw)
      if (!/^-?\d+$/.test(raw.trim()) || days < -1) fail(seahubError(400, 'keep_days invalid.'))
      await seaf.repos.update(repo.id, (current) => ({ ...current, historyLimit: days }))
      return drfResponse({ keep_days: days })
    },
    { selfChecked: ['keep_days'] },
  )
}
