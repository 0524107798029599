/**
 * The sync protocol's entry points as seaf-daemon 8.0.10 calls them before any transfer
 * (desktop-client-sync-protocol.md §2.3): protocol version, permission check, head commit, quota, heads of
 * several libraries, and the status codes the client turns into its errors.
 */
import { expect, syncCore, test } from './fixtures.ts'
import { SyncApi } from './syncApi.ts'

test.describe('sync protocol', () => {
  test('protocol-version answers version 2', syncCore, async ({ api, syncRoot }) => {
    // fileserver.go::handleProtocolVersion writes `{"version": 2}`; without it the client tries :8082.
    const res = await api.request('GET', `${syncRoot}/protocol-version`, { spec: false, anonymous: true })
    expect(res.status()).toBe(200)
    expect(((await res.json()) as { version: number }).version).toBeGreaterThanOrEqual(2)
  })

  test('permission-check allows the owner to download and upload', syncCore, async ({ sync }) => {
    const clientId = 'a'.repeat(40)
    for (const op of ['download', 'upload']) {
      const res = await sync.call('GET', 'permission-check/', {
        params: { op, client_id: clientId, client_name: 'suite' },
      })
      expect(res.status(), `permission-check op=${op}`).toBe(200)
    }
  })

  test('permission-check refuses a bad op and a bad client id with 400', syncCore, async ({ sync }) => {
    // sync_api.go::permissionCheckCB
    expect((await sync.call('GET', 'permission-check/', { params: { op: 'delete' } })).status()).toBe(400)
    const shortId = await sync.call('GET', 'permission-check/', {
      params: { op: 'download', client_id: 'abc' },
    })
    expect(shortId.status()).toBe(400)
  })

  test('commit/HEAD gives the head the web API shows', syncCore, async ({ api, repo, sync }) => {
    const head = await sync.headCommit()
    expect(head).toMatch(/^[0-9a-f]{40}$/)
    const info = await api.repoInfo(repo.id)
    if (info.head_commit_id !== undefined) expect(head).toBe(info.head_commit_id)
    const commit = await sync.commit(head)
    expect(commit).toMatchObject({ commit_id: head, repo_id: repo.id })
    expect(commit.root_id).toMatch(/^[0-9a-f]{40}$/)
  })

  test(
    'a missing or foreign token is refused, an unknown library is 444',
    syncCore,
    async ({ api, sync }) => {
      // sync_api.go::validateToken: no token → 400 "token is null"; a token of no library → 403.
      expect((await sync.call('GET', 'commit/HEAD', { token: null })).status()).toBe(400)
      expect((await sync.call('GET', 'commit/HEAD', { token: 'f'.repeat(40) })).status()).toBe(403)
      // sync_api.go::getHeadCommit: a library that does not exist is 444 (the client's "repo deleted").
      const ghost = new SyncApi(api, sync.root, crypto.randomUUID(), sync.token)
      expect((await ghost.call('GET', 'commit/HEAD')).status()).toBe(444)
    },
  )

  test('quota-check accepts a delta within quota and refuses a bad one', syncCore, async ({ sync }) => {
    expect((await sync.call('GET', 'quota-check/', { params: { delta: '0' } })).status()).toBe(200)
    expect((await sync.call('GET', 'quota-check/', { params: { delta: 'many' } })).status()).toBe(400)
  })

  test(
    'head-commits-multi maps libraries to their heads without a token',
    syncCore,
    async ({ api, sync, repo }) => {
      const head = await sync.headCommit()
      const res = await api.request('POST', `${sync.root}/repo/head-commits-multi/`, {
        spec: false,
        anonymous: true,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        data: Buffer.from(JSON.stringify([repo.id])),
      })
      expect(res.status()).toBe(200)
      expect(await res.json()).toEqual({ [repo.id]: head })
    },
  )
})
