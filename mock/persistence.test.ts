import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { login, putFile, startServer } from './testing/harness.ts'

async function download(server: Awaited<ReturnType<typeof startServer>>, token: string, url: string) {
  const res = await server.request(url, { headers: { Authorization: `Token ${token}` } })
  const link = (await res.json()) as string
  return (await server.fetch(new Request(link))).text()
}

describe('persistence under --data-dir', () => {
  test('a restart keeps accounts, tokens, libraries, folders, files, history and trash', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mock-data-'))
    const first = await startServer({ dataDir })
    const client = await login(first)
    const { repo_id } = await client.json<{ repo_id: string }>('POST', '/api2/repos/', {
      form: { name: 'kept' },
    })
    const base = `/api2/repos/${repo_id}`
    await client.call('POST', `${base}/dir/?p=/docs`, { form: { operation: 'mkdir' } })
    await putFile(first, repo_id, '/docs/a.txt', 'hello world\n')
    await putFile(first, repo_id, '/gone.txt', 'bye')
    await client.call('DELETE', `${base}/file/?p=/gone.txt`)
    const admin = await login(first, 'admin@example.com', 'admin')
    expect(
      (await admin.call('PUT', '/api2/accounts/new@example.com/', { form: { password: 'x' } })).status,
    ).toBe(201)
    const before = await client.json('GET', `${base}/history/`)
    await first.close()

    const second = await startServer({ dataDir })
    expect(await download(second, client.token, `${base}/file/?p=/docs/a.txt`)).toBe('hello world\n')
    const again = await login(second)
    expect(again.token).toBe(client.token)
    expect(await again.json('GET', `${base}/history/`)).toEqual(before)
    const trash = (await again.json('GET', `/api/v2.1/repos/${repo_id}/trash/`)) as {
      data: { obj_name: string }[]
    }
    expect(trash.data.map((d) => d.obj_name)).toEqual(['gone.txt'])
    expect(
      (
        await second.request('/api2/auth-token/', {
          method: 'POST',
          body: new URLSearchParams({ username: 'new@example.com', password: 'x' }),
        })
      ).status,
    ).toBe(200)
    await second.close()
  })

  test('a second process on the same data dir sees every acknowledged change without a clean close', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mock-crash-'))
    const first = await startServer({ dataDir })
    const client = await login(first)
    const { repo_id } = await client.json<{ repo_id: string }>('POST', '/api2/repos/', {
      form: { name: 'crash' },
    })
    const bytes = Buffer.alloc(8 * 1024 * 1024 + 1, 7)
    await putFile(first, repo_id, '/big.bin', bytes)
    // No close(): as if the process were killed right after answering.
    const second = await startServer({ dataDir })
    const res = await second.request(`/api2/repos/${repo_id}/file/?p=/big.bin`, {
      headers: { Authorization: `Token ${client.token}` },
    })
    const link = (await res.json()) as string
    const body = Buffer.from(await (await second.fetch(new Request(link))).arrayBuffer())
    expect(body.equals(bytes)).toBe(true)
    await second.close()
    await first.close()
  })
})

describe('listen', () => {
  test('serves the same core over loopback HTTP', async () => {
    const server = await startServer()
    const { url, close } = await server.listen(0, '127.0.0.1')
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const res = await fetch(`${url}/api2/ping/`)
      expect(await res.text()).toBe('"pong"')
    } finally {
      await close()
      await server.close()
    }
  })
})
