import { describe, expect, test } from 'vitest'
import { putFile, withRepo } from '../testing/harness.ts'

interface Entry {
  type: string
  name: string
  id: string
  parent_dir?: string
  size?: number
  starred?: boolean
}

describe('directories', () => {
  test('mkdir answers 201 with Location, a clash is renamed "name (1)", and the listing shows both', async () => {
    const { client, base, server, repoId } = await withRepo()
    const made = await client.call('POST', `${base}/dir/?p=/docs`, { form: { operation: 'mkdir' } })
    expect(made.status).toBe(201)
    expect(await made.text()).toBe('"success"')
    expect(made.headers.get('location')).toBe(`http://localhost${base}/dir/?p=//docs`)
    const again = await client.call('POST', `${base}/dir/?p=/docs`, { form: { operation: 'mkdir' } })
    expect(again.headers.get('location')).toBe(`http://localhost${base}/dir/?p=//docs%20%281%29`)
    await putFile(server, repoId, '/B.txt', 'b')
    await putFile(server, repoId, '/a.txt', 'hello world\n')
    const res = await client.call('GET', `${base}/dir/?p=/`)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(res.headers.get('dir_perm')).toBe('rw')
    const entries = (await res.json()) as Entry[]
    expect(entries.map((e) => `${e.type}:${e.name}`)).toEqual([
      'dir:docs',
      'dir:docs (1)',
      'file:a.txt',
      'file:B.txt',
    ])
    expect(entries[2]).toMatchObject({
      id: 'a2223a08dae418d78cd1070b674325969cfbef75',
      size: 12,
      starred: false,
    })
    const oid = res.headers.get('oid')!
    const uptodate = await client.call('GET', `${base}/dir/?p=/&oid=${oid}`)
    expect(await uptodate.text()).toBe('"uptodate"')
  })

  test('filters by type, lists recursively with parent_dir, and rejects bad t/recursive', async () => {
    const { client, base, server, repoId } = await withRepo()
    await client.call('POST', `${base}/dir/?p=/1/2`, { form: { operation: 'mkdir', create_parents: 'true' } })
    await putFile(server, repoId, '/1/2/deep.txt', 'x')
    await putFile(server, repoId, '/top.txt', 'y')
    expect(((await client.json('GET', `${base}/dir/?t=d`)) as Entry[]).map((e) => e.name)).toEqual(['1'])
    expect(((await client.json('GET', `${base}/dir/?t=f`)) as Entry[]).map((e) => e.name)).toEqual([
      'top.txt',
    ])
    const all = (await client.json('GET', `${base}/dir/?recursive=1`)) as Entry[]
    expect(all.map((e) => `${e.parent_dir}|${e.name}`).sort()).toEqual([
      '/1/2|deep.txt',
      '/1|2',
      '/|1',
      '/|top.txt',
    ])
    const dirsOnly = (await client.json('GET', `${base}/dir/?t=d&recursive=1`)) as Entry[]
    expect(dirsOnly.map((e) => e.name)).toEqual(['1', '2'])
    const badT = await client.call('GET', `${base}/dir/?t=x`)
    expect([badT.status, await badT.json()]).toEqual([400, { error_msg: "'t'(type) should be 'f' or 'd'." }])
    expect((await client.call('GET', `${base}/dir/?recursive=2`)).status).toBe(400)
    const missing = await client.call('GET', `${base}/dir/?p=/nope`)
    expect([missing.status, await missing.json()]).toEqual([404, { error_msg: 'Folder /nope/ not found.' }])
  })

  test('mkdir under a missing parent is 404; renames a dir (clash renamed, 200); deletes it', async () => {
    const { client, base, server, repoId } = await withRepo()
    const orphan = await client.call('POST', `${base}/dir/?p=/a/b`, { form: { operation: 'mkdir' } })
    expect([orphan.status, await orphan.json()]).toEqual([404, { error_msg: 'Folder /a not found.' }])
    await client.call('POST', `${base}/dir/?p=/x`, { form: { operation: 'mkdir' } })
    await client.call('POST', `${base}/dir/?p=/y`, { form: { operation: 'mkdir' } })
    await putFile(server, repoId, '/x/f.txt', 'f')
    const renamed = await client.call('POST', `${base}/dir/?p=/x`, {
      form: { operation: 'rename', newname: 'y' },
    })
    expect([renamed.status, await renamed.text()]).toEqual([200, '"success"'])
    const names = ((await client.json('GET', `${base}/dir/`)) as Entry[]).map((e) => e.name)
    expect(names).toEqual(['y', 'y (1)'])
    const history = (await client.json('GET', `${base}/history/`)) as { commits: { desc: string }[] }
    expect(history.commits[0]!.desc).toBe('Renamed directory "x"')
    expect(await (await client.call('DELETE', `${base}/dir/?p=/y (1)`)).text()).toBe('"success"')
    expect((await client.call('GET', `${base}/dir/?p=/y (1)`)).status).toBe(404)
    const root = await client.call('DELETE', `${base}/dir/?p=/`)
    expect([root.status, await root.json()]).toEqual([400, { error_msg: 'Path is invalid.' }])
    const noP = await client.call('DELETE', `${base}/dir/`)
    expect([noP.status, await noP.json()]).toEqual([400, { error_msg: 'p invalid.' }])
  })

  test('dir detail counts what is below; dir revert brings a deleted folder back from its commit', async () => {
    const { client, base, server, repoId } = await withRepo()
    await client.call('POST', `${base}/dir/?p=/keep`, { form: { operation: 'mkdir' } })
    await putFile(server, repoId, '/keep/a.txt', 'hello world\n')
    const detail = await client.json<{ path: string; file_count: number; size: number }>(
      'GET',
      `/api/v2.1/repos/${repoId}/dir/detail/?path=/keep`,
    )
    expect(detail).toMatchObject({ path: '/keep/', file_count: 1, size: 12 })
    const before = ((await client.json('GET', `${base}/history/`)) as { commits: { id: string }[] })
      .commits[0]!.id
    await client.call('DELETE', `${base}/dir/?p=/keep`)
    const reverted = await client.call('PUT', `${base}/dir/revert/`, {
      form: { p: '/keep', commit_id: before },
    })
    expect(await reverted.json()).toEqual({ success: true })
    const entries = (await client.json('GET', `${base}/dir/?p=/keep`)) as Entry[]
    expect(entries.map((e) => e.name)).toEqual(['a.txt'])
  })

  test('another user without access gets 403 on listing and mkdir', async () => {
    const { server, base } = await withRepo()
    const { login } = await import('../testing/harness.ts')
    const other = await login(server, 'user2@example.com', 'user2')
    expect((await other.call('GET', `${base}/dir/`)).status).toBe(403)
    expect((await other.call('POST', `${base}/dir/?p=/x`, { form: { operation: 'mkdir' } })).status).toBe(403)
  })

  test('a listing served again follows what it depends on besides the folder: stars and modifier names', async () => {
    const { client, base, server, repoId } = await withRepo()
    await putFile(server, repoId, '/a.txt', 'a')
    const list = async () =>
      (await client.json('GET', `${base}/dir/?p=/`)) as (Entry & { modifier_name: string })[]
    expect((await list())[0]).toMatchObject({ name: 'a.txt', starred: false, modifier_name: 'user' })
    await client.call('POST', '/api2/starredfiles/', { form: { repo_id: repoId, p: '/a.txt' } })
    expect((await list())[0]).toMatchObject({ starred: true, modifier_name: 'user' })
    const user = (await server.seaf.users.get('user@example.com'))!
    await server.seaf.users.save({ ...user, name: 'Renamed' })
    expect((await list())[0]).toMatchObject({ starred: true, modifier_name: 'Renamed' })
    await client.call('DELETE', `/api2/starredfiles/?p=/a.txt&repo_id=${repoId}`)
    expect((await list())[0]).toMatchObject({ starred: false, modifier_name: 'Renamed' })
  })
})
