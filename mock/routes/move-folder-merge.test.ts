import { describe, expect, test } from 'vitest'
import { sharingWorld, statusAndBody } from '../sharing/testing/world.ts'
import { putFile } from '../testing/harness.ts'

const names = async (client: { json<T>(m: string, u: string): Promise<T> }, repoId: string, p: string) =>
  (await client.json<{ name: string }[]>('GET', `/api2/repos/${repoId}/dir/?p=${p}`)).map((d) => d.name)

describe('move-folder-merge', () => {
  test('merges into a same-named folder: files move in (clashes renamed), sub-folders merge, source deleted', async () => {
    const { user, repoId } = await sharingWorld()
    const server = user.server
    for (const p of ['/dst', '/dst/docs', '/docs/sub', '/dst/docs/sub'])
      await user.json('POST', `/api2/repos/${repoId}/dir/?p=${p}`, { form: { operation: 'mkdir' } })
    await putFile(server, repoId, '/dst/docs/a.txt', 'old a')
    await putFile(server, repoId, '/docs/sub/c.txt', 'c')
    const res = await user.call('POST', '/api/v2.1/move-folder-merge/', {
      json: {
        src_repo_id: repoId,
        src_parent_dir: '/',
        src_dirent_name: 'docs',
        dst_repo_id: repoId,
        dst_parent_dir: '/dst',
      },
    })
    expect(await statusAndBody(res)).toEqual([200, { success: true }])
    expect(await names(user, repoId, '/')).toEqual(['dst'])
    expect(await names(user, repoId, '/dst/docs')).toEqual(['sub', 'a (1).txt', 'a.txt'])
    expect(await names(user, repoId, '/dst/docs/sub')).toEqual(['c.txt'])
  })

  test('moves across libraries as a plain move when no folder of that name exists; needs rw on both', async () => {
    const { user, user2, repoId } = await sharingWorld()
    const other = await user.json<{ repo_id: string }>('POST', '/api2/repos/', { form: { name: 'other' } })
    const form = {
      src_repo_id: repoId,
      src_parent_dir: '/',
      src_dirent_name: 'docs',
      dst_repo_id: other.repo_id,
      dst_parent_dir: '/',
    }
    await user.json(
      'PUT',
      `/api2/shared-repos/${repoId}/?share_type=personal&user=user2@example.com&permission=r`,
    )
    await user.json(
      'PUT',
      `/api2/shared-repos/${other.repo_id}/?share_type=personal&user=user2@example.com&permission=rw`,
    )
    const denied = await user2.call('POST', '/api/v2.1/move-folder-merge/', { form })
    expect(await statusAndBody(denied)).toEqual([403, { error_msg: 'Permission denied.' }])
    const ok = await user.call('POST', '/api/v2.1/move-folder-merge/', { form })
    expect(await statusAndBody(ok)).toEqual([200, { success: true }])
    expect(await names(user, other.repo_id, '/docs')).toEqual(['a.txt'])
    expect(await names(user, repoId, '/')).toEqual([])
  })

  test('argument, destination and existence errors in the view order', async () => {
    const { user, repoId } = await sharingWorld()
    const base = {
      src_repo_id: repoId,
      src_parent_dir: '/',
      src_dirent_name: 'docs',
      dst_repo_id: repoId,
      dst_parent_dir: '/x',
    }
    const post = (form: Record<string, string>) => user.call('POST', '/api/v2.1/move-folder-merge/', { form })
    expect(await statusAndBody(await post({ ...base, src_dirent_name: '' }))).toEqual([
      400,
      { error_msg: 'src_dirent_name invalid.' },
    ])
    expect(await statusAndBody(await post({ ...base, dst_parent_dir: '/' }))).toEqual([
      400,
      { error_msg: 'Invalid destination path' },
    ])
    expect(await statusAndBody(await post({ ...base, dst_parent_dir: '/docs' }))).toEqual([
      400,
      { error_msg: 'Invalid destination path' },
    ])
    expect(await statusAndBody(await post({ ...base, src_dirent_name: 'nope' }))).toEqual([
      404,
      { error_msg: 'Folder /nope not found.' },
    ])
    expect(await statusAndBody(await post(base))).toEqual([404, { error_msg: 'Folder /x not found.' }])
    const ghost = '0d4e5f9b-3a5c-4a6e-8d8e-6f4b9a2e7c11'
    expect(await statusAndBody(await post({ ...base, dst_repo_id: ghost }))).toEqual([
      404,
      { error_msg: `Library ${ghost} not found.` },
    ])
  })
})
