import { describe, expect, test } from 'vitest'
import { makeGroup, sharingWorld, statusAndBody } from '../sharing/testing/world.ts'

const share = (repoId: string, query: string) => `/api2/shared-repos/${repoId}/?${query}`

describe('library shares (api2)', () => {
  test('a read-only share lists and downloads but every write is refused; others still get 403', async () => {
    const { user, user2, user3, repoId } = await sharingWorld()
    const res = await user.call(
      'PUT',
      share(repoId, 'share_type=personal&user=user2@example.com&permission=r'),
    )
    expect([res.status, await res.text()]).toEqual([200, '"success"'])
    const info = await user2.json<{ permission: string; owner: string }>('GET', `/api2/repos/${repoId}/`)
    expect(info).toMatchObject({ permission: 'r', owner: 'share' })
    const listing = await user2.call('GET', `/api2/repos/${repoId}/dir/?p=/docs`)
    expect([listing.status, listing.headers.get('dir_perm')]).toEqual([200, 'r'])
    expect((await user2.call('GET', `/api2/repos/${repoId}/file/?p=/docs/a.txt`)).status).toBe(200)
    const mkdir = await user2.call('POST', `/api2/repos/${repoId}/dir/?p=/new`, {
      form: { operation: 'mkdir' },
    })
    expect(await statusAndBody(mkdir)).toEqual([403, { error_msg: 'Permission denied.' }])
    const rename = await user2.call('POST', `/api2/repos/${repoId}/dir/?p=/docs`, {
      form: { operation: 'rename', newname: 'x' },
    })
    expect(rename.status).toBe(403)
    expect((await user2.call('DELETE', `/api2/repos/${repoId}/file/?p=/docs/a.txt`)).status).toBe(403)
    const upload = await user2.call('GET', `/api2/repos/${repoId}/upload-link/?p=/`)
    expect(await statusAndBody(upload)).toEqual([
      403,
      { error_msg: 'You do not have permission to access this folder.' },
    ])
    const reshare = await user2.call(
      'PUT',
      share(repoId, 'share_type=personal&user=user3@example.com&permission=r'),
    )
    expect(await statusAndBody(reshare)).toEqual([403, { error_msg: 'Permission denied.' }])
    const stranger = await user3.call('GET', `/api2/repos/${repoId}/`)
    expect(await statusAndBody(stranger)).toEqual([403, { error_msg: 'Permission denied.' }])
    expect((await user3.call('GET', `/api2/repos/${repoId}/dir/?p=/`)).status).toBe(403)
  })

  test('a read-write share may write', async () => {
    const { user, user2, repoId } = await sharingWorld()
    await user.json('PUT', share(repoId, 'share_type=personal&user=user2@example.com&permission=rw'))
    const mkdir = await user2.call('POST', `/api2/repos/${repoId}/dir/?p=/new`, {
      form: { operation: 'mkdir' },
    })
    expect(mkdir.status).toBe(201)
    expect((await user2.call('GET', `/api2/repos/${repoId}/upload-link/?p=/`)).status).toBe(200)
  })

  test('lists the share on both sides and in GET /api2/repos/?type=shared (srepo, not in mine)', async () => {
    const { user, user2, repoId } = await sharingWorld()
    await user.json('PUT', share(repoId, 'share_type=personal&users=user2@example.com&permission=rw'))
    const out = await user.json<Record<string, unknown>[]>('GET', '/api2/shared-repos/')
    expect(out).toEqual([
      expect.objectContaining({
        repo_id: repoId,
        share_type: 'personal',
        permission: 'rw',
        user: 'user2@example.com',
      }),
    ])
    const inn = await user2.json<Record<string, unknown>[]>('GET', '/api2/beshared-repos/')
    expect(inn).toEqual([
      expect.objectContaining({
        repo_id: repoId,
        share_type: 'personal',
        user: 'user@example.com',
        repo_name: 'lib',
      }),
    ])
    const shared = await user2.json<Record<string, unknown>[]>('GET', '/api2/repos/?type=shared')
    expect(shared).toEqual([
      expect.objectContaining({
        type: 'srepo',
        id: repoId,
        owner: 'user@example.com',
        permission: 'rw',
        is_admin: false,
      }),
    ])
    expect(await user2.json('GET', '/api2/repos/?type=mine')).toEqual([])
    const all = await user2.json<{ type: string }[]>('GET', '/api2/repos/')
    expect(all.map((r) => r.type)).toEqual(['srepo'])
  })

  test('aborts on the first bad user and rolls the request back (invalid → 400, unknown → 400)', async () => {
    const { user, user2, repoId } = await sharingWorld()
    const unknown = await user.call(
      'PUT',
      share(repoId, 'share_type=personal&users=user2@example.com,ghost@example.com&permission=r'),
    )
    expect(await statusAndBody(unknown)).toEqual([
      400,
      { error_msg: 'Some users are not existent, sharing rolled back' },
    ])
    expect((await user2.call('GET', `/api2/repos/${repoId}/`)).status).toBe(403)
    const invalid = await user.call(
      'PUT',
      share(repoId, 'share_type=personal&user=user2@example.com,nope&permission=r'),
    )
    expect(await statusAndBody(invalid)).toEqual([
      400,
      { error_msg: 'Some users are not valid, sharing rolled back' },
    ])
    expect(await user.json('GET', '/api2/shared-repos/')).toEqual([])
    const none = await user.call('PUT', share(repoId, 'share_type=personal&permission=r'))
    expect(await statusAndBody(none)).toEqual([
      400,
      { error_msg: 'User or users (comma separated are mandatory) are not provided' },
    ])
  })

  test('checks permission, then share_type, then the library, then the owner', async () => {
    const { user, user2, repoId } = await sharingWorld()
    const perm = await user.call('PUT', share(repoId, 'share_type=personal&user=user2@example.com'))
    expect(await statusAndBody(perm)).toEqual([400, { error_msg: 'permission invalid.' }])
    const type = await user.call('PUT', share(repoId, 'share_type=all&permission=r'))
    expect(await statusAndBody(type)).toEqual([400, { error_msg: 'share_type invalid.' }])
    const missing = '0d4e5f9b-3a5c-4a6e-8d8e-6f4b9a2e7c11'
    const gone = await user.call('PUT', share(missing, 'share_type=public&permission=r'))
    expect(await statusAndBody(gone)).toEqual([404, { error_msg: `Library ${missing} not found.` }])
    const notOwner = await user2.call('PUT', share(repoId, 'share_type=public&permission=r'))
    expect(await statusAndBody(notOwner)).toEqual([403, { error_msg: 'Permission denied.' }])
  })

  test('a group share reaches current members only; removal takes access away at once', async () => {
    const { user, user2, user3, repoId } = await sharingWorld()
    const gid = await makeGroup(user, 'team', [user2])
    const bad = await user.call('PUT', share(repoId, 'share_type=group&group_id=abc&permission=r'))
    expect(await statusAndBody(bad)).toEqual([400, { error_msg: 'Group ID must be integer.' }])
    const unknown = await user.call('PUT', share(repoId, 'share_type=group&group_id=999&permission=r'))
    expect(await statusAndBody(unknown)).toEqual([400, { error_msg: 'Group does not exist .' }])
    await user.json('PUT', share(repoId, `share_type=group&group_id=${gid}&permission=r`))
    expect((await user2.call('GET', `/api2/repos/${repoId}/dir/?p=/`)).status).toBe(200)
    expect((await user3.call('GET', `/api2/repos/${repoId}/dir/?p=/`)).status).toBe(403)
    const grepo = await user2.json<Record<string, unknown>[]>('GET', '/api2/repos/?type=group')
    expect(grepo).toEqual([
      expect.objectContaining({
        type: 'grepo',
        id: repoId,
        groupid: gid,
        owner: 'team',
        share_from: 'user@example.com',
      }),
    ])
    const inn = await user2.json<Record<string, unknown>[]>('GET', '/api2/beshared-repos/')
    expect(inn).toEqual([expect.objectContaining({ repo_id: repoId, share_type: 'group', user_perm: 'r' })])
    expect(await user.json<unknown[]>('GET', '/api2/beshared-repos/')).toEqual([])
    await user.json('DELETE', `/api2/groups/${gid}/members/`, { form: { user_name: 'user2@example.com' } })
    expect((await user2.call('GET', `/api2/repos/${repoId}/dir/?p=/`)).status).toBe(403)
    expect(await user2.json('GET', '/api2/repos/?type=group')).toEqual([])
  })

  test('sharing with everyone needs a system admin; the library then shows as Organization', async () => {
    const { user, user2, admin } = await sharingWorld()
    const mine = await user.json<{ repo_id: string }>('POST', '/api2/repos/', { form: { name: 'pub' } })
    const denied = await user.call('PUT', share(mine.repo_id, 'share_type=public&permission=r'))
    expect(await statusAndBody(denied)).toEqual([403, { error_msg: 'Permission denied.' }])
    const own = await admin.json<{ repo_id: string }>('POST', '/api2/repos/', { form: { name: 'handbook' } })
    await admin.json('PUT', share(own.repo_id, 'share_type=public&permission=r'))
    const org = await user2.json<Record<string, unknown>[]>('GET', '/api2/repos/?type=org')
    expect(org).toEqual([
      expect.objectContaining({ type: 'grepo', id: own.repo_id, owner: 'Organization', permission: 'r' }),
    ])
    expect((await user2.call('GET', `/api2/repos/${own.repo_id}/dir/?p=/`)).status).toBe(200)
    const unshare = await admin.call('DELETE', share(own.repo_id, 'share_type=public'))
    expect(await unshare.text()).toBe('"success"')
    expect((await user2.call('GET', `/api2/repos/${own.repo_id}/dir/?p=/`)).status).toBe(403)
  })

  test('unshares: owner only (403 otherwise), argument errors 400, a missing library 404', async () => {
    const { user, user2, repoId } = await sharingWorld()
    await user.json('PUT', share(repoId, 'share_type=personal&user=user2@example.com&permission=r'))
    const denied = await user2.call('DELETE', share(repoId, 'share_type=personal&user=user2@example.com'))
    expect(await statusAndBody(denied)).toEqual([
      403,
      { error_msg: 'You do not have permission to unshare library.' },
    ])
    const noType = await user.call('DELETE', share(repoId, ''))
    expect(await statusAndBody(noType)).toEqual([400, { error_msg: 'Share type is required.' }])
    const noUser = await user.call('DELETE', share(repoId, 'share_type=personal'))
    expect(await statusAndBody(noUser)).toEqual([400, { error_msg: 'User is required.' }])
    const badGroup = await user.call('DELETE', share(repoId, 'share_type=group&group_id=x'))
    expect(await statusAndBody(badGroup)).toEqual([400, { error_msg: 'Group ID is not valid.' }])
    const gone = await user.call('DELETE', share('0d4e5f9b-3a5c-4a6e-8d8e-6f4b9a2e7c11', 'share_type=public'))
    expect(await statusAndBody(gone)).toEqual([404, { error_msg: 'Library not found.' }])
    const ok = await user.call('DELETE', share(repoId, 'share_type=personal&user=user2@example.com'))
    expect(await ok.text()).toBe('"success"')
    expect((await user2.call('GET', `/api2/repos/${repoId}/`)).status).toBe(403)
  })

  test('leaving a share (beshared-repos DELETE) removes access at once; bad arguments are 400', async () => {
    const { user, user2, repoId } = await sharingWorld()
    await user.json('PUT', share(repoId, 'share_type=personal&user=user2@example.com&permission=rw'))
    const url = `/api2/beshared-repos/${repoId}/`
    const bad = await user2.call('DELETE', `${url}?share_type=personal&from=nobody`)
    expect(await statusAndBody(bad)).toEqual([400, { error_msg: 'Invalid argument' }])
    const type = await user2.call('DELETE', `${url}?share_type=other&from=user@example.com`)
    expect(await statusAndBody(type)).toEqual([400, { error_msg: 'Invalid argument' }])
    const missing = await user2.call(
      'DELETE',
      '/api2/beshared-repos/0d4e5f9b-3a5c-4a6e-8d8e-6f4b9a2e7c11/?share_type=personal&from=user@example.com',
    )
    expect(await statusAndBody(missing)).toEqual([400, { error_msg: 'Library does not exist' }])
    const left = await user2.call('DELETE', `${url}?share_type=personal&from=user@example.com`)
    expect(await statusAndBody(left)).toEqual([200, { success: true }])
    expect((await user2.call('GET', `/api2/repos/${repoId}/`)).status).toBe(403)
    expect(await user.json('GET', '/api2/shared-repos/')).toEqual([])
  })

  test('leaving a group share needs group staff or the owner', async () => {
    const { user, user2, repoId } = await sharingWorld()
    const gid = await makeGroup(user, 'team', [user2])
    await user.json('PUT', share(repoId, `share_type=group&group_id=${gid}&permission=r`))
    const url = `/api2/beshared-repos/${repoId}/?share_type=group&from=user@example.com&group_id=${gid}`
    expect(await statusAndBody(await user2.call('DELETE', url))).toEqual([
      403,
      { error_msg: 'Permission denied' },
    ])
    expect(await statusAndBody(await user.call('DELETE', url))).toEqual([200, { success: true }])
    expect((await user2.call('GET', `/api2/repos/${repoId}/`)).status).toBe(403)
  })
})

describe('library shares (v2.1)', () => {
  test('changes a share permission; owner only, checked before the library exists', async () => {
    const { user, user2, repoId } = await sharingWorld()
    await user.json('PUT', share(repoId, 'share_type=personal&user=user2@example.com&permission=r'))
    const url = `/api/v2.1/shared-repos/${repoId}/`
    const up = await user.call('PUT', url, {
      form: { share_type: 'personal', user: 'user2@example.com', permission: 'rw' },
    })
    expect(await statusAndBody(up)).toEqual([200, { success: true }])
    expect((await user2.json<{ permission: string }>('GET', `/api2/repos/${repoId}/`)).permission).toBe('rw')
    const json = await user.call('PUT', url, {
      json: { share_type: 'personal', user: 'user2@example.com', permission: 'r' },
    })
    expect(json.status).toBe(200)
    expect((await user2.json<{ permission: string }>('GET', `/api2/repos/${repoId}/`)).permission).toBe('r')
    const typo = await user.call('PUT', url, { form: { share_type: 'public', password: 'rw' } })
    expect(await statusAndBody(typo)).toEqual([400, { error_msg: 'permission invalid.' }])
    const noType = await user.call('PUT', url, { form: { permission: 'rw' } })
    expect(await statusAndBody(noType)).toEqual([400, { error_msg: 'share_type invalid.' }])
    const group = await user.call('PUT', url, {
      form: { share_type: 'group', permission: 'rw', group_id: '77' },
    })
    expect(await statusAndBody(group)).toEqual([404, { error_msg: 'Group 77 not found.' }])
    const denied = await user2.call('PUT', url, { form: { share_type: 'public', permission: 'rw' } })
    expect(await statusAndBody(denied)).toEqual([403, { error_msg: 'Permission denied.' }])
    const ghost = await user.call('PUT', '/api/v2.1/shared-repos/0d4e5f9b-3a5c-4a6e-8d8e-6f4b9a2e7c11/', {
      form: { share_type: 'public', permission: 'rw' },
    })
    expect(ghost.status).toBe(403)
  })

  test('unshares by share_type; a non-owner gets 403', async () => {
    const { user, user2, repoId } = await sharingWorld()
    await user.json('PUT', share(repoId, 'share_type=personal&user=user2@example.com&permission=r'))
    const url = `/api/v2.1/shared-repos/${repoId}/`
    expect((await user2.call('DELETE', `${url}?share_type=personal&user=user2@example.com`)).status).toBe(403)
    const bad = await user.call('DELETE', `${url}?share_type=nope`)
    expect(await statusAndBody(bad)).toEqual([
      400,
      { error_msg: 'share_type can only be personal or group or public.' },
    ])
    const ok = await user.call('DELETE', `${url}?share_type=personal&user=user2@example.com`)
    expect(await statusAndBody(ok)).toEqual([200, { success: true }])
    expect((await user2.call('GET', `/api2/repos/${repoId}/`)).status).toBe(403)
  })
})

describe('batch sharing and public libraries', () => {
  test('shares libraries to a user one by one: unknown, foreign and already shared ones fail', async () => {
    const { user, user2, admin, repoId } = await sharingWorld()
    const other = await admin.json<{ repo_id: string }>('POST', '/api2/repos/', { form: { name: 'admins' } })
    const ghost = '0d4e5f9b-3a5c-4a6e-8d8e-6f4b9a2e7c11'
    const form = {
      operation: 'share',
      share_type: 'user',
      username: 'user2@example.com',
      repo_id: [repoId, other.repo_id, ghost],
    }
    const res = await user.json<{ success: unknown[]; failed: unknown[] }>('POST', '/api/v2.1/repos/batch/', {
      form,
    })
    expect(res.success).toEqual([{ repo_id: repoId, username: 'user2@example.com', permission: 'rw' }])
    expect(res.failed).toEqual([
      { repo_id: other.repo_id, error_msg: 'Permission denied.' },
      { repo_id: ghost, error_msg: `Library ${ghost} not found.` },
    ])
    expect((await user2.json<{ permission: string }>('GET', `/api2/repos/${repoId}/`)).permission).toBe('rw')
    const again = await user.json<{ failed: unknown[] }>('POST', '/api/v2.1/repos/batch/', {
      form: { ...form, repo_id: [repoId] },
    })
    expect(again.failed).toEqual([
      { repo_id: repoId, error_msg: 'This item has been shared to user2@example.com.' },
    ])
    const nobody = await user.call('POST', '/api/v2.1/repos/batch/', {
      form: { ...form, username: 'ghost@example.com' },
    })
    expect(await statusAndBody(nobody)).toEqual([404, { error_msg: 'User ghost@example.com not found.' }])
    const op = await user.call('POST', '/api/v2.1/repos/batch/', { form: { ...form, operation: 'drop' } })
    expect(await statusAndBody(op)).toEqual([400, { error_msg: 'operation can only be "share", "unshare".' }])
  })

  test('shares libraries to a group the caller is in (403 otherwise, 404 for an unknown group)', async () => {
    const { user, user2, user3, repoId } = await sharingWorld()
    const gid = await makeGroup(user2, 'others', [user3])
    const form = {
      operation: 'share',
      share_type: 'group',
      group_id: String(gid),
      repo_id: [repoId],
      permission: 'r',
    }
    const denied = await user.call('POST', '/api/v2.1/repos/batch/', { form })
    expect(await statusAndBody(denied)).toEqual([
      403,
      { error_msg: 'User user@example.com is not member of group others.' },
    ])
    const unknown = await user.call('POST', '/api/v2.1/repos/batch/', { form: { ...form, group_id: '999' } })
    expect(await statusAndBody(unknown)).toEqual([404, { error_msg: 'Group 999 not found.' }])
    const mine = await makeGroup(user, 'mine', [user3])
    const ok = await user.json<{ success: unknown[] }>('POST', '/api/v2.1/repos/batch/', {
      form: { ...form, group_id: String(mine) },
    })
    expect(ok.success).toEqual([{ repo_id: repoId, group_id: mine, group_name: 'mine', permission: 'r' }])
    expect((await user3.json<{ permission: string }>('GET', `/api2/repos/${repoId}/`)).permission).toBe('r')
  })

  test('an admin share lets its holder share the library on (batch), a read-write share does not', async () => {
    const { user, user2, user3, repoId } = await sharingWorld()
    await user.json('PUT', share(repoId, 'share_type=personal&user=user2@example.com&permission=admin'))
    const srepo = await user2.json<{ permission: string; is_admin: boolean }[]>(
      'GET',
      '/api2/repos/?type=shared',
    )
    expect(srepo[0]).toMatchObject({ permission: 'rw', is_admin: true })
    const form = {
      operation: 'share',
      share_type: 'user',
      username: 'user3@example.com',
      repo_id: [repoId],
      permission: 'r',
    }
    const ok = await user2.json<{ success: unknown[] }>('POST', '/api/v2.1/repos/batch/', { form })
    expect(ok.success).toHaveLength(1)
    expect((await user3.json<{ permission: string }>('GET', `/api2/repos/${repoId}/`)).permission).toBe('r')
    await user.json('PUT', share(repoId, 'share_type=personal&user=user3@example.com&permission=rw'))
    const denied = await user3.json<{ failed: unknown[] }>('POST', '/api/v2.1/repos/batch/', {
      form: { ...form, username: 'user2@example.com' },
    })
    expect(denied.failed).toEqual([{ repo_id: repoId, error_msg: 'Permission denied.' }])
  })

  test('creates a public library (201, system admins only) that every user can read', async () => {
    const { user, user2, admin } = await sharingWorld()
    const denied = await user.call('POST', '/api2/repos/public/', { form: { name: 'p' } })
    expect(await statusAndBody(denied)).toEqual([
      403,
      { error_msg: 'You do not have permission to create library.' },
    ])
    const noName = await admin.call('POST', '/api2/repos/public/', { form: { permission: 'rw' } })
    expect(await statusAndBody(noName)).toEqual([400, { error_msg: 'Library name is required.' }])
    const badPerm = await admin.call('POST', '/api2/repos/public/', { form: { name: 'p', permission: 'x' } })
    expect(await statusAndBody(badPerm)).toEqual([400, { error_msg: 'Invalid permission' }])
    const res = await admin.call('POST', '/api2/repos/public/', {
      form: { name: 'test-public-repo', permission: 'rw' },
    })
    expect(res.status).toBe(201)
    const created = (await res.json()) as { id: string; owner: string; permission: string }
    expect(created).toMatchObject({ owner: 'admin@example.com', permission: 'rw', size_formatted: '0 bytes' })
    const mkdir = await user2.call('POST', `/api2/repos/${created.id}/dir/?p=/x`, {
      form: { operation: 'mkdir' },
    })
    expect(mkdir.status).toBe(201)
  })

  test('makes a library public and private again; write permission needed, 404 for a missing one', async () => {
    const { user, user2, repoId } = await sharingWorld()
    const url = `/api2/repos/${repoId}/public/`
    const denied = await user2.call('POST', url)
    expect(await statusAndBody(denied)).toEqual([403, { error_msg: 'Forbid to access this repo.' }])
    const missing = await user.call('POST', '/api2/repos/0d4e5f9b-3a5c-4a6e-8d8e-6f4b9a2e7c11/public/')
    expect(await statusAndBody(missing)).toEqual([404, { error_msg: 'Repo not found.' }])
    expect(await statusAndBody(await user.call('POST', url))).toEqual([200, { success: true }])
    const listing = await user2.call('GET', `/api2/repos/${repoId}/dir/?p=/`)
    expect([listing.status, listing.headers.get('dir_perm')]).toEqual([200, 'r'])
    expect(await statusAndBody(await user.call('DELETE', url))).toEqual([200, { success: true }])
    expect((await user2.call('GET', `/api2/repos/${repoId}/dir/?p=/`)).status).toBe(403)
  })
})
