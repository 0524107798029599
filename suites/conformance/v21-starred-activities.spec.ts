/**
 * v2.1 starred items (starred_items.py, the same stars as api2 `starredfiles/`) and activities
 * (activities.py over seafevents; a server without events answers 404 `Events not enabled.` and the
 * activity tests are skipped with that reason).
 */
import type { APIResponse } from '@playwright/test'
import type { SeafileClient } from '../client/files.ts'
import { putText } from '../client/workflows.ts'
import { core, expect, test } from '../fixtures.ts'

interface StarredItem {
  repo_id: string
  path: string
  is_dir: boolean
  obj_name: string
}
interface Activity {
  op_type: string
  obj_type: string
  repo_id: string
  commit_id: string | null
  path: string
  old_path?: string
}

const starred = async (api: SeafileClient, repoId: string) => {
  const res = await api.request('GET', '/api/v2.1/starred-items/')
  expect(res.status()).toBe(200)
  const { starred_item_list } = (await res.json()) as { starred_item_list: StarredItem[] }
  return starred_item_list.filter((s) => s.repo_id === repoId)
}

/** activities.py: `Events not enabled.` (404) when seafevents is off. */
const eventsOff = async (res: APIResponse) =>
  res.status() === 404 && /Events not enabled/.test((await res.body()).toString())

test.describe('v2.1 starred items', () => {
  test(
    'a file, a folder and the library are starred, listed, and shared with api2',
    core,
    async ({ api, repo }) => {
      await api.mkdir(repo.id, '/stars')
      await putText(api, repo.id, '/stars/s.txt', 'star')
      await test.step('POST stars each and answers the item', async () => {
        for (const [path, isDir] of [
          ['/stars/s.txt', false],
          ['/stars', true],
          ['/', true],
        ] as const) {
          const res = await api.request('POST', '/api/v2.1/starred-items/', {
            form: { repo_id: repo.id, path },
          })
          expect(res.status()).toBe(200)
          expect(await res.json()).toMatchObject({ repo_id: repo.id, is_dir: isDir })
        }
      })
      await test.step('the list: library first, then folders, then files; folders end in /', async () => {
        const items = await starred(api, repo.id)
        expect(items.map((s) => [s.path, s.is_dir])).toEqual([
          ['/', true],
          ['/stars/', true],
          ['/stars/s.txt', false],
        ])
        expect(items[0]?.obj_name).toBe(repo.name)
      })
      await test.step('api2 starredfiles lists the starred file too', async () => {
        const res = await api.request('GET', '/api2/starredfiles/')
        expect(res.status()).toBe(200)
        const paths = ((await res.json()) as { repo_id?: string; path: string }[])
          .filter((s) => s.repo_id === repo.id)
          .map((s) => s.path)
        expect(paths).toContain('/stars/s.txt')
      })
      await test.step('DELETE unstars; unstarring again is 404', async () => {
        const params = { repo_id: repo.id, path: '/stars/s.txt' }
        const res = await api.request('DELETE', '/api/v2.1/starred-items/', { params })
        expect(res.status()).toBe(200)
        expect(await res.json()).toEqual({ success: true })
        await expect(await api.request('DELETE', '/api/v2.1/starred-items/', { params })).toBeSeahubError(
          404,
          'Item /stars/s.txt not found.',
        )
        expect((await starred(api, repo.id)).map((s) => s.path)).not.toContain('/stars/s.txt')
      })
    },
  )

  test('a star made through api2 is listed and removed through v2.1', core, async ({ api, repo }) => {
    await putText(api, repo.id, '/old-star.txt', 'old')
    const made = await api.request('POST', '/api2/starredfiles/', {
      form: { repo_id: repo.id, p: '/old-star.txt' },
    })
    expect(made.status()).toBe(201)
    expect((await starred(api, repo.id)).map((s) => s.path)).toEqual(['/old-star.txt'])
    const params = { repo_id: repo.id, path: '/old-star.txt' }
    expect((await api.request('DELETE', '/api/v2.1/starred-items/', { params })).status()).toBe(200)
    const res = await api.request('GET', '/api2/starredfiles/')
    expect(((await res.json()) as { repo_id?: string }[]).some((s) => s.repo_id === repo.id)).toBe(false)
  })

  test('starring refuses missing arguments, items and libraries', core, async ({ api, api2, repo }) => {
    const post = (client: SeafileClient, form: Record<string, string>) =>
      client.request('POST', '/api/v2.1/starred-items/', { form })
    await expect(await post(api, { path: '/' })).toBeSeahubError(400, 'repo_id invalid.')
    await expect(await post(api, { repo_id: repo.id })).toBeSeahubError(400, 'path invalid.')
    await expect(await post(api, { repo_id: repo.id, path: '/gone.txt' })).toBeSeahubError(
      404,
      'Item /gone.txt not found.',
    )
    await expect(await post(api2, { repo_id: repo.id, path: '/' })).toBeSeahubError(403, 'Permission denied.')
  })
})

test.describe('v2.1 activities', () => {
  test('creating a folder and a file shows up as activities, newest first', core, async ({ api, repo }) => {
    const probe = await api.request('GET', '/api/v2.1/activities/', { params: { per_page: 1 } })
    test.skip(await eventsOff(probe), 'the server has no events (activities.py: "Events not enabled.")')
    expect(probe.status()).toBe(200)
    await api.mkdir(repo.id, '/act')
    await putText(api, repo.id, '/act/a.txt', 'activity')
    const mine = async () => {
      const res = await api.request('GET', '/api/v2.1/activities/', { params: { per_page: 100 } })
      expect(res.status()).toBe(200)
      const { events } = (await res.json()) as { events: Activity[] }
      return events.filter((e) => e.repo_id === repo.id).map((e) => `${e.op_type} ${e.obj_type} ${e.path}`)
    }
    // seafevents records commits from a queue: wait for them (a liveness bound, not a speed test).
    await expect
      .poll(mine, { timeout: 90_000, intervals: [500, 1000, 2000] })
      .toContain('create file /act/a.txt')
    const events = await mine()
    expect(events).toContain('create dir /act')
    expect(events.indexOf('create file /act/a.txt')).toBeLessThan(events.indexOf('create dir /act'))
  })

  test('an edit, a rename, a move and a delete are activities of their kind', core, async ({ api, repo }) => {
    const probe = await api.request('GET', '/api/v2.1/activities/', { params: { per_page: 1 } })
    test.skip(await eventsOff(probe), 'the server has no events (activities.py: "Events not enabled.")')
    const noFollow = { maxRedirects: 0 }
    await api.mkdir(repo.id, '/sub')
    await putText(api, repo.id, '/e.txt', 'one')
    await putText(api, repo.id, '/e.txt', 'two, longer')
    expect(
      (await api.fileOp(repo.id, '/e.txt', { operation: 'rename', newname: 'r.txt' }, noFollow)).status(),
    ).toBe(301)
    const moved = await api.fileOp(
      repo.id,
      '/r.txt',
      { operation: 'move', dst_repo: repo.id, dst_dir: '/sub' },
      noFollow,
    )
    expect(moved.status()).toBe(301)
    expect((await api.deleteFileRaw(repo.id, '/sub/r.txt')).status()).toBe(200)
    const kinds = async () => {
      const res = await api.request('GET', '/api/v2.1/activities/', { params: { per_page: 100 } })
      expect(res.status()).toBe(200)
      const { events } = (await res.json()) as { events: Activity[] }
      return events
        .filter((e) => e.repo_id === repo.id && e.obj_type === 'file')
        .map((e) => `${e.op_type} ${e.old_path ?? ''}→${e.path}`)
    }
    await expect
      .poll(kinds, { timeout: 90_000, intervals: [500, 1000, 2000] })
      .toContain('delete →/sub/r.txt')
    expect(await kinds()).toEqual(
      expect.arrayContaining([
        'edit →/e.txt',
        'rename /e.txt→/r.txt',
        'move /r.txt→/sub/r.txt',
        'create →/e.txt',
      ]),
    )
  })

  test('activities are paged by page and per_page', core, async ({ api, repo }) => {
    const get = async (params: Record<string, number>) => {
      const res = await api.request('GET', '/api/v2.1/activities/', { params })
      expect(res.status()).toBe(200)
      return ((await res.json()) as { events: Activity[] }).events
    }
    const probe = await api.request('GET', '/api/v2.1/activities/', { params: { per_page: 1 } })
    test.skip(await eventsOff(probe), 'the server has no events (activities.py: "Events not enabled.")')
    for (const dir of ['/p1', '/p2', '/p3']) await api.mkdir(repo.id, dir)
    const mine = async () => (await get({ per_page: 100 })).filter((e) => e.repo_id === repo.id).length
    await expect.poll(mine, { timeout: 90_000, intervals: [500, 1000, 2000] }).toBeGreaterThanOrEqual(3)
    expect(await get({ page: 1, per_page: 2 })).toHaveLength(2)
    // Other tests of this user may add activities between two calls and shift the pages by one; a page
    // read twice the same around page 2 is a quiet moment, and then page 2 starts after page 1.
    const key = (e?: Activity) => (e ? `${e.op_type} ${e.commit_id} ${e.path}` : '')
    await expect
      .poll(
        async () => {
          const before = (await get({ page: 1, per_page: 1 }))[0]
          const second = (await get({ page: 2, per_page: 1 }))[0]
          const after = (await get({ page: 1, per_page: 1 }))[0]
          return key(before) === key(after) ? key(second) !== key(before) && second !== undefined : 'moving'
        },
        { timeout: 60_000, intervals: [500, 1000, 2000] },
      )
      .toBe(true)
  })
})
