import { PNG } from 'pngjs'
import { describe, expect, test } from 'vitest'
import { login, putFile, withRepo } from '../testing/harness.ts'

describe('starred files, search, events, avatars, thumbnails', () => {
  test('stars a file (201 + Location), lists it, shows starred in the dir listing, unstars it', async () => {
    const { client, base, server, repoId } = await withRepo()
    await putFile(server, repoId, '/a.txt', 'hello world\n')
    const star = await client.call('POST', '/api2/starredfiles/', { form: { repo_id: repoId, p: '/a.txt' } })
    expect([star.status, await star.text()]).toEqual([201, '"success"'])
    expect(star.headers.get('location')).toBe('http://localhost/api2/starredfiles/')
    const list = (await client.json('GET', '/api2/starredfiles/')) as {
      path: string
      size: number
      dir: boolean
    }[]
    expect(list).toEqual([expect.objectContaining({ path: '/a.txt', size: 12, dir: false, repo: repoId })])
    const dir = (await client.json('GET', `${base}/dir/`)) as { starred: boolean }[]
    expect(dir[0]!.starred).toBe(true)
    const missing = await client.call('POST', '/api2/starredfiles/', {
      form: { repo_id: repoId, p: '/nope' },
    })
    expect([missing.status, await missing.json()]).toEqual([404, { error_msg: 'File not found' }])
    const noArgs = await client.call('POST', '/api2/starredfiles/', { form: {} })
    expect([noArgs.status, await noArgs.json()]).toEqual([
      400,
      { error_msg: 'Library ID or path is missing.' },
    ])
    const un = await client.call('DELETE', `/api2/starredfiles/?repo_id=${repoId}&p=/a.txt`)
    expect(await un.text()).toBe('"success"')
    expect(await client.json('GET', '/api2/starredfiles/')).toEqual([])
  })

  test('searches names across readable libraries, with paging; q is required', async () => {
    const { client, server, repoId } = await withRepo()
    await putFile(server, repoId, '/Report-2024.txt', 'r')
    await putFile(server, repoId, '/notes.md', 'n')
    const other = await login(server, 'user2@example.com', 'user2')
    const { repo_id: hidden } = await other.json<{ repo_id: string }>('POST', '/api2/repos/', {
      form: { name: 'h' },
    })
    await putFile(server, hidden, '/report-secret.txt', 's', 'user2@example.com')
    const found = (await client.json('GET', '/api2/search/?q=report')) as {
      total: number
      results: { fullpath: string }[]
    }
    expect(found.total).toBe(1)
    expect(found.results[0]!.fullpath).toBe('/Report-2024.txt')
    const missing = await client.call('GET', '/api2/search/')
    expect([missing.status, await missing.json()]).toEqual([400, { error_msg: 'q invalid.' }])
  })

  test('events list the commits of readable libraries, newest first', async () => {
    const { client, server, repoId } = await withRepo()
    await putFile(server, repoId, '/a.txt', 'a')
    const { events, more } = (await client.json('GET', '/api2/events/')) as {
      events: { desc: string; etype: string }[]
      more: boolean
    }
    expect(more).toBe(false)
    expect(events.map((e) => e.desc)).toEqual(['Added "a.txt"', 'Created library'])
    expect(events[1]!.etype).toBe('repo-create')
  })

  test('avatars point at a real PNG of the requested size', async () => {
    const { client, server } = await withRepo()
    const avatar = (await client.json('GET', '/api2/avatars/user/user@example.com/resized/64/')) as {
      url: string
    }
    expect(avatar).toMatchObject({ is_default: true, mtime: 0 })
    const res = await server.fetch(new Request(avatar.url))
    expect(res.headers.get('content-type')).toBe('image/png')
    const image = PNG.sync.read(Buffer.from(await res.arrayBuffer()))
    expect([image.width, image.height]).toEqual([64, 64])
    const group = (await client.json('GET', '/api2/avatars/group/1/resized/32/')) as { url: string }
    expect(
      PNG.sync.read(Buffer.from(await (await server.fetch(new Request(group.url))).arrayBuffer())).width,
    ).toBe(32)
  })

  test('thumbnails scale a PNG to the requested longer side; a non-image fails; size is required', async () => {
    const { client, base, server, repoId } = await withRepo()
    const source = new PNG({ width: 200, height: 100 })
    source.data.fill(200)
    await putFile(server, repoId, '/pic.png', PNG.sync.write(source))
    await putFile(server, repoId, '/text.txt', 'not an image')
    const res = await client.call('GET', `${base}/thumbnail/?p=/pic.png&size=50`)
    expect(res.headers.get('content-type')).toBe('image/png')
    const thumb = PNG.sync.read(Buffer.from(await res.arrayBuffer()))
    expect([thumb.width, thumb.height]).toEqual([50, 25])
    const noSize = await client.call('GET', `${base}/thumbnail/?p=/pic.png`)
    expect([noSize.status, await noSize.json()]).toEqual([400, { error_msg: 'Size is missing.' }])
    const text = await client.call('GET', `${base}/thumbnail/?p=/text.txt&size=50`)
    expect([text.status, await text.json()]).toEqual([500, { error_msg: 'Failed to get thumbnail.' }])
  })
})
