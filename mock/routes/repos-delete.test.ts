/**
 * DELETE /api2/repos/{id}/ takes the library's shares and links with it, as the real server does:
 * seafile-server's remove_repo_ondisk clears SharedRepo, RepoGroup, InnerPubRepo and WebUploadTempFiles (and
 * the origin's sub-libraries go too), seahub deletes the FileShare and UploadLinkShare rows of the library.
 */
import { Readable } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { sharingOf } from '../sharing/index.ts'
import { makeGroup, sharingWorld, statusAndBody } from '../sharing/testing/world.ts'
import { uploadState } from '../upload/state.ts'

describe('deleting a library', () => {
  test('removes its user, group, public and folder shares, its share links and its upload links', async () => {
    const { user, user2, user3, repoId } = await sharingWorld()
    const seaf = user.server.seaf
    const groupId = await makeGroup(user, 'team', [user3])
    await user.json('PUT', `/api2/repos/${repoId}/dir/shared_items/?p=/`, {
      form: { share_type: 'user', username: 'user2@example.com', permission: 'rw' },
    })
    await user.json('PUT', `/api2/repos/${repoId}/dir/shared_items/?p=/`, {
      form: { share_type: 'group', group_id: String(groupId), permission: 'r' },
    })
    const folder = await user.json<{ virtual_repo_id: string }>(
      'PUT',
      `/api2/repos/${repoId}/dir/shared_items/?p=/docs`,
      { form: { share_type: 'user', username: 'user3@example.com', permission: 'r' } },
    )
    const subId = folder.virtual_repo_id
    expect(await statusAndBody(await user.call('POST', `/api2/repos/${repoId}/public/`))).toEqual([
      200,
      { success: true },
    ])
    const link = async (p: string, share_type = 'download') => {
      const res = await user.call('PUT', `/api2/repos/${repoId}/file/shared-link/`, {
        form: { p, share_type },
      })
      expect(res.status).toBe(201)
      return res.headers.get('Location')!.split('/').at(-2)!
    }
    const fileToken = await link('/docs/a.txt')
    const dirToken = await link('/docs')
    const uploadToken = await link('/', 'upload')
    // A resumable upload in progress (its first chunk held by the file server).
    const temp = await uploadState(seaf).temp()
    await temp.write(repoId, '/big.bin', 0, Readable.from([Buffer.from('first chunk')]))

    // Before: user2 sees it, the links work.
    const beshared = async (who = user2) =>
      (await who.json<{ repo_id: string }[]>('GET', '/api2/beshared-repos/')).map((r) => r.repo_id)
    const listed = async (who = user2) =>
      (await who.json<{ id: string }[]>('GET', '/api2/repos/')).map((r) => r.id)
    expect(await beshared()).toContain(repoId)
    expect(await listed()).toContain(repoId)
    // Shared with everyone: a `grepo` owned by "Organization" in GET /api2/repos/ (type org).
    expect(await listed(user3)).toContain(repoId)
    expect(await beshared(user3)).toEqual(expect.arrayContaining([subId]))
    expect((await user2.call('GET', `/api2/f/${fileToken}/`)).status).toBe(200)

    expect(await statusAndBody(await user.call('DELETE', `/api2/repos/${repoId}/`))).toEqual([200, 'success'])

    expect(await beshared()).not.toContain(repoId)
    expect(await listed()).not.toContain(repoId)
    expect(await beshared(user3)).toEqual([])
    expect(await listed(user3)).toEqual([])
    expect(await user.json('GET', '/api2/shared-repos/')).toEqual([])
    expect(await user.json('GET', '/api/v2.1/shared-folders/')).toEqual([])
    // The link rows are gone, not just unusable: seahub's FileShare.objects.get fails.
    expect(await statusAndBody(await user2.call('GET', `/api2/f/${fileToken}/`))).toEqual([
      404,
      { error_msg: 'Token not found' },
    ])
    expect((await user2.call('GET', `/api2/d/${dirToken}/dir/`)).status).toBe(400)
    expect(await user.json('GET', '/api2/shared-links/')).toEqual({ fileshares: [] })
    expect(await statusAndBody(await user.call('DELETE', `/api2/shared-links/?t=${uploadToken}`))).toEqual([
      400,
      { error_msg: 'Invalid token' },
    ])

    // Nothing in the tables points at the library or its sub-library any more.
    const sharing = sharingOf(seaf)
    const gone = (r: { repoId: string }) => r.repoId === repoId || r.repoId === subId
    expect(await sharing.shares.userShares(gone)).toEqual([])
    expect(await sharing.shares.groupShares(gone)).toEqual([])
    expect((await sharing.shares.publicShares()).filter(gone)).toEqual([])
    expect(await sharing.links.download.list(gone)).toEqual([])
    expect(await sharing.links.upload.list(gone)).toEqual([])
    expect(await seaf.repos.get(subId)).toBeUndefined()
    expect(temp.has(repoId, '/big.bin')).toBe(false)
  })

  test("leaves other libraries' shares and links alone", async () => {
    const { user, user2, repoId } = await sharingWorld()
    const { repo_id: other } = await user.json<{ repo_id: string }>('POST', '/api2/repos/', {
      form: { name: 'other' },
    })
    for (const id of [repoId, other]) {
      await user.json('PUT', `/api2/repos/${id}/dir/shared_items/?p=/`, {
        form: { share_type: 'user', username: 'user2@example.com', permission: 'r' },
      })
      const res = await user.call('PUT', `/api2/repos/${id}/file/shared-link/`, { form: { p: '/' } })
      expect(res.status).toBe(201)
    }
    await user.json('DELETE', `/api2/repos/${repoId}/`)
    expect(
      (await user2.json<{ repo_id: string }[]>('GET', '/api2/beshared-repos/')).map((r) => r.repo_id),
    ).toEqual([other])
    const { fileshares } = await user.json<{ fileshares: { repo_id: string }[] }>(
      'GET',
      '/api2/shared-links/',
    )
    expect(fileshares.map((l) => l.repo_id)).toEqual([other])
  })
})
