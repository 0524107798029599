import { describe, expect, test } from 'vitest'
import { makeGroup, sharingWorld, statusAndBody } from '../sharing/testing/world.ts'
import { putFile } from '../testing/harness.ts'

const items = (repoId: string, query = 'p=/') => `/api2/repos/${repoId}/dir/shared_items/?${query}`

interface PutResult {
  success: { permission: string; is_admin: boolean; user_info?: { name: string } }[]
  failed: { email?: string; group_name?: string; error_msg: string }[]
  virtual_repo_id: string | null
}

describe('library and folder shares (dir/shared_items)', () => {
  test('shares the library (p=/) to users: per-user outcome, listing, the owner refused', async () => {
    const { user, user2, repoId } = await sharingWorld()
    const res = await user.json<PutResult>('PUT', items(repoId), {
      form: {
        share_type: 'user',
        username: ['user2@example.com', 'ghost@example.com', 'not-an-email'],
        permission: 'r',
      },
    })
    expect(res.success).toEqual([
      expect.objectContaining({
        share_type: 'user',
        permission: 'r',
        is_admin: false,
        user_info: expect.objectContaining({ name: 'user2@example.com', nickname: 'user2' }),
      }),
    ])
    expect(res.failed).toEqual([
      { email: 'ghost@example.com', error_msg: 'User ghost@example.com not found.' },
      { email: 'not-an-email', error_msg: 'username invalid.' },
    ])
    expect(res.virtual_repo_id).toBeNull()
    expect((await user2.json<{ permission: string }>('GET', `/api2/repos/${repoId}/`)).permission).toBe('r')
    const again = await user.json<PutResult>('PUT', items(repoId), {
      form: { share_type: 'user', username: 'user2@example.com' },
    })
    expect(again.failed).toEqual([
      { email: 'user2@example.com', error_msg: 'This item has been shared to user2.' },
    ])
    const owner = await user.call('PUT', items(repoId), {
      form: { share_type: 'user', username: 'user@example.com' },
    })
    expect(await statusAndBody(owner)).toEqual([400, { error_msg: 'Library can not be shared to owner' }])
    const listed = await user.json<{ share_type: string }[]>('GET', items(repoId, 'p=/&share_type=user'))
    expect(listed).toEqual([expect.objectContaining({ share_type: 'user', permission: 'r' })])
    expect(await user.json('GET', items(repoId, 'p=/&share_type=group'))).toEqual([])
  })

  test('a folder share creates a sub-library the recipient reaches (not the library), mirrored both ways', async () => {
    const { user, user2, repoId } = await sharingWorld()
    const res = await user.json<PutResult>('PUT', items(repoId, 'p=/docs'), {
      form: { share_type: 'user', username: 'user2@example.com', permission: 'rw' },
    })
    const vid = res.virtual_repo_id!
    expect(vid).toMatch(/^[-0-9a-f]{36}$/)
    expect((await user2.call('GET', `/api2/repos/${repoId}/dir/?p=/`)).status).toBe(403)
    const listing = await user2.json<{ name: string }[]>('GET', `/api2/repos/${vid}/dir/?p=/`)
    expect(listing.map((d) => d.name)).toEqual(['a.txt'])
    // The recipient writes in the sub-library; the folder in the library shows it.
    expect(
      (await user2.call('POST', `/api2/repos/${vid}/dir/?p=/from-user2`, { form: { operation: 'mkdir' } }))
        .status,
    ).toBe(201)
    const origin = await user.json<{ name: string }[]>('GET', `/api2/repos/${repoId}/dir/?p=/docs`)
    expect(origin.map((d) => d.name)).toEqual(['from-user2', 'a.txt'])
    // The owner writes in the library; the sub-library shows it.
    await putFile(user.server, repoId, '/docs/b.txt', 'b')
    await user.json('POST', `/api2/repos/${repoId}/dir/?p=/docs/from-owner`, { form: { operation: 'mkdir' } })
    const sub = await user2.json<{ name: string }[]>('GET', `/api2/repos/${vid}/dir/?p=/`)
    expect(sub.map((d) => d.name)).toEqual(['from-owner', 'from-user2', 'a.txt', 'b.txt'])
    const shared = await user2.json<Record<string, unknown>[]>('GET', '/api2/repos/?type=shared')
    expect(shared).toEqual([
      expect.objectContaining({ type: 'srepo', id: vid, name: 'docs', permission: 'rw' }),
    ])
    const inn = await user2.json<Record<string, unknown>[]>('GET', '/api2/beshared-repos/')
    expect(inn).toEqual([expect.objectContaining({ repo_id: vid, is_virtual: true })])
    const mine = await user.json<{ id: string }[]>('GET', '/api2/repos/?type=mine')
    expect(mine.map((r) => r.id)).toEqual([repoId])
    expect(await user.json('GET', items(repoId, 'p=/docs&share_type=user'))).toEqual([
      expect.objectContaining({
        permission: 'rw',
        user_info: expect.objectContaining({ name: 'user2@example.com' }),
      }),
    ])
  })

  test('virtual-repos and shared-folders list the sub-library and its shares; sub_repo finds it again', async () => {
    const { user, user2, repoId } = await sharingWorld()
    const gid = await makeGroup(user, 'team', [user2])
    const put = await user.json<PutResult>('PUT', items(repoId, 'p=/docs'), {
      form: { share_type: 'group', group_id: String(gid), permission: 'r' },
    })
    await user.json('PUT', items(repoId, 'p=/docs'), {
      form: { share_type: 'user', username: 'user2@example.com' },
    })
    const { 'virtual-repos': virtual } = await user.json<{ 'virtual-repos': Record<string, unknown>[] }>(
      'GET',
      '/api2/virtual-repos/',
    )
    expect(virtual).toEqual([
      expect.objectContaining({
        id: put.virtual_repo_id,
        origin_repo_id: repoId,
        origin_path: '/docs',
        is_virtual: true,
        name: 'docs',
      }),
    ])
    const folders = await user.json<Record<string, unknown>[]>('GET', '/api/v2.1/shared-folders/')
    expect(folders).toEqual([
      expect.objectContaining({
        repo_id: repoId,
        path: '/docs',
        folder_name: 'docs',
        share_type: 'personal',
        user_email: 'user2@example.com',
        share_permission: 'r',
      }),
      expect.objectContaining({ share_type: 'group', group_id: gid, group_name: 'team' }),
    ])
    expect(await user2.json('GET', '/api2/virtual-repos/')).toEqual({ 'virtual-repos': [] })
    const sub = await user.json<{ sub_repo_id: string }>(
      'GET',
      `/api2/repos/${repoId}/dir/sub_repo/?p=/docs&name=docs`,
    )
    expect(sub.sub_repo_id).toBe(put.virtual_repo_id)
  })

  test('changes and removes a folder share; argument errors are 400, an unknown group 404', async () => {
    const { user, user2, repoId } = await sharingWorld()
    const { virtual_repo_id: vid } = await user.json<PutResult>('PUT', items(repoId, 'p=/docs'), {
      form: { share_type: 'user', username: 'user2@example.com' },
    })
    const mkdir = () => user2.call('POST', `/api2/repos/${vid}/dir/?p=/x`, { form: { operation: 'mkdir' } })
    expect((await mkdir()).status).toBe(403)
    const base = 'p=/docs&share_type=user'
    const up = await user.call('POST', items(repoId, `${base}&username=user2@example.com`), {
      form: { permission: 'rw' },
    })
    expect(await statusAndBody(up)).toEqual([200, { success: true }])
    expect((await mkdir()).status).toBe(201)
    const bad = await user.call('POST', items(repoId, `${base}&username=nope`), {
      form: { permission: 'rw' },
    })
    expect(await statusAndBody(bad)).toEqual([400, { error_msg: 'Email nope invalid.' }])
    const unknown = await user.call('POST', items(repoId, `${base}&username=ghost@example.com`), {
      form: { permission: 'r' },
    })
    expect(await statusAndBody(unknown)).toEqual([400, { error_msg: 'Invalid user, should be registered' }])
    const perm = await user.call('POST', items(repoId, `${base}&username=user2@example.com`), {
      form: { permission: 'x' },
    })
    expect(await statusAndBody(perm)).toEqual([400, { error_msg: 'permission invalid.' }])
    const group = await user.call('POST', items(repoId, 'p=/docs&share_type=group&group_id=abc'), {
      form: { permission: 'r' },
    })
    expect(await statusAndBody(group)).toEqual([400, { error_msg: 'group_id abc invalid.' }])
    const missing = await user.call('POST', items(repoId, 'p=/docs&share_type=group&group_id=999'), {
      form: { permission: 'r' },
    })
    expect(await statusAndBody(missing)).toEqual([404, { error_msg: 'Group 999 not found.' }])
    const del = await user.call('DELETE', items(repoId, `${base}&username=user2@example.com`))
    expect(await statusAndBody(del)).toEqual([200, { success: true }])
    expect((await user2.call('GET', `/api2/repos/${vid}/dir/?p=/`)).status).toBe(403)
    const delBad = await user.call('DELETE', items(repoId, 'p=/docs&share_type=group&group_id=x'))
    expect(await statusAndBody(delBad)).toEqual([400, { error_msg: 'group_id x invalid' }])
  })

  test('group shares: per-group outcome (unknown, invalid, not a member, already shared); members only', async () => {
    const { user, user2, user3, repoId } = await sharingWorld()
    const gid = await makeGroup(user, 'team', [user3])
    const foreign = await makeGroup(user2, 'theirs')
    const form = {
      share_type: 'group',
      group_id: [String(gid), 'abc', '999', String(foreign)],
      permission: 'rw',
    }
    const res = await user.json<PutResult>('PUT', items(repoId, 'p=/docs'), { form })
    expect(res.success).toEqual([
      { share_type: 'group', group_info: { id: gid, name: 'team' }, permission: 'rw', is_admin: false },
    ])
    expect(res.failed).toEqual([
      { error_msg: 'group_id abc invalid.' },
      { error_msg: 'Group 999 not found' },
      { group_name: 'theirs', error_msg: 'Permission denied.' },
    ])
    const vid = res.virtual_repo_id!
    expect((await user3.call('GET', `/api2/repos/${vid}/dir/?p=/`)).status).toBe(200)
    expect((await user2.call('GET', `/api2/repos/${vid}/dir/?p=/`)).status).toBe(403)
    const again = await user.json<PutResult>('PUT', items(repoId, 'p=/docs'), {
      form: { share_type: 'group', group_id: String(gid) },
    })
    expect(again.failed).toEqual([{ group_name: 'team', error_msg: 'This item has been shared to team.' }])
    await user.json('DELETE', `/api2/groups/${gid}/members/`, { form: { user_name: 'user3@example.com' } })
    expect((await user3.call('GET', `/api2/repos/${vid}/dir/?p=/`)).status).toBe(403)
  })

  test('IsRepoAccessible answers DRF 403 first (even for a missing library); then 404 folder, 400, owner 403', async () => {
    const { user, user2, user3, repoId } = await sharingWorld()
    const drf = { detail: 'You do not have permission to perform this action.' }
    expect(await statusAndBody(await user3.call('GET', items(repoId)))).toEqual([403, drf])
    expect(
      await statusAndBody(await user.call('GET', items('0d4e5f9b-3a5c-4a6e-8d8e-6f4b9a2e7c11'))),
    ).toEqual([403, drf])
    const folder = await user.call('GET', items(repoId, 'p=/q'))
    expect(await statusAndBody(folder)).toEqual([404, { error_msg: 'Folder /q not found.' }])
    const type = await user.call('PUT', items(repoId), {
      form: { share_type: 'all', username: 'user2@example.com' },
    })
    expect(await statusAndBody(type)).toEqual([400, { error_msg: 'share_type invalid.' }])
    await user.json('PUT', items(repoId), {
      form: { share_type: 'user', username: 'user2@example.com', permission: 'rw' },
    })
    const notOwner = await user2.call('PUT', items(repoId), {
      form: { share_type: 'user', username: 'user3@example.com' },
    })
    expect(await statusAndBody(notOwner)).toEqual([403, { error_msg: 'Permission denied.' }])
    expect((await user2.call('GET', items(repoId))).status).toBe(200)
  })

  test('an admin share (rw + is_admin) lets the holder share and unshare the library', async () => {
    const { user, user2, user3, repoId } = await sharingWorld()
    const res = await user.json<PutResult>('PUT', items(repoId), {
      form: { share_type: 'user', username: 'user2@example.com', permission: 'admin' },
    })
    expect(res.success[0]).toMatchObject({ permission: 'rw', is_admin: true })
    const byAdmin = await user2.json<PutResult>('PUT', items(repoId), {
      form: { share_type: 'user', username: 'user3@example.com', permission: 'r' },
    })
    expect(byAdmin.success).toHaveLength(1)
    expect((await user3.json<{ permission: string }>('GET', `/api2/repos/${repoId}/`)).permission).toBe('r')
    const removed = await user2.call(
      'DELETE',
      items(repoId, 'p=/&share_type=user&username=user3@example.com'),
    )
    expect(await statusAndBody(removed)).toEqual([200, { success: true }])
    expect((await user3.call('GET', `/api2/repos/${repoId}/`)).status).toBe(403)
  })
})

describe('sub-libraries and the old dir/share view', () => {
  test('sub_repo: p and name required, permission needed, missing folder 404, encrypted needs the password', async () => {
    const { user, user3, repoId } = await sharingWorld()
    const url = `/api2/repos/${repoId}/dir/sub_repo/`
    expect(await statusAndBody(await user.call('GET', `${url}?name=x`))).toEqual([
      400,
      { error_msg: 'p invalid.' },
    ])
    expect(await statusAndBody(await user.call('GET', `${url}?p=/docs`))).toEqual([
      400,
      { error_msg: 'name invalid.' },
    ])
    const denied = await user3.call('GET', `${url}?p=/docs&name=docs`)
    expect(await statusAndBody(denied)).toEqual([403, { error_msg: 'Permission denied.' }])
    const missing = await user.call('GET', `${url}?p=/nope&name=nope`)
    expect(await statusAndBody(missing)).toEqual([404, { error_msg: 'Folder /nope not found.' }])
    const root = await user.json<{ sub_repo_id: string }>('GET', `${url}?p=/&name=sub_lib`)
    const info = await user.json<{ name: string }>('GET', `/api2/repos/${root.sub_repo_id}/`)
    expect(info.name).toBe('sub_lib')
    const enc = await user.json<{ repo_id: string }>('POST', '/api2/repos/', {
      form: { name: 'e', passwd: 'pw' },
    })
    await user.json('POST', `/api2/repos/${enc.repo_id}/dir/?p=/d`, { form: { operation: 'mkdir' } })
    const encUrl = `/api2/repos/${enc.repo_id}/dir/sub_repo/?p=/d&name=d`
    expect(await statusAndBody(await user.call('GET', encUrl))).toEqual([
      400,
      { error_msg: 'password invalid.' },
    ])
    expect(await statusAndBody(await user.call('GET', `${encUrl}&password=no`))).toEqual([
      400,
      { error_msg: 'Wrong password' },
    ])
    expect((await user.call('GET', `${encUrl}&password=pw`)).status).toBe(200)
  })

  test('dir/share with s_type=d shares a folder to the listed users as a sub-library', async () => {
    const { user, user3, repoId } = await sharingWorld()
    const res = await user.call('POST', `/api2/repos/${repoId}/dir/share/`, {
      form: { emails: 'user3@example.com', s_type: 'd', path: '/docs', perm: 'r' },
    })
    expect([res.status, await res.text()]).toEqual([200, ''])
    const shared = await user3.json<{ name: string; permission: string }[]>('GET', '/api2/repos/?type=shared')
    expect(shared).toEqual([expect.objectContaining({ name: 'docs', permission: 'r' })])
  })
})

describe('sub-libraries follow their folder', () => {
  test('a renamed folder keeps its sub-library (new origin path); a deleted one takes it away', async () => {
    const { user, user2, repoId } = await sharingWorld()
    const { virtual_repo_id: vid } = await user.json<PutResult>('PUT', items(repoId, 'p=/docs'), {
      form: { share_type: 'user', username: 'user2@example.com', permission: 'rw' },
    })
    await user.json('POST', `/api2/repos/${repoId}/dir/?p=/docs`, {
      form: { operation: 'rename', newname: 'papers' },
    })
    const { 'virtual-repos': after } = await user.json<{ 'virtual-repos': { origin_path: string }[] }>(
      'GET',
      '/api2/virtual-repos/',
    )
    expect(after.map((v) => v.origin_path)).toEqual(['/papers'])
    await user2.json('POST', `/api2/repos/${vid}/dir/?p=/new`, { form: { operation: 'mkdir' } })
    const origin = await user.json<{ name: string }[]>('GET', `/api2/repos/${repoId}/dir/?p=/papers`)
    expect(origin.map((d) => d.name)).toEqual(['new', 'a.txt'])
    await user.json('DELETE', `/api2/repos/${repoId}/dir/?p=/papers`)
    expect(await user.json('GET', '/api2/virtual-repos/')).toEqual({ 'virtual-repos': [] })
    expect((await user2.call('GET', `/api2/repos/${vid}/dir/?p=/`)).status).toBe(404)
    expect(await user2.json('GET', '/api2/repos/?type=shared')).toEqual([])
  })
})
