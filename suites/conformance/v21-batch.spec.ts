/**
 * api/v2.1 batch operations as rclone, the desktop client and the web UI use them: synchronous copy and move
 * of several entries (across libraries, renaming a taken name `x (1).ext`), batch delete, asynchronous
 * copy/move with the task progress a poller sees, copy-move-task and its cancel, and the zip task's POST
 * form and cancel (seahub/api2/endpoints/repos_batch.py, copy_move_task.py, query_copy_move_progress.py).
 */
import type { SeafileClient } from '../client/files.ts'
import { toleratedAtCore } from '../client/level.ts'
import { putText } from '../client/workflows.ts'
import { core, expect, needs, test, uniqueName } from '../fixtures.ts'

/** Uploads a text file, creating its folder first (mkdir with create_parents keeps existing ones). */
async function put(api: SeafileClient, repoId: string, path: string, text: string): Promise<void> {
  const parent = path.slice(0, path.lastIndexOf('/'))
  if (parent) await api.dirOp(repoId, parent, { operation: 'mkdir', create_parents: 'true' })
  await putText(api, repoId, path, text)
}

const names = async (api: SeafileClient, repoId: string, p: string) =>
  (await api.listDir(repoId, p)).entries.map((e) => e.name).sort()

const items = (src: string, srcDir: string, dirents: string[], dst: string, dstDir: string) => ({
  src_repo_id: src,
  src_parent_dir: srcDir,
  src_dirents: dirents,
  dst_repo_id: dst,
  dst_parent_dir: dstDir,
})

interface Progress {
  done: number
  total: number
  canceled: boolean
  failed: boolean
  successful: boolean
}

/** Polls a task until it ends; a bounded number of polls, no claim about speed. */
async function pollTask(api: SeafileClient, taskId: string): Promise<Progress> {
  for (let poll = 0; poll < 240; poll++) {
    const res = await api.request('GET', '/api/v2.1/query-copy-move-progress/', {
      params: { task_id: taskId },
    })
    expect(res.status(), 'progress of a running task').toBe(200)
    const progress = (await res.json()) as Progress
    if (progress.successful || progress.failed || progress.canceled) return progress
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`task ${taskId} did not end within 240 polls`)
}

/**
 * Where a moved entry `name` is once the move has settled: still in the source ('kept') or in the
 * destination only ('moved'). Between the destination's commit and the source's delete it is in both, so
 * the listings are read again (a bounded number of times, no claim about speed).
 */
async function settledMove(api: SeafileClient, src: string, dst: string, name: string) {
  for (let read = 0; read < 120; read++) {
    const inSrc = (await names(api, src, '/')).includes(name)
    const inDst = (await names(api, dst, '/')).includes(name)
    if (inSrc !== inDst) return inSrc ? 'kept' : 'moved'
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`the move of ${name} did not settle within 120 reads`)
}

/** A second library for the test, deleted afterwards. */
async function withOtherLibrary(
  api: SeafileClient,
  label: string,
  body: (id: string) => Promise<void>,
  info: Parameters<typeof uniqueName>[0],
): Promise<void> {
  const { repo_id: id } = await api.createRepo(uniqueName(info, label))
  try {
    await body(id)
  } finally {
    await api.deleteRepoRaw(id)
  }
}

test.describe('v2.1 batch', () => {
  test(
    'sync-batch-copy-item copies a file and a folder to another library, renaming a taken name',
    core,
    async ({ api, repo }, info) => {
      await put(api, repo.id, '/a.txt', 'alpha')
      await put(api, repo.id, '/d/in.txt', 'inside')
      await withOtherLibrary(
        api,
        'dst',
        async (other) => {
          await put(api, other, '/a.txt', 'taken')
          const res = await api.request('POST', '/api/v2.1/repos/sync-batch-copy-item/', {
            data: items(repo.id, '/', ['a.txt', 'd'], other, '/'),
          })
          expect(res.status()).toBe(200)
          expect(await res.json()).toEqual({ success: true })
          expect(await names(api, other, '/')).toEqual(['a (1).txt', 'a.txt', 'd'])
          expect((await api.downloadFile(other, '/a (1).txt')).toString()).toBe('alpha')
          expect((await api.downloadFile(other, '/d/in.txt')).toString()).toBe('inside')
          expect(await names(api, repo.id, '/')).toEqual(['a.txt', 'd'])
        },
        info,
      )
    },
  )

  test(
    'sync-batch-move-item moves entries between folders; a taken name is renamed',
    core,
    async ({ api, repo }) => {
      await put(api, repo.id, '/src/a.txt', 'moved')
      await put(api, repo.id, '/src/sub/b.txt', 'b')
      await put(api, repo.id, '/dst/a.txt', 'stays')
      const res = await api.request('POST', '/api/v2.1/repos/sync-batch-move-item/', {
        data: items(repo.id, '/src', ['a.txt', 'sub'], repo.id, '/dst'),
      })
      expect(res.status()).toBe(200)
      expect(await res.json()).toEqual({ success: true })
      expect(await names(api, repo.id, '/src')).toEqual([])
      expect(await names(api, repo.id, '/dst')).toEqual(['a (1).txt', 'a.txt', 'sub'])
      expect((await api.downloadFile(repo.id, '/dst/a (1).txt')).toString()).toBe('moved')
      expect((await api.downloadFile(repo.id, '/dst/a.txt')).toString()).toBe('stays')
    },
  )

  test(
    'batch copy and move refuse a missing field (400), library or folder (404)',
    core,
    async ({ api, repo }) => {
      await put(api, repo.id, '/a.txt', 'a')
      for (const op of ['copy', 'move']) {
        const url = `/api/v2.1/repos/sync-batch-${op}-item/`
        const { src_dirents: _, ...noDirents } = items(repo.id, '/', ['a.txt'], repo.id, '/')
        await expect(await api.request('POST', url, { data: noDirents })).toBeSeahubError(
          400,
          'src_dirents invalid.',
        )
        const ghost = '00000000-0000-4000-8000-000000000000'
        await expect(
          await api.request('POST', url, { data: items(ghost, '/', ['a.txt'], repo.id, '/') }),
        ).toBeSeahubError(404, `Library ${ghost} not found.`)
        await expect(
          await api.request('POST', url, { data: items(repo.id, '/', ['a.txt'], repo.id, '/nowhere') }),
        ).toBeSeahubError(404, 'Folder /nowhere not found.')
      }
      expect(await names(api, repo.id, '/')).toEqual(['a.txt'])
    },
  )

  test(
    'batch-delete-item deletes entries in one commit and answers the previous head',
    core,
    async ({ api, repo }) => {
      await put(api, repo.id, '/x/a.txt', 'a')
      await put(api, repo.id, '/x/b.txt', 'b')
      await put(api, repo.id, '/x/keep.txt', 'k')
      const before = await api.history(repo.id)
      const res = await api.request('DELETE', '/api/v2.1/repos/batch-delete-item/', {
        data: { repo_id: repo.id, parent_dir: '/x', dirents: ['a.txt', 'b.txt'] },
      })
      expect(res.status()).toBe(200)
      expect(await res.json()).toEqual({ success: true, commit_id: before[0]?.id })
      expect(await names(api, repo.id, '/x')).toEqual(['keep.txt'])
      expect(await api.history(repo.id)).toHaveLength(before.length + 1)
    },
  )

  test(
    'batch-delete-item refuses a missing field with 400 "<field> invalid."',
    core,
    async ({ api, repo }) => {
      const res = await api.request('DELETE', '/api/v2.1/repos/batch-delete-item/', {
        data: { repo_id: repo.id, parent_dir: '/' },
      })
      await expect(res).toBeSeahubError(400, 'dirents invalid.')
    },
  )
})

test.describe('v2.1 batch and file locks', () => {
  test(
    'sync-batch-move-item and batch-delete-item leave a file locked by another user (403 "File <name> is locked.")',
    needs('@core', 'lock'),
    async ({ api, api2, repo }) => {
      await put(api, repo.id, '/l/locked.txt', 'locked')
      const share = await api.request('PUT', `/api2/shared-repos/${repo.id}/`, {
        params: { share_type: 'personal', user: (await api2.accountInfo()).email, permission: 'rw' },
      })
      expect(share.status()).toBe(200)
      const lock = await api.request('PUT', `/api2/repos/${repo.id}/file/`, {
        form: { p: '/l/locked.txt', operation: 'lock' },
      })
      expect(lock.status()).toBe(200)
      const move = await api2.request('POST', '/api/v2.1/repos/sync-batch-move-item/', {
        data: items(repo.id, '/l', ['locked.txt'], repo.id, '/'),
      })
      await expect(move).toBeSeahubError(403, 'File locked.txt is locked.')
      const del = await api2.request('DELETE', '/api/v2.1/repos/batch-delete-item/', {
        data: { repo_id: repo.id, parent_dir: '/l', dirents: ['locked.txt'] },
      })
      await expect(del).toBeSeahubError(403, 'File locked.txt is locked.')
      expect(await names(api, repo.id, '/l')).toEqual(['locked.txt'])
    },
  )
})

test.describe('v2.1 async copy and move', () => {
  test(
    'async-batch-copy-item to another library answers a task; polling reaches successful with done == total',
    core,
    async ({ api, repo }, info) => {
      await put(api, repo.id, '/d/one.txt', '1')
      await put(api, repo.id, '/d/two.txt', '2')
      await withOtherLibrary(
        api,
        'async',
        async (other) => {
          const res = await api.request('POST', '/api/v2.1/repos/async-batch-copy-item/', {
            data: items(repo.id, '/', ['d'], other, '/'),
          })
          expect(res.status()).toBe(200)
          const { task_id } = (await res.json()) as { task_id: string }
          expect(task_id).toMatch(/^[0-9a-f-]{36}$/)
          const progress = await pollTask(api, task_id)
          expect(progress).toEqual({ done: 2, total: 2, canceled: false, failed: false, successful: true })
          expect(await names(api, other, '/d')).toEqual(['one.txt', 'two.txt'])
          // copy-mgr.c:81 get_task forgets an ended task once a query has reported it (seen on 11.0.13):
          // the next query is seahub's 500 `Error`, and a cancel of the unknown id succeeds (copy-mgr.c:196).
          const again = await api.request('GET', '/api/v2.1/query-copy-move-progress/', {
            params: { task_id },
          })
          await expect(again).toBeSeahubError(500, 'Error')
          const cancel = await api.request('DELETE', '/api/v2.1/copy-move-task/', { form: { task_id } })
          expect(cancel.status()).toBe(200)
          expect(await cancel.json()).toEqual({ success: true })
        },
        info,
      )
    },
  )

  test(
    'async-batch-move-item within a library moves at once and answers task_id ""',
    core,
    async ({ api, repo }) => {
      await put(api, repo.id, '/m.txt', 'm')
      await api.mkdir(repo.id, '/into')
      const res = await api.request('POST', '/api/v2.1/repos/async-batch-move-item/', {
        data: items(repo.id, '/', ['m.txt'], repo.id, '/into'),
      })
      expect(res.status()).toBe(200)
      expect(await res.json()).toEqual({ task_id: '' })
      expect(await names(api, repo.id, '/into')).toEqual(['m.txt'])
      expect(await names(api, repo.id, '/')).toEqual(['into'])
    },
  )

  test(
    'copy-move-task moves a file to another library through a task, and copies within one at once ({})',
    core,
    async ({ api, repo }, info) => {
      await put(api, repo.id, '/f.txt', 'content')
      const form = (dst: string, operation: string) => ({
        src_repo_id: repo.id,
        src_parent_dir: '/',
        src_dirent_name: 'f.txt',
        dst_repo_id: dst,
        dst_parent_dir: '/',
        operation,
        dirent_type: 'file',
      })
      const copy = await api.request('POST', '/api/v2.1/copy-move-task/', { form: form(repo.id, 'copy') })
      expect(copy.status()).toBe(200)
      expect(await copy.json()).toEqual({})
      expect(await names(api, repo.id, '/')).toEqual(['f (1).txt', 'f.txt'])
      await withOtherLibrary(
        api,
        'task',
        async (other) => {
          const move = await api.request('POST', '/api/v2.1/copy-move-task/', { form: form(other, 'move') })
          expect(move.status()).toBe(200)
          const { task_id } = (await move.json()) as { task_id: string }
          expect(await pollTask(api, task_id)).toMatchObject({ done: 1, total: 1, successful: true })
          expect(await names(api, other, '/')).toEqual(['f.txt'])
          expect(await names(api, repo.id, '/')).toEqual(['f (1).txt'])
        },
        info,
      )
    },
  )

  test(
    'cancelling a move task: canceled with nothing moved, or "Cancel failed" once it has ended and moved',
    core,
    async ({ api, repo }, info) => {
      await put(api, repo.id, '/c/one.txt', '1')
      await withOtherLibrary(
        api,
        'cancel',
        async (other) => {
          const res = await api.request('POST', '/api/v2.1/repos/async-batch-move-item/', {
            data: items(repo.id, '/', ['c'], other, '/'),
          })
          const { task_id } = (await res.json()) as { task_id: string }
          const cancel = await api.request('DELETE', '/api/v2.1/copy-move-task/', { form: { task_id } })
          // copy-mgr.c: a running task is marked canceled (200); an ended one cannot be (500).
          expect([200, 500]).toContain(cancel.status())
          const progress = await pollTask(api, task_id)
          const where = await settledMove(api, repo.id, other, 'c')
          if (cancel.status() === 200) {
            expect(progress, 'a task canceled with 200 reports canceled').toMatchObject({ canceled: true })
            if (progress.successful) expect(where, 'a successful move moved the folder').toBe('moved')
            // repo-op.c:2154 checks the flag only before copying a block: a cancel that comes after the
            // last block leaves the move going on to its commit, and the task ends canceled and successful.
            if (!toleratedAtCore(progress.successful || where === 'moved', 'cancel-after-last-block-moves')) {
              expect(progress).toMatchObject({ canceled: true, successful: false })
              expect(where, 'a canceled move leaves the folder in place').toBe('kept')
            }
          } else {
            await expect(cancel).toBeSeahubError(500, 'Cancel failed')
            expect(progress).toMatchObject({ successful: true })
            expect(where).toBe('moved')
          }
        },
        info,
      )
    },
  )

  test('copy-move-task refuses an operation other than copy or move', core, async ({ api, repo }) => {
    const res = await api.request('POST', '/api/v2.1/copy-move-task/', {
      form: {
        src_repo_id: repo.id,
        src_parent_dir: '/',
        src_dirent_name: 'x',
        dst_repo_id: repo.id,
        dst_parent_dir: '/',
        operation: 'link',
        dirent_type: 'file',
      },
    })
    await expect(res).toBeSeahubError(400, "operation can only be 'move' or 'copy'.")
  })

  test('an unknown task: progress answers 500 "Error", cancel answers success', core, async ({ api }) => {
    const id = '5f0c6b8e-1d2a-4e3b-9c4d-7a6b5c4d3e2f'
    const progress = await api.request('GET', '/api/v2.1/query-copy-move-progress/', {
      params: { task_id: id },
    })
    await expect(progress).toBeSeahubError(500, 'Error')
    const cancel = await api.request('DELETE', '/api/v2.1/copy-move-task/', { form: { task_id: id } })
    expect(cancel.status()).toBe(200)
    expect(await cancel.json()).toEqual({ success: true })
  })
})

test.describe('v2.1 zip task (POST) and its cancel', () => {
  test(
    'POST zip-task answers a zip token whose progress is readable (or none kept: Go file server); cancel-zip-task answers success',
    core,
    async ({ api, repo }) => {
      await put(api, repo.id, '/z/in.txt', 'zipped')
      const res = await api.request('POST', `/api/v2.1/repos/${repo.id}/zip-task/`, {
        form: { parent_dir: '/', dirents: 'z' },
      })
      expect(res.status()).toBe(200)
      const { zip_token } = (await res.json()) as { zip_token: string }
      const progress = await api.request('GET', '/api/v2.1/query-zip-progress/', {
        params: { token: zip_token },
      })
      // The C file server keeps the zip's progress; the Go one (11.0 and later) zips while it streams
      // /zip/{token}, so seaf-server has none and seahub answers 404 `progress not found.`
      // (web-accesstoken-mgr.c: a zip task only `if (!seaf->go_fileserver)`; query_zip_progress.py).
      if (progress.status() === 404) await expect(progress).toBeSeahubError(404, 'progress not found.')
      else {
        expect(progress.status()).toBe(200)
        expect(await progress.json()).toMatchObject({ zipped: expect.any(Number), total: expect.any(Number) })
      }
      const cancel = await api.request('POST', '/api/v2.1/cancel-zip-task/', { form: { token: zip_token } })
      expect(cancel.status()).toBe(200)
      expect(await cancel.json()).toEqual({ success: true })
      await expect(await api.request('POST', '/api/v2.1/cancel-zip-task/', { form: {} })).toBeSeahubError(
        400,
        'token invalid.',
      )
    },
  )
})
