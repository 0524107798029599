/**
 * Directory workflow in a fresh library: mkdir (and its clash renaming), listing (order, `oid`,
 * `"uptodate"`, `t=f|d`), rename and delete (seafile-server-semantics.md §7, §8; tests/api/test_dir.py).
 */
import { core, expect, strict, test } from '../fixtures.ts'

const names = (entries: { name: string }[]) => entries.map((e) => e.name)

test.describe('directories', () => {
  test('mkdir answers 201 "success" and the directory is listed', core, async ({ api, repo }) => {
    const res = await api.dirOp(repo.id, '/docs', { operation: 'mkdir' })
    await expect(res).toBeJsonString(201, 'success')
    // views.py::DirView.post: Location …/dir/?p=<quote(parent + '/' + name)>, `//docs` for the root.
    expect(res.headers()['location']).toMatch(/[?&]p=(%2F|\/)+docs$/)
    const { entries } = await api.listDir(repo.id, '/')
    expect(entries).toEqual([
      expect.objectContaining({ type: 'dir', name: 'docs', id: expect.stringMatching(/^[0-9a-f]{40}$/) }),
    ])
  })

  test('mkdir of an existing directory name creates "name (1)"', core, async ({ api, repo }) => {
    expect(await api.mkdir(repo.id, '/docs')).toBe('/docs')
    // check_filename_with_rename: a duplicate is renamed, not refused.
    expect(await api.mkdir(repo.id, '/docs')).toBe('/docs (1)')
    expect(names((await api.listDir(repo.id, '/')).entries).sort()).toEqual(['docs', 'docs (1)'])
  })

  test('mkdir under a missing parent directory answers 404', core, async ({ api, repo }) => {
    // tests/api/test_dir.py::test_create_with_nonexistent_parent
    await expect(await api.dirOp(repo.id, '/missing/child', { operation: 'mkdir' })).toBeSeahubError(404)
  })

  test(
    'directory listing puts directories first, sorted by name, with oid and dir_perm headers',
    core,
    async ({ api, repo }) => {
      await api.createFile(repo.id, '/b.txt')
      await api.createFile(repo.id, '/A.txt')
      await api.mkdir(repo.id, '/zeta')
      await api.mkdir(repo.id, '/Alpha')
      const res = await api.listDirRaw(repo.id, '/')
      expect(res.status()).toBe(200)
      expect(res.headers()['oid']).toMatch(/^[0-9a-f]{40}$/)
      expect(res.headers()['dir_perm']).toBe('rw')
      const entries = (await res.json()) as { type: string; name: string; size?: number }[]
      expect(entries.map((e) => `${e.type}:${e.name}`)).toEqual([
        'dir:Alpha',
        'dir:zeta',
        'file:A.txt',
        'file:b.txt',
      ])
      expect(entries.find((e) => e.name === 'b.txt')?.size).toBe(0)
    },
  )

  test(
    'directory listing with the current oid answers "uptodate", and a change makes it stale',
    core,
    async ({ api, repo }) => {
      await api.mkdir(repo.id, '/a')
      const first = await api.listDir(repo.id, '/')
      expect(first.oid).toMatch(/^[0-9a-f]{40}$/)
      const again = await api.listDirRaw(repo.id, '/', { oid: first.oid! })
      await expect(again).toBeJsonString(200, 'uptodate')
      expect(again.headers()['oid']).toBe(first.oid)
      await api.mkdir(repo.id, '/b')
      const after = await api.listDir(repo.id, '/', { oid: first.oid! })
      expect(after.uptodate).toBe(false)
      expect(after.oid).not.toBe(first.oid)
      expect(names(after.entries)).toEqual(['a', 'b'])
    },
  )

  test('directory listing filters files with t=f and directories with t=d', core, async ({ api, repo }) => {
    await api.mkdir(repo.id, '/sub')
    await api.createFile(repo.id, '/file.txt')
    expect(names((await api.listDir(repo.id, '/', { t: 'f' })).entries)).toEqual(['file.txt'])
    expect(names((await api.listDir(repo.id, '/', { t: 'd' })).entries)).toEqual(['sub'])
    expect((await api.listDir(repo.id, '/')).entries).toHaveLength(2)
  })

  test('directory listing refuses t other than f or d with 400', core, async ({ api, repo }) => {
    await expect(await api.listDirRaw(repo.id, '/', { t: 'x' })).toBeSeahubError(400)
  })

  test('listing a missing directory answers 404', core, async ({ api, repo }) => {
    await expect(await api.listDirRaw(repo.id, '/nope')).toBeSeahubError(404)
  })

  test(
    'directory rename answers 200 "success" and only the new name is listed',
    core,
    async ({ api, repo }) => {
      await api.mkdir(repo.id, '/old')
      await api.createFile(repo.id, '/old/inside.txt')
      await expect(await api.dirOp(repo.id, '/old', { operation: 'rename', newname: 'new' })).toBeJsonString(
        200,
        'success',
      )
      expect(names((await api.listDir(repo.id, '/')).entries)).toEqual(['new'])
      expect(names((await api.listDir(repo.id, '/new')).entries)).toEqual(['inside.txt'])
    },
  )

  test('directory delete answers 200 "success", then listing it answers 404', core, async ({ api, repo }) => {
    await api.mkdir(repo.id, '/gone')
    await expect(await api.deleteDirRaw(repo.id, '/gone')).toBeJsonString(200, 'success')
    // tests/api/test_files.py::test_remove_dir
    await expect(await api.listDirRaw(repo.id, '/gone')).toBeSeahubError(404)
    expect((await api.listDir(repo.id, '/')).entries).toEqual([])
  })

  test('deleting a missing directory answers 404', core, async ({ api, repo }) => {
    await expect(await api.deleteDirRaw(repo.id, '/never')).toBeSeahubError(404)
  })

  test('mkdir at the root answers a Location with a single leading slash', strict, async ({ api, repo }) => {
    const res = await api.dirOp(repo.id, '/docs', { operation: 'mkdir' })
    expect(res.status()).toBe(201)
    // The real server joins the root '/' and '/docs' into `//docs`.
    expect(new URL(res.headers()['location']!, 'http://x').searchParams.get('p')).toBe('/docs')
  })

  test('recursive directory listing gives every entry with its parent_dir', core, async ({ api, repo }) => {
    await api.mkdir(repo.id, '/1')
    await api.mkdir(repo.id, '/1/2')
    await api.createFile(repo.id, '/1/2/f.txt')
    // views.py::get_dir_file_recursively: top-level entries carry the normalised `p`, deeper ones
    // posixpath.join without a trailing slash (tests/api/test_dir.py).
    const paths = (entries: { parent_dir?: string; name: string }[]) =>
      entries.map((e) => `${e.parent_dir}|${e.name}`).sort()
    const all = await api.listDir(repo.id, '/', { recursive: '1' })
    expect(paths(all.entries)).toEqual(['/1/2|f.txt', '/1|2', '/|1'])
    const dirs = await api.listDir(repo.id, '/', { recursive: '1', t: 'd' })
    expect(paths(dirs.entries)).toEqual(['/1|2', '/|1'])
  })
})
