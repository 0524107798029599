/** Deleting a library, as both the api2 and the v2.1 library views do it. */
import type { RepoRecord } from '../model/repos.ts'
import type { Seafile } from '../model/seafile.ts'
import { sharingOf } from '../sharing/index.ts'
import { uploadState } from '../upload/state.ts'

/**
 * repo-mgr.c::seaf_repo_manager_del_repo: the library goes to the trash, its sub-libraries
 * (remove_virtual_repo_ondisk), its SharedRepo, RepoGroup and InnerPubRepo rows and its unfinished
 * resumable uploads (WebUploadTempFiles) with it; seahub's Repo.delete then drops its share and upload links.
 */
export async function deleteRepo(seaf: Seafile, repo: RepoRecord): Promise<void> {
  const subs = (await seaf.repos.list()).filter((r) => r.virtual?.originId === repo.id)
  const deletedAt = Math.floor(Date.now() / 1000)
  for (const gone of [repo, ...subs]) {
    await seaf.repos.update(gone.id, (current) => ({ ...current, deletedAt }))
    seaf.accessTokens.revokeRepo(gone.id)
    await seaf.syncTokens.revokeRepo(gone.id)
  }
  const ids = new Set([repo.id, ...subs.map((r) => r.id)])
  const { shares, links } = sharingOf(seaf)
  await shares.removeRepos(ids)
  await links.removeRepos(ids)
  const temp = await uploadState(seaf).temp()
  for (const id of ids) await temp.removeRepo(id)
}
