import { describe, expect, test } from 'vitest'
import { sharingWorld, statusAndBody } from '../sharing/testing/world.ts'
import { putFile, type TestClient } from '../testing/harness.ts'

const names = async (client: TestClient, repoId: string, p: string) =>
  (await client.json<{ name: string }[]>('GET', `/api2/repos/${repoId}/dir/?p=${p}`)).map((d) => d.name)

const newRepo = async (client: TestClient, name: string) =>
  (await client.json<{ repo_id: string }>('POST', '/api2/repos/', { form: { name } })).repo_id

const batch = (src: string, dst: string, dirents: string[], srcDir = '/docs', dstDir = '/') => ({
  src_repo_id: src,
  src_parent_dir: srcDir,
  src_dirents: dirents,
  dst_repo_id: dst,
  dst_parent_dir: dstDir,
})

describe('api/v2.1 batch copy, move and delete', () => {
  test('sync copy across libraries renames a clash; sync move empties the source', async () => {
    const { user, repoId } = await sharingWorld()
    const other = await newRepo(user, 'other')
    await putFile(user.server, other, '/a.txt', 'old')
    const copy = await user.call('POST', '/api/v2.1/repos/sync-batch-copy-item/', {
      json: batch(repoId, other, ['a.txt']),
    })
    expect(await statusAndBody(copy)).toEqual([200, { success: true }])
    expect(await names(user, other, '/')).toEqual(['a (1).txt', 'a.txt'])
    const move = await user.call('POST', '/api/v2.1/repos/sync-batch-move-item/', {
      json: batch(repoId, other, ['a.txt']),
    })
    expect(await statusAndBody(move)).toEqual([200, { success: true }])
    expect(await names(user, repoId, '/docs')).toEqual([])
    expect(await names(user, other, '/')).toEqual(['a (1).txt', 'a (2).txt', 'a.txt'])
  })

  test('argument, library, folder and permission errors, in the view order', async () => {
    const { user, user2, repoId } = await sharingWorld()
    const url = '/api/v2.1/repos/sync-batch-copy-item/'
    const { src_dirents: _, ...noDirents } = batch(repoId, repoId, [])
    expect(await statusAndBody(await user.call('POST', url, { json: noDirents }))).toEqual([
      400,
      { error_msg: 'src_dirents invalid.' },
    ])
    const missingLib = batch('00000000-0000-0000-0000-000000000000', repoId, ['a.txt'])
    expect(await statusAndBody(await user.call('POST', url, { json: missingLib }))).toEqual([
      404,
      { error_msg: 'Library 00000000-0000-0000-0000-000000000000 not found.' },
    ])
    expect(
      await statusAndBody(await user.call('POST', url, { json: batch(repoId, repoId, ['a.txt'], '/nope') })),
    ).toEqual([404, { error_msg: 'Folder /nope not found.' }])
    expect(
      await statusAndBody(await user2.call('POST', url, { json: batch(repoId, repoId, ['a.txt']) })),
    ).toEqual([403, { error_msg: 'Permission denied.' }])
  })

  test('batch delete removes the names in one commit and answers the old head', async () => {
    const { user, repoId } = await sharingWorld()
    await putFile(user.server, repoId, '/docs/b.txt', 'b')
    const before = await user.json<{ head_commit_id: string }>('GET', `/api2/repos/${repoId}/`)
    const res = await user.call('DELETE', '/api/v2.1/repos/batch-delete-item/', {
      json: { repo_id: repoId, parent_dir: '/docs', dirents: ['a.txt', 'b.txt'] },
    })
    expect(await statusAndBody(res)).toEqual([200, { success: true, commit_id: before.head_commit_id }])
    expect(await names(user, repoId, '/docs')).toEqual([])
    const history = await user.json<{ commits: { desc: string }[] }>('GET', `/api2/repos/${repoId}/history/`)
    expect(history.commits[0]?.desc).toBe('Deleted "a.txt" and 1 more files.')
  })
})

describe('api/v2.1 asynchronous copy and move', () => {
  test('across libraries: a finished task cannot be canceled until a poll reports it, then it is gone', async () => {
    const { user, repoId } = await sharingWorld()
    const other = await newRepo(user, 'other')
    const started = await user.json<{ task_id: string }>('POST', '/api/v2.1/repos/async-batch-move-item/', {
      json: batch(repoId, other, ['a.txt']),
    })
    expect(started.task_id).toMatch(/^[0-9a-f-]{36}$/)
    const early = await user.call('DELETE', '/api/v2.1/copy-move-task/', {
      form: { task_id: started.task_id },
    })
    expect(await statusAndBody(early)).toEqual([500, { error_msg: 'Cancel failed' }])
    const progress = await user.call('GET', `/api/v2.1/query-copy-move-progress/?task_id=${started.task_id}`)
    expect(await statusAndBody(progress)).toEqual([
      200,
      { done: 1, total: 1, canceled: false, failed: false, successful: true },
    ])
    expect(await names(user, other, '/')).toEqual(['a.txt'])
    expect(await names(user, repoId, '/docs')).toEqual([])
    const again = await user.call('GET', `/api/v2.1/query-copy-move-progress/?task_id=${started.task_id}`)
    expect(await statusAndBody(again)).toEqual([500, { error_msg: 'Error' }])
    const cancel = await user.call('DELETE', '/api/v2.1/copy-move-task/', {
      form: { task_id: started.task_id },
    })
    expect(await statusAndBody(cancel)).toEqual([200, { success: true }])
  })

  test('within a library: done at once, task_id "" (batch) or absent (copy-move-task)', async () => {
    const { user, repoId } = await sharingWorld()
    const batchRes = await user.call('POST', '/api/v2.1/repos/async-batch-copy-item/', {
      json: batch(repoId, repoId, ['a.txt']),
    })
    expect(await statusAndBody(batchRes)).toEqual([200, { task_id: '' }])
    const task = await user.call('POST', '/api/v2.1/copy-move-task/', {
      form: {
        src_repo_id: repoId,
        src_parent_dir: '/docs',
        src_dirent_name: 'a.txt',
        dst_repo_id: repoId,
        dst_parent_dir: '/',
        operation: 'copy',
        dirent_type: 'file',
      },
    })
    expect(await statusAndBody(task)).toEqual([200, {}])
    expect(await names(user, repoId, '/')).toEqual(['docs', 'a (1).txt', 'a.txt'])
  })

  test('an unknown task: progress is a 500 "Error", cancelling it succeeds', async () => {
    const { user } = await sharingWorld()
    const id = '11111111-2222-3333-4444-555555555555'
    expect(
      await statusAndBody(await user.call('GET', `/api/v2.1/query-copy-move-progress/?task_id=${id}`)),
    ).toEqual([500, { error_msg: 'Error' }])
    expect(
      await statusAndBody(await user.call('DELETE', '/api/v2.1/copy-move-task/', { form: { task_id: id } })),
    ).toEqual([200, { success: true }])
  })
})

describe('copy/move tasks with copyTaskSteps', () => {
  test('progress advances one step per poll; a cancel before the last step leaves everything unchanged', async () => {
    const { startServer, login, putFile } = await import('../testing/harness.ts')
    const server = await startServer({ copyTaskSteps: 3 })
    const user = await login(server)
    const src = await newRepo(user, 'src')
    const dst = await newRepo(user, 'dst')
    await user.json('POST', `/api2/repos/${src}/dir/?p=/d`, { form: { operation: 'mkdir' } })
    for (const n of ['1', '2', '3']) await putFile(server, src, `/d/${n}.txt`, n)
    const poll = async (id: string) =>
      user.json<{ done: number; successful: boolean; canceled: boolean }>(
        'GET',
        `/api/v2.1/query-copy-move-progress/?task_id=${id}`,
      )
    const copy = await user.json<{ task_id: string }>('POST', '/api/v2.1/repos/async-batch-copy-item/', {
      json: batch(src, dst, ['d'], '/'),
    })
    expect(await poll(copy.task_id)).toMatchObject({ done: 1, successful: false })
    expect(await poll(copy.task_id)).toMatchObject({ done: 2, successful: false })
    expect(await names(user, dst, '/')).toEqual([])
    expect(await poll(copy.task_id)).toMatchObject({ done: 3, successful: true })
    expect(await names(user, dst, '/d')).toEqual(['1.txt', '2.txt', '3.txt'])
    const move = await user.json<{ task_id: string }>('POST', '/api/v2.1/repos/async-batch-move-item/', {
      json: batch(src, dst, ['d'], '/'),
    })
    expect(await poll(move.task_id)).toMatchObject({ done: 1 })
    const cancel = await user.call('DELETE', '/api/v2.1/copy-move-task/', { form: { task_id: move.task_id } })
    expect(await statusAndBody(cancel)).toEqual([200, { success: true }])
    expect(await poll(move.task_id)).toMatchObject({ canceled: true, successful: false })
    expect(await names(user, src, '/')).toEqual(['d'])
    expect(await names(user, dst, '/')).toEqual(['d'])
  })
})

describe('a cancel after the last file is copied', () => {
  test('an empty folder has nothing left to copy: the move goes on and ends canceled and successful', async () => {
    const { startServer, login } = await import('../testing/harness.ts')
    const server = await startServer({ copyTaskSteps: 2 })
    const user = await login(server)
    const src = await newRepo(user, 'src')
    const dst = await newRepo(user, 'dst')
    await user.json('POST', `/api2/repos/${src}/dir/?p=/e`, { form: { operation: 'mkdir' } })
    const poll = async (id: string) =>
      user.json<Record<string, unknown>>('GET', `/api/v2.1/query-copy-move-progress/?task_id=${id}`)
    const move = await user.json<{ task_id: string }>('POST', '/api/v2.1/repos/async-batch-move-item/', {
      json: batch(src, dst, ['e'], '/'),
    })
    const cancel = await user.call('DELETE', '/api/v2.1/copy-move-task/', { form: { task_id: move.task_id } })
    expect(await statusAndBody(cancel)).toEqual([200, { success: true }])
    expect(await poll(move.task_id)).toMatchObject({ canceled: true, successful: false })
    expect(await poll(move.task_id)).toMatchObject({ canceled: true, successful: true })
    expect(await names(user, src, '/')).toEqual([])
    expect(await names(user, dst, '/')).toEqual(['e'])
  })
})

describe('locked files', () => {
  test('a file locked by another user is not moved or deleted (403 "File <name> is locked.")', async () => {
    const { user, user2, repoId } = await sharingWorld()
    await user.json(
      'PUT',
      `/api2/shared-repos/${repoId}/?share_type=personal&user=user2@example.com&permission=rw`,
    )
    await user.call('PUT', `/api2/repos/${repoId}/file/`, { form: { p: '/docs/a.txt', operation: 'lock' } })
    const move = await user2.call('POST', '/api/v2.1/repos/sync-batch-move-item/', {
      json: batch(repoId, repoId, ['a.txt']),
    })
    expect(await statusAndBody(move)).toEqual([403, { error_msg: 'File a.txt is locked.' }])
    const del = await user2.call('DELETE', '/api/v2.1/repos/batch-delete-item/', {
      json: { repo_id: repoId, parent_dir: '/docs', dirents: ['a.txt'] },
    })
    expect(await statusAndBody(del)).toEqual([403, { error_msg: 'File a.txt is locked.' }])
    expect(await names(user, repoId, '/docs')).toEqual(['a.txt'])
  })
})

describe('copy-move-task quota', () => {
  test('a copy that does not fit the destination owner quota answers 443 "Out of quota."', async () => {
    const { startServer, login, putFile } = await import('../testing/harness.ts')
    const server = await startServer({ userQuota: 20 })
    const user = await login(server)
    const repoId = await newRepo(user, 'q')
    await putFile(server, repoId, '/a.txt', 'hello world\n')
    const res = await user.call('POST', '/api/v2.1/copy-move-task/', {
      form: {
        src_repo_id: repoId,
        src_parent_dir: '/',
        src_dirent_name: 'a.txt',
        dst_repo_id: repoId,
        dst_parent_dir: '/',
        operation: 'copy',
        dirent_type: 'file',
      },
    })
    expect(await statusAndBody(res)).toEqual([443, { error_msg: 'Out of quota.' }])
  })
})
