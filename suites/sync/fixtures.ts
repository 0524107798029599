/**
 * The sync area's fixtures on top of the shared ones: `sync`, the sync protocol of the test's fresh library
 * with a token from download-info, and the `@sync` tag options. The whole area is selected or left out by
 * its tag (`--grep @sync`, `--grep-invert @sync`) or its Playwright project (`sync`).
 */
import { ensureStatus } from '../client/base.ts'
import { test as base } from '../fixtures.ts'
import { findSyncRoot, SyncApi } from './syncApi.ts'

export { expect } from '../fixtures.ts'

export const syncCore = { tag: ['@sync', '@core'] }
/** Beyond the real server: the mock re-hashes what clients upload and refuses mismatches. */
export const syncStrict = { tag: ['@sync', '@strict'] }

export const test = base.extend<{ syncRoot: string; sync: SyncApi }>({
  syncRoot: async ({ api, target }, use) => {
    await use(await findSyncRoot(api, target.target!))
  },

  sync: async ({ api, repo, syncRoot }, use) => {
    // views.py::DownloadRepo.get → repo_download_info: a new sync token per call; repo_version must be 1.
    const res = await api.request('GET', `/api2/repos/${repo.id}/download-info/`)
    await ensureStatus(res, 200, 'download-info')
    const info = (await res.json()) as { token: string; repo_version?: number }
    if (info.repo_version !== 1)
      throw new Error(`download-info repo_version is ${info.repo_version}, the client needs 1`)
    await use(new SyncApi(api, syncRoot, repo.id, info.token))
  },
})
