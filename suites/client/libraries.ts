/** Library helpers: create, list, info, rename, history, delete. */
import type { APIResponse } from '@playwright/test'
import { BaseClient, ensureStatus } from './base.ts'
import type { Schemas } from './schemas.ts'

/** Part of the `repo_download_info` dict `POST /api2/repos/` answers with (views.py::Repos.post). */
export type CreatedLibrary = Schemas['LibraryDownloadInfo']

export type LibraryListItem = Schemas['LibraryListItem']

export type LibraryInfo = Schemas['LibraryInfo']

export type Commit = Schemas['LibraryCommit']

export const repoPath = (repoId: string, rest = '') => `/api2/repos/${repoId}/${rest}`

export class LibraryClient extends BaseClient {
  async createRepoRaw(form: Record<string, string>): Promise<APIResponse> {
    return this.http.post('/api2/repos/', { form })
  }

  /** Creates a library; views.py::Repos.post answers 200 (not 201) with the download info. */
  async createRepo(name: string, desc = ''): Promise<CreatedLibrary> {
    return this.guard('create-library', async () => {
      const res = await this.createRepoRaw({ name, desc })
      await ensureStatus(res, 200, `create library "${name}"`)
      return (await res.json()) as CreatedLibrary
    })
  }

  async listRepos(type?: string): Promise<LibraryListItem[]> {
    const res = await this.http.get('/api2/repos/', { params: type ? { type } : undefined })
    await ensureStatus(res, 200, 'list libraries')
    return (await res.json()) as LibraryListItem[]
  }

  async repoInfoRaw(repoId: string): Promise<APIResponse> {
    return this.http.get(repoPath(repoId))
  }

  async repoInfo(repoId: string): Promise<LibraryInfo> {
    const res = await this.repoInfoRaw(repoId)
    await ensureStatus(res, 200, `library ${repoId} info`)
    return (await res.json()) as LibraryInfo
  }

  /** views.py::Repo.post reads request.POST, so the fields must be form-encoded. */
  async renameRepoRaw(repoId: string, name: string): Promise<APIResponse> {
    return this.http.post(repoPath(repoId), { params: { op: 'rename' }, form: { repo_name: name } })
  }

  async deleteRepoRaw(repoId: string): Promise<APIResponse> {
    return this.http.delete(repoPath(repoId))
  }

  async deleteRepo(repoId: string): Promise<void> {
    await this.guard('delete-library', async () => {
      await ensureStatus(await this.deleteRepoRaw(repoId), 200, `delete library ${repoId}`)
    })
  }

  /** Newest first (api2 RepoHistory: `{"commits": [...], "page_next": bool}`). */
  async history(repoId: string): Promise<Commit[]> {
    const res = await this.http.get(repoPath(repoId, 'history/'), { params: { per_page: 100 } })
    await ensureStatus(res, 200, `library ${repoId} history`)
    return ((await res.json()) as { commits: Commit[] }).commits
  }
}
