/**
 * File workflow in a fresh library: create, rename (301, seen with redirects off), move, copy with clash
 * renaming, delete, and the history those leave (seafile-server-semantics.md §8, §9; tests/api/test_files.py).
 */
import { EMPTY_ID } from '../client/fileId.ts'
import { locationPath } from '../client/files.ts'
import { core, covers, expect, needs, strict, test } from '../fixtures.ts'

const names = (entries: { name: string }[]) => entries.map((e) => e.name)
/** No redirects: Python requests turns the 301 into a GET of the Location, which hides it. */
const noFollow = { maxRedirects: 0 }

test.describe('files', () => {
  test('file create answers 201 "success" and lists an empty file', core, async ({ api, repo }) => {
    const res = await api.fileOp(repo.id, '/a.txt', { operation: 'create' })
    await expect(res).toBeJsonString(201, 'success')
    expect(res.headers()['location']).toBeTruthy()
    const { entries } = await api.listDir(repo.id, '/')
    // A zero-byte file has no blocks and the empty id (fsmgr.EmptySha1).
    expect(entries).toEqual([expect.objectContaining({ type: 'file', name: 'a.txt', size: 0, id: EMPTY_ID })])
  })

  test('file create of an existing name creates "name (1).ext"', core, async ({ api, repo }) => {
    await api.createFile(repo.id, '/a.txt')
    await expect(await api.fileOp(repo.id, '/a.txt', { operation: 'create' })).toBeJsonString(201, 'success')
    expect(names((await api.listDir(repo.id, '/')).entries)).toEqual(['a (1).txt', 'a.txt'])
  })

  test(
    'file rename answers 301 "success" with a Location naming the new file',
    core,
    async ({ api, repo }) => {
      await api.createFile(repo.id, '/old.txt')
      const res = await api.fileOp(repo.id, '/old.txt', { operation: 'rename', newname: 'new.txt' }, noFollow)
      await expect(res).toBeJsonString(301, 'success')
      // FileView.post rename: Location …?p=<quote(parent)>/<quote(newname)>, `//new.txt` at the root.
      expect(locationPath(res)?.replace(/^\/+/, '/')).toBe('/new.txt')
      expect(names((await api.listDir(repo.id, '/')).entries)).toEqual(['new.txt'])
    },
  )

  test('file rename to the same name answers 409', core, async ({ api, repo }) => {
    await api.createFile(repo.id, '/same.txt')
    const res = await api.fileOp(repo.id, '/same.txt', { operation: 'rename', newname: 'same.txt' }, noFollow)
    await expect(res).toBeSeahubError(409, 'The new name is the same to the old')
  })

  test('file rename onto an existing name renames to "name (1).ext"', core, async ({ api, repo }) => {
    await api.createFile(repo.id, '/a.txt')
    await api.createFile(repo.id, '/b.txt')
    const res = await api.fileOp(repo.id, '/a.txt', { operation: 'rename', newname: 'b.txt' }, noFollow)
    expect(res.status()).toBe(301)
    expect(names((await api.listDir(repo.id, '/')).entries)).toEqual(['b (1).txt', 'b.txt'])
  })

  test(
    'file move answers 301 with the destination, and the file leaves its directory',
    core,
    async ({ api, repo }) => {
      await api.mkdir(repo.id, '/dst')
      await api.createFile(repo.id, '/m.txt')
      const res = await api.fileOp(
        repo.id,
        '/m.txt',
        { operation: 'move', dst_repo: repo.id, dst_dir: '/dst' },
        noFollow,
      )
      expect(res.status()).toBe(301)
      expect(await res.json()).toEqual({ repo_id: repo.id, parent_dir: '/dst/', obj_name: 'm.txt' })
      expect(names((await api.listDir(repo.id, '/')).entries)).toEqual(['dst'])
      expect(names((await api.listDir(repo.id, '/dst')).entries)).toEqual(['m.txt'])
    },
  )

  test(
    'file copy onto the same name answers 200 with "name (1).ext", then "(2)"',
    core,
    async ({ api, repo }) => {
      await api.createFile(repo.id, '/tmp_file.txt')
      const copy = () =>
        api.fileOp(repo.id, '/tmp_file.txt', { operation: 'copy', dst_repo: repo.id, dst_dir: '/' })
      const first = await copy()
      expect(first.status()).toBe(200)
      expect(await first.json()).toMatchObject({ repo_id: repo.id, obj_name: 'tmp_file (1).txt' })
      expect(await (await copy()).json()).toMatchObject({ obj_name: 'tmp_file (2).txt' })
      expect(names((await api.listDir(repo.id, '/')).entries)).toEqual([
        'tmp_file (1).txt',
        'tmp_file (2).txt',
        'tmp_file.txt',
      ])
    },
  )

  test('file operation other than rename, create, move or copy answers 400', core, async ({ api, repo }) => {
    await expect(await api.fileOp(repo.id, '/x.txt', { operation: 'explode' })).toBeSeahubError(400)
  })

  test('file delete answers 200 "success" and the file is gone', core, async ({ api, repo }) => {
    await api.createFile(repo.id, '/d.txt')
    await expect(await api.deleteFileRaw(repo.id, '/d.txt')).toBeJsonString(200, 'success')
    expect((await api.listDir(repo.id, '/')).entries).toEqual([])
    await expect(await api.downloadLinkRaw(repo.id, '/d.txt')).toBeSeahubError(404)
  })

  test(
    'file history grows with each change, newest first, with the right descriptions',
    core,
    async ({ api, repo }) => {
      const before = (await api.history(repo.id)).length
      await api.createFile(repo.id, '/h.txt')
      await api.fileOp(repo.id, '/h.txt', { operation: 'rename', newname: 'h2.txt' }, noFollow)
      await api.deleteFileRaw(repo.id, '/h2.txt')
      const commits = await api.history(repo.id)
      expect(commits).toHaveLength(before + 3)
      // repo-op.c commit descriptions.
      expect(commits.slice(0, 3).map((c) => c.desc)).toEqual([
        expect.stringMatching(/^Deleted "h2\.txt"/),
        expect.stringMatching(/^Renamed "h2?\.txt"/),
        expect.stringMatching(/^Added "h\.txt"/),
      ])
    },
  )

  test('file create in a sub-directory answers a Location naming the file', strict, async ({ api, repo }) => {
    await api.mkdir(repo.id, '/d')
    const res = await api.fileOp(repo.id, '/d/a.txt', { operation: 'create' })
    expect(res.status()).toBe(201)
    // Seahub writes quote(parent) + quote(name) without the slash between them (`?p=/da.txt`).
    expect(locationPath(res)).toBe('/d/a.txt')
  })

  test('file delete of a missing file answers 404', strict, async ({ api, repo }) => {
    // The real server answers 200 "success": seaf_repo_manager_del_file is a no-op for a missing name.
    await expect(await api.deleteFileRaw(repo.id, '/never.txt')).toBeSeahubError(404)
  })

  test('file lock and unlock answer "success", a second lock 403 (Pro)', {
    ...needs('@core', 'lock'),
    annotation: covers('PUT /api2/repos/{repo_id}/file/'),
  }, async ({ api, repo }) => {
    await api.createFile(repo.id, '/l.txt')
    // PUT file/ reads `p` and `operation` from the form body; Community Edition has no locking at all.
    const lock = () =>
      api.request('PUT', `/api2/repos/${repo.id}/file/`, { form: { p: '/l.txt', operation: 'lock' } })
    const unlock = () =>
      api.request('PUT', `/api2/repos/${repo.id}/file/`, { form: { p: '/l.txt', operation: 'unlock' } })
    await expect(await lock()).toBeJsonString(200, 'success')
    await expect(await lock()).toBeSeahubError(403, 'File is already locked')
    await expect(await unlock()).toBeJsonString(200, 'success')
    await expect(await unlock()).toBeSeahubError(403, 'File is not locked')
  })
})
