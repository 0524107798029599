/**
 * Folders over api/v2.1 (seahub/api2/endpoints/dir.py::DirView), as rclone (server ≥ 7), the mobile apps
 * and seafile-js use them: the listing is the api2 tree in another shape; mkdir and rename answer the
 * folder, renamed `x (1)` on a clash; delete answers the head commit read before.
 */
import { listV21, type V21DirInfo, v21 } from '../client/v21.ts'
import { core, expect, test } from '../fixtures.ts'

const names = (entries: { name: string }[]) => entries.map((e) => e.name)

test.describe('v2.1 folders', () => {
  test(
    'the v2.1 listing is the api2 tree: same names, ids and sizes, dirs first',
    core,
    async ({ api, repo }) => {
      await api.mkdir(repo.id, '/zeta')
      await api.mkdir(repo.id, '/Alpha')
      await api.uploadFile(repo.id, '/', 'b.txt', new TextEncoder().encode('bee'))
      await api.createFile(repo.id, '/A.txt')
      const listing = await listV21(api, repo.id, '/')
      expect(listing.user_perm).toBe('rw')
      expect(listing.dir_id).toMatch(/^[0-9a-f]{40}$/)
      expect(listing.dirent_list.map((e) => `${e.type}:${e.name}`)).toEqual([
        'dir:Alpha',
        'dir:zeta',
        'file:A.txt',
        'file:b.txt',
      ])
      const api2 = await api.listDir(repo.id, '/')
      expect(listing.dir_id).toBe(api2.oid)
      for (const entry of api2.entries) {
        const same = listing.dirent_list.find((e) => e.name === entry.name)
        expect(same).toMatchObject({ id: entry.id, type: entry.type, parent_dir: '/', starred: false })
        if (entry.type === 'file') expect(same?.size).toBe(entry.size)
      }
    },
  )

  test('t=f and t=d filter, recursive=1 walks the subtree with parent_dir', core, async ({ api, repo }) => {
    await api.mkdir(repo.id, '/a')
    await api.mkdir(repo.id, '/a/b')
    await api.createFile(repo.id, '/a/b/deep.txt')
    await api.createFile(repo.id, '/top.txt')
    expect(names((await listV21(api, repo.id, '/', { t: 'f' })).dirent_list)).toEqual(['top.txt'])
    expect(names((await listV21(api, repo.id, '/', { t: 'd' })).dirent_list)).toEqual(['a'])
    const all = (await listV21(api, repo.id, '/', { recursive: '1' })).dirent_list
    // get_dir_file_recursively: parent_dir + name rebuilds each path.
    const paths = all.map((e) => `${e.parent_dir.replace(/\/$/, '')}/${e.name}`).sort()
    expect(paths).toEqual(['/a', '/a/b', '/a/b/deep.txt', '/top.txt'])
    const dirs = (await listV21(api, repo.id, '/', { recursive: '1', t: 'd' })).dirent_list
    expect(names(dirs).sort()).toEqual(['a', 'b'])
  })

  test('a missing folder answers 404 "Folder /x/ not found.", a bad t 400', core, async ({ api, repo }) => {
    await expect(await v21.listDir(api, repo.id, { p: '/nope' })).toBeSeahubError(
      404,
      'Folder /nope/ not found.',
    )
    await expect(await v21.listDir(api, repo.id, { t: 'x' })).toBeSeahubError(
      400,
      "'t'(type) should be 'f' or 'd'.",
    )
    await expect(await v21.listDir(api, repo.id, { recursive: '2' })).toBeSeahubError(400)
  })

  test(
    'mkdir answers 200 with the folder; a taken name becomes "x (1)" in obj_name',
    core,
    async ({ api, repo }) => {
      const first = await v21.dirOp(api, repo.id, '/docs', { operation: 'mkdir' })
      expect(first.status()).toBe(200)
      expect(await first.json()).toMatchObject({
        type: 'dir',
        repo_id: repo.id,
        parent_dir: '/',
        obj_name: 'docs',
      })
      const second = await v21.dirOp(api, repo.id, '/docs', { operation: 'mkdir' })
      expect(((await second.json()) as V21DirInfo).obj_name).toBe('docs (1)')
      expect(names((await api.listDir(repo.id, '/')).entries).sort()).toEqual(['docs', 'docs (1)'])
    },
  )

  test(
    'mkdir under a missing parent answers 404, and "/" cannot be operated',
    core,
    async ({ api, repo }) => {
      await expect(await v21.dirOp(api, repo.id, '/no/child', { operation: 'mkdir' })).toBeSeahubError(
        404,
        'Folder /no not found.',
      )
      await expect(await v21.dirOp(api, repo.id, '/', { operation: 'mkdir' })).toBeSeahubError(
        400,
        'Can not operate root dir.',
      )
      await expect(await v21.dirOp(api, repo.id, '/x', { operation: 'move' })).toBeSeahubError(
        400,
        "operation can only be 'mkdir', 'rename' or 'revert'.",
      )
    },
  )

  test(
    'rename (JSON body) answers the renamed folder; a clash is renamed "x (1)"',
    core,
    async ({ api, repo }) => {
      await api.mkdir(repo.id, '/old')
      await api.mkdir(repo.id, '/taken')
      const res = await v21.dirOp(api, repo.id, '/old', { operation: 'rename', newname: 'taken' }, true)
      expect(res.status()).toBe(200)
      expect(await res.json()).toMatchObject({ type: 'dir', parent_dir: '/', obj_name: 'taken (1)' })
      expect(names((await api.listDir(repo.id, '/')).entries).sort()).toEqual(['taken', 'taken (1)'])
      await expect(
        await v21.dirOp(api, repo.id, '/gone', { operation: 'rename', newname: 'x' }),
      ).toBeSeahubError(404, 'Folder /gone not found.')
    },
  )

  test('delete answers success and the head read before; the folder is gone', core, async ({ api, repo }) => {
    await api.mkdir(repo.id, '/trash-me')
    const before = (await api.history(repo.id))[0]?.id
    const res = await v21.deleteDir(api, repo.id, '/trash-me')
    expect(res.status()).toBe(200)
    // DirView.delete reads the repo (and so its head) before del_file.
    expect(await res.json()).toEqual({ success: true, commit_id: before })
    await expect(await v21.listDir(api, repo.id, { p: '/trash-me' })).toBeSeahubError(404)
    await expect(await v21.deleteDir(api, repo.id, '/trash-me')).toBeSeahubError(404)
    await expect(await v21.deleteDir(api, repo.id, '/')).toBeSeahubError(400, 'Can not delete root path.')
  })

  test('revert puts a deleted folder back with its content', core, async ({ api, repo }) => {
    await api.mkdir(repo.id, '/keep')
    await api.uploadFile(repo.id, '/keep', 'inside.txt', new TextEncoder().encode('inside'))
    const before = (await api.history(repo.id))[0]?.id ?? ''
    await api.deleteDirRaw(repo.id, '/keep')
    const res = await v21.dirOp(api, repo.id, '/keep', { operation: 'revert', commit_id: before })
    expect(res.status()).toBe(200)
    expect(await res.json()).toEqual({ success: true })
    expect(Buffer.from(await api.downloadFile(repo.id, '/keep/inside.txt')).toString()).toBe('inside')
  })

  test('another user without a share gets 403 "Permission denied."', core, async ({ api2, repo }) => {
    await expect(await v21.listDir(api2, repo.id, { p: '/' })).toBeSeahubError(403, 'Permission denied.')
    await expect(await v21.dirOp(api2, repo.id, '/x', { operation: 'mkdir' })).toBeSeahubError(403)
  })
})
