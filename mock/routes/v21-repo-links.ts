/**
 * A library's own list of links, for its owner or an admin (repo_share_links.py::RepoShareLinks,
 * RepoShareLink; repo_upload_links.py::RepoUploadLinks, RepoUploadLink): share and upload links alike, each
 * in the view's own shorter entry (repo_share_links.py:30, repo_upload_links.py:26).
 */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { drfResponse } from '../http/responses.ts'
import { linkTokenParam } from '../sharing/linkFiles.ts'
import type { DownloadLink, UploadLink } from '../sharing/links.ts'
import { repoLinkListEntry } from '../sharing/v21LinkJson.ts'
import { repoIdParam } from './common.ts'
import type { RouteContext } from './types.ts'
import { isRepoAdmin } from './v21-share-links.ts'

const DENIED = seahubError(403, 'Permission denied.')

/** The link table of one kind (mock/sharing/links.ts). */
interface LinkTable<L> {
  get(token: string): Promise<L | undefined>
  list(filter: (link: L) => boolean): Promise<L[]>
  delete(token: string): Promise<void>
}

export interface RepoLinkKind<L extends DownloadLink | UploadLink> {
  /** `share-links` or `upload-links`. */
  segment: string
  /** The 404 message's noun: `Share link`, `Upload link`. */
  noun: string
  table: LinkTable<L>
  url(c: MockContext, link: L): string
}

export function repoLinkRoutes<L extends DownloadLink | UploadLink>(
  { routes, seaf }: Pick<RouteContext, 'routes' | 'seaf'>,
  kind: RepoLinkKind<L>,
): void {
  routes.get(`/api/v2.1/repos/:repo_id/${kind.segment}/`, async (c) => {
    const repoId = repoIdParam(c)
    const repo = await seaf.repos.get(repoId)
    if (!repo) fail(seahubError(404, `Library ${repoId} not found.`))
    if (!(await isRepoAdmin(seaf, c.get('user').email, repoId))) fail(DENIED)
    const out = []
    for (const link of await kind.table.list((l) => l.repoId === repoId))
      out.push(await repoLinkListEntry(seaf, link, kind.url(c, link), repo.name))
    return drfResponse(out)
  })

  // The link's own library decides (the URL's repo id is not compared).
  routes.delete(`/api/v2.1/repos/:repo_id/${kind.segment}/:token/`, async (c) => {
    repoIdParam(c)
    const token = linkTokenParam(c)
    const link = await kind.table.get(token)
    if (!link) fail(seahubError(404, `${kind.noun} ${token} not found.`))
    if (!(await isRepoAdmin(seaf, c.get('user').email, link.repoId))) fail(DENIED)
    await kind.table.delete(token)
    return drfResponse({ success: true })
  })
}
