/**
 * v2.1 activities (seahub/api2/endpoints/activities.py::ActivitiesView over seafevents' user activities).
 * seafevents records one activity per changed item of each commit (events/handlers.py: create, delete,
 * edit, rename, move of files and folders; a library's creation as `create`/`repo`); the mock derives the
 * same records from its own commits, newest first, for the libraries the user can read now.
 */
import { queryParam } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import { type DiffEntry, diffRoots } from '../model/commitDiff.ts'
import { type Commit, commitChain, getCommit } from '../model/commits.ts'
import type { RepoRecord } from '../model/repos.ts'
import type { Seafile } from '../model/seafile.ts'
import { pyInt } from '../sharing/http.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import { isoTime, userInfo } from '../views/format.ts'
import type { RouteContext } from './types.ts'

interface Activity {
  op_type: string
  obj_type: string
  path: string
  old_path?: string
}

const OP_TYPES: Record<DiffEntry['op_type'], string> = {
  new: 'create',
  newdir: 'create',
  removed: 'delete',
  deldir: 'delete',
  modified: 'edit',
  renamed: 'rename',
  move: 'move',
}

/** The activities of one commit: its library's creation, or one per item its diff lists. */
async function commitActivities(seaf: Seafile, commit: Commit): Promise<Activity[]> {
  if (!commit.parent_id) return [{ op_type: 'create', obj_type: 'repo', path: '/' }]
  const parent = await getCommit(seaf.meta, commit.parent_id)
  if (!parent) return []
  return (await diffRoots(seaf.fs, parent.root_id, commit.root_id)).map((d) => {
    const moved = d.op_type === 'renamed' || d.op_type === 'move'
    return {
      op_type: OP_TYPES[d.op_type],
      obj_type: isDirMode(d.dirent.mode) ? 'dir' : 'file',
      path: moved ? d.new_path : d.path,
      ...(moved ? { old_path: d.path } : {}),
    }
  })
}

const baseName = (path: string) => (path === '/' ? '' : (path.split('/').at(-1) ?? ''))

export function v21ActivityRoutes({ routes, seaf }: RouteContext): void {
  routes.get(
    '/api/v2.1/activities/',
    async (c) => {
      // `page` and `per_page` that are not integers fall back to 1 and 25.
      const page = pyInt(queryParam(c, 'page')) ?? 1
      const perPage = pyInt(queryParam(c, 'per_page')) ?? 25
      const avatarSize = pyInt(queryParam(c, 'avatar_size')) ?? 72
      const start = Math.max(0, (page - 1) * perPage)
      const end = start + Math.max(0, perPage)
      const user = c.get('user').email
      // Commits of every readable library, newest first; only those needed for the page are diffed.
      const commits: { repo: RepoRecord; commit: Commit }[] = []
      for (const repo of await seaf.repos.list()) {
        if (!(await seaf.getPermission(user, repo))) continue
        for await (const commit of commitChain(seaf.meta, repo.headCommitId)) commits.push({ repo, commit })
      }
      commits.sort((a, b) => b.commit.ctime - a.commit.ctime)
      const events: Record<string, unknown>[] = []
      const base = seaf.linkBase(c.req.url)
      let seen = 0
      for (const { repo, commit } of commits) {
        if (seen >= end) break
        for (const a of await commitActivities(seaf, commit)) {
          if (seen++ < start || seen > end) continue
          const who = await userInfo(seaf, commit.creator_name)
          const event: Record<string, unknown> = {
            op_type: a.op_type,
            repo_id: repo.id,
            repo_name: repo.name,
            obj_type: a.obj_type,
            commit_id: commit.commit_id,
            path: a.path,
            name: baseName(a.path),
            author_email: who.email,
            author_name: who.name,
            author_contact_email: who.contact_email,
            avatar_url: `${base}/media/avatars/resized/${avatarSize}/default.png`,
            time: isoTime(commit.ctime),
          }
          if (a.old_path !== undefined) event.old_path = a.old_path
          if (a.op_type === 'rename') event.old_name = baseName(a.old_path ?? '')
          events.push(event)
        }
      }
      return drfResponse({ events })
    },
    { selfChecked: ['page', 'per_page', 'avatar_size'] },
  )
}
