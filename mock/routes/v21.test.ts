import { describe, expect, test } from 'vitest'
import { login, putFile, withRepo } from '../testing/harness.ts'

interface FileInfo {
  obj_name: string
  obj_id: string
  size: number | ''
  parent_dir: string
  repo_id: string
}

describe('api/v2.1 folders and files', () => {
  test('the v2.1 listing is the api2 tree, entries carry parent_dir and starred', async () => {
    const { client, repoId, server } = await withRepo()
    await client.call('POST', `/api/v2.1/repos/${repoId}/dir/?p=/docs`, { form: { operation: 'mkdir' } })
    await putFile(server, repoId, '/docs/a.txt', 'hello world\n')
    const v21 = await client.json<{
      dir_id: string
      dirent_list: { name: string; id: string; parent_dir: string }[]
    }>('GET', `/api/v2.1/repos/${repoId}/dir/?p=/docs`)
    const api2 = await client.call('GET', `/api2/repos/${repoId}/dir/?p=/docs`)
    expect(v21.dir_id).toBe(api2.headers.get('oid'))
    expect(v21.dirent_list).toEqual([
      expect.objectContaining({
        name: 'a.txt',
        id: 'a2223a08dae418d78cd1070b674325969cfbef75',
        parent_dir: '/docs/',
        starred: false,
      }),
    ])
  })

  test('copy and move answer the file at its final place, read after the change', async () => {
    const { client, repoId, server } = await withRepo()
    await client.call('POST', `/api/v2.1/repos/${repoId}/dir/?p=/dir`, { form: { operation: 'mkdir' } })
    await putFile(server, repoId, '/dir/h.txt', 'hello')
    const url = `/api/v2.1/repos/${repoId}/file/?p=/dir/h.txt`
    // rclone copies into the file's own folder first: the copy is "h (1).txt" and its size is known.
    const copy = await client.json<FileInfo>('POST', url, {
      json: { operation: 'copy', dst_repo: repoId, dst_dir: '/dir' },
    })
    expect(copy).toMatchObject({ obj_name: 'h (1).txt', size: 5, parent_dir: '/dir' })
    const moved = await client.json<FileInfo>('POST', url, {
      json: { operation: 'move', dst_repo: repoId, dst_dir: '/' },
    })
    expect(moved).toMatchObject({ obj_name: 'h.txt', size: 5, parent_dir: '/' })
  })

  test('delete answers the head before it, and a missing file succeeds without a commit', async () => {
    const { client, repoId, server } = await withRepo()
    await putFile(server, repoId, '/x.txt', 'x')
    const head = (await server.seaf.repos.get(repoId))!.headCommitId
    const url = `/api/v2.1/repos/${repoId}/file/?p=/x.txt`
    expect(await client.json('DELETE', url)).toEqual({ success: true, commit_id: head })
    expect(await client.json('DELETE', url)).toEqual({ success: true })
  })

  test('a stranger cannot list, and the repos list maps api2 shares to "shared"', async () => {
    const { client, repoId, server } = await withRepo()
    const other = await login(server, 'user2@example.com', 'user2')
    expect((await other.call('GET', `/api/v2.1/repos/${repoId}/dir/`)).status).toBe(403)
    const shared = await client.call(
      'PUT',
      `/api2/shared-repos/${repoId}/?share_type=personal&user=user2@example.com&permission=rw`,
    )
    expect(shared.status).toBe(200)
    const { repos } = await other.json<{ repos: { type: string; repo_id: string; permission: string }[] }>(
      'GET',
      '/api/v2.1/repos/?type=shared',
    )
    expect(repos).toEqual([expect.objectContaining({ type: 'shared', repo_id: repoId, permission: 'rw' })])
  })
})
