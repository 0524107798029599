/**
 * Files over api/v2.1 (seahub/api2/endpoints/file.py::FileView): create, rename, move, copy (form or JSON,
 * as rclone sends them), info, lock (Pro), delete. Every mutation answers 200 with the file where it ended
 * up; a name clash is renamed `x (1).txt` and `obj_name` says so.
 */
import { createV21, type V21FileInfo, v21 } from '../client/v21.ts'
import { core, covers, expect, needs, test, uniqueName } from '../fixtures.ts'

const names = (entries: { name: string }[]) => entries.map((e) => e.name).sort()
const text = (s: string) => new TextEncoder().encode(s)

test.describe('v2.1 files', () => {
  test('create answers 200 with the file; a taken name becomes "x (1).txt"', core, async ({ api, repo }) => {
    const first = await createV21(api, repo.id, '/new.txt')
    // get_file_info: parent_dir is os.path.dirname, mtime ISO, size 0, the empty file id.
    expect(first).toMatchObject({
      type: 'file',
      repo_id: repo.id,
      parent_dir: '/',
      obj_name: 'new.txt',
      size: 0,
    })
    expect(first.obj_id).toBe('0000000000000000000000000000000000000000')
    expect((await createV21(api, repo.id, '/new.txt')).obj_name).toBe('new (1).txt')
    expect(names((await api.listDir(repo.id, '/')).entries)).toEqual(['new (1).txt', 'new.txt'])
  })

  test(
    'rename answers the renamed file; a clash is "x (1).txt"; the same name is 400',
    core,
    async ({ api, repo }) => {
      await api.uploadFile(repo.id, '/', 'a.txt', text('alpha'))
      await api.createFile(repo.id, '/b.txt')
      const res = await v21.fileOp(api, repo.id, '/a.txt', { operation: 'rename', newname: 'b.txt' })
      expect(res.status()).toBe(200)
      const info = (await res.json()) as V21FileInfo
      expect(info).toMatchObject({ obj_name: 'b (1).txt', parent_dir: '/', size: 5 })
      expect(names((await api.listDir(repo.id, '/')).entries)).toEqual(['b (1).txt', 'b.txt'])
      await expect(
        await v21.fileOp(api, repo.id, '/b.txt', { operation: 'rename', newname: 'b.txt' }),
      ).toBeSeahubError(400, 'The new name is the same to the old')
      await expect(
        await v21.fileOp(api, repo.id, '/missing.txt', { operation: 'rename', newname: 'x.txt' }),
      ).toBeSeahubError(404, 'File /missing.txt not found.')
    },
  )

  test('move (JSON body, as rclone) lands in the folder with the same bytes', core, async ({ api, repo }) => {
    await api.mkdir(repo.id, '/dst')
    const up = await api.uploadFile(repo.id, '/', 'm.txt', text('moving'))
    const res = await v21.fileOp(
      api,
      repo.id,
      '/m.txt',
      { operation: 'move', dst_repo: repo.id, dst_dir: '/dst' },
      true,
    )
    expect(res.status()).toBe(200)
    expect(await res.json()).toMatchObject({ parent_dir: '/dst', obj_name: 'm.txt', obj_id: up.id })
    expect(names((await api.listDir(repo.id, '/')).entries)).toEqual(['dst'])
    expect(Buffer.from(await api.downloadFile(repo.id, '/dst/m.txt')).toString()).toBe('moving')
  })

  test(
    'copy into the same folder makes "x (1).txt"; copy to another library keeps the name',
    core,
    async ({ api, repo }, testInfo) => {
      // In a sub-folder: seahub versions differ at the root (older ones compare os.path.dirname(p), `/`,
      // with dst_dir and answer the file itself there), never below it (`/sub` is not `/sub/`).
      await api.mkdir(repo.id, '/sub')
      const up = await api.uploadFile(repo.id, '/sub', 'c.txt', text('copied'))
      const same = await v21.fileOp(api, repo.id, '/sub/c.txt', {
        operation: 'copy',
        dst_repo: repo.id,
        dst_dir: '/sub',
      })
      expect(await same.json()).toMatchObject({ obj_name: 'c (1).txt', parent_dir: '/sub', obj_id: up.id })
      const other = await api.createRepo(uniqueName(testInfo, 'copy-dst'))
      try {
        const res = await v21.fileOp(
          api,
          repo.id,
          '/sub/c.txt',
          { operation: 'copy', dst_repo: other.repo_id, dst_dir: '/' },
          true,
        )
        expect(await res.json()).toMatchObject({
          repo_id: other.repo_id,
          parent_dir: '/',
          obj_name: 'c.txt',
          obj_id: up.id,
        })
        expect(Buffer.from(await api.downloadFile(other.repo_id, '/c.txt')).toString()).toBe('copied')
        expect(names((await api.listDir(repo.id, '/sub')).entries)).toEqual(['c (1).txt', 'c.txt'])
      } finally {
        await api.deleteRepo(other.repo_id)
      }
    },
  )

  test('move and copy check their arguments and destination', core, async ({ api, repo }) => {
    await api.createFile(repo.id, '/f.txt')
    const op = (fields: Record<string, string>) => v21.fileOp(api, repo.id, '/f.txt', fields)
    await expect(await op({ operation: 'move', dst_dir: '/' })).toBeSeahubError(400, 'dst_repo invalid.')
    await expect(await op({ operation: 'copy', dst_repo: repo.id })).toBeSeahubError(400, 'dst_dir invalid.')
    await expect(await op({ operation: 'copy', dst_repo: repo.id, dst_dir: '/nowhere' })).toBeSeahubError(
      404,
      // Newer seahub normalises dst_dir first (`/nowhere/`), older ones quote it as sent.
      /^Folder \/nowhere\/? not found\.$/,
    )
    await expect(await op({ operation: 'fly' })).toBeSeahubError(
      400,
      // seahub 11 (api2/endpoints/file.py:161) adds `convert` (SeaDoc conversion); older ones do not.
      /^operation can only be 'create', 'rename', 'move', 'copy'(, 'convert')? or 'revert'\.$/,
    )
    await expect(await v21.fileOp(api, repo.id, '', { operation: 'create' })).toBeSeahubError(
      400,
      'p invalid.',
    )
  })

  test('file info answers the file; a missing one 404 "File <p> not found."', core, async ({ api, repo }) => {
    const up = await api.uploadFile(repo.id, '/', 'i.txt', text('info'))
    const res = await v21.fileInfo(api, repo.id, '/i.txt')
    expect(await res.json()).toMatchObject({
      type: 'file',
      obj_name: 'i.txt',
      obj_id: up.id,
      size: 4,
      is_locked: false,
    })
    await expect(await v21.fileInfo(api, repo.id, '/none.txt')).toBeSeahubError(
      404,
      'File /none.txt not found.',
    )
  })

  test(
    'delete answers success and the head read before; deleting again still succeeds',
    core,
    async ({ api, repo }) => {
      await api.createFile(repo.id, '/d.txt')
      const before = (await api.history(repo.id))[0]?.id
      const res = await v21.deleteFile(api, repo.id, '/d.txt')
      expect(await res.json()).toEqual({ success: true, commit_id: before })
      expect(names((await api.listDir(repo.id, '/')).entries)).toEqual([])
      // FileView.delete: a file that is not there answers {"success": true} without a commit.
      const again = await v21.deleteFile(api, repo.id, '/d.txt')
      expect(again.status()).toBe(200)
      expect(await again.json()).toEqual({ success: true })
    },
  )

  test('revert puts the file of an older commit back', core, async ({ api, repo }) => {
    await api.uploadFile(repo.id, '/', 'r.txt', text('one'))
    const old = (await api.history(repo.id))[0]?.id ?? ''
    await api.uploadFile(repo.id, '/', 'r.txt', text('two, longer'), { replace: true })
    const res = await v21.fileOp(api, repo.id, '/r.txt', { operation: 'revert', commit_id: old })
    expect(res.status()).toBe(200)
    expect(await res.json()).toEqual({ success: true })
    expect(Buffer.from(await api.downloadFile(repo.id, '/r.txt')).toString()).toBe('one')
  })

  test('lock and unlock answer the file with is_locked (Pro)', {
    ...needs('@core', 'lock'),
    annotation: covers('PUT /api/v2.1/repos/{repo_id}/file/'),
  }, async ({ api, repo }) => {
    await api.createFile(repo.id, '/l.txt')
    const locked = await v21.lockOp(api, repo.id, '/l.txt', 'lock')
    expect(await locked.json()).toMatchObject({ obj_name: 'l.txt', is_locked: true })
    await expect(await v21.lockOp(api, repo.id, '/l.txt', 'lock')).toBeSeahubError(400, 'File is locked')
    expect(await (await v21.lockOp(api, repo.id, '/l.txt', 'unlock')).json()).toMatchObject({
      is_locked: false,
    })
    await expect(await v21.lockOp(api, repo.id, '/l.txt', 'unlock')).toBeSeahubError(
      400,
      'File is not locked.',
    )
  })

  test('Community Edition answers every lock request 403', core, async ({ api, repo, features }) => {
    test.skip(features.enabled.lock, `file locking is on (${features.why.lock})`)
    await api.createFile(repo.id, '/l.txt')
    await expect(await v21.lockOp(api, repo.id, '/l.txt', 'lock')).toBeSeahubError(
      403,
      'file lock feature only supported in professional edition.',
    )
  })
})
