import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { conforms } from '../testing/harness.ts'
import { readZip } from '../upload/testing/readZip.ts'
import {
  bytesOf,
  form,
  link,
  local,
  type UploadFixture,
  uploadFixture,
} from '../upload/testing/uploadClient.ts'

let f: UploadFixture
beforeEach(async () => {
  f = await uploadFixture()
  const url = await link(f, 'upload-link')
  const put = (relative: string, files: { name: string; data: string | Buffer }[]) =>
    f.server.request(local(url), {
      method: 'POST',
      body: form({ parent_dir: '/', relative_path: relative }, files),
    })
  await put('docs', [
    { name: 'a.txt', data: 'alpha' },
    { name: 'big.bin', data: bytesOf(9 << 20, 3) },
  ])
  await put('docs/sub', [{ name: 'b.txt', data: 'beta' }])
  await put('', [{ name: 'top.txt', data: 'top' }])
  // An empty folder: made by an upload into it, whose file is then replaced by nothing.
  await put('docs/empty/inner', [{ name: 'x', data: '' }])
})
afterEach(async () => {
  await f.server.close()
})

async function zipToken(query: string): Promise<Response> {
  return f.client.call('GET', `/api/v2.1/repos/${f.repoId}/zip-task/?${query}`)
}

async function fetchZip(token: string, prefix = '/seafhttp') {
  const res = await f.server.request(`${prefix}/zip/${token}`)
  return res
}

describe('zip download', () => {
  it('zips one folder under its name, streamed, with every file byte-identical', async () => {
    const task = await zipToken('parent_dir=/&dirents=docs')
    expect(task.status).toBe(200)
    const { zip_token: token } = (await task.json()) as { zip_token: string }
    const progress = await f.client.call('GET', `/api/v2.1/query-zip-progress/?token=${token}`)
    expect(await progress.json()).toEqual({ zipped: 4, total: 4, failed: 0, failed_reason: '', canceled: 0 })
    const res = await fetchZip(token)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/octet-stream')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment;filename="docs.zip";filename*=utf-8''docs.zip`,
    )
    const members = readZip(Buffer.from(await res.arrayBuffer()))
    const byName = Object.fromEntries(members.map((m) => [m.name, m.data]))
    expect(Object.keys(byName).sort()).toEqual([
      'docs/a.txt',
      'docs/big.bin',
      'docs/empty/inner/x',
      'docs/sub/b.txt',
    ])
    expect(byName['docs/a.txt']!.toString()).toBe('alpha')
    expect(byName['docs/big.bin']!.equals(bytesOf(9 << 20, 3))).toBe(true)
  })

  it('zips several entries of a folder as documents-export', async () => {
    const task = await zipToken('parent_dir=/&dirents=top.txt&dirents=docs')
    const { zip_token: token } = (await task.json()) as { zip_token: string }
    const res = await fetchZip(token, '')
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment;filename="documents-export-\d+-\d+-\d+\.zip";filename\*=utf8''/,
    )
    const names = readZip(Buffer.from(await res.arrayBuffer())).map((m) => m.name)
    expect(names).toContain('top.txt')
    expect(names).toContain('docs/sub/b.txt')
  })

  it('lets the token fetch the archive once', async () => {
    const { zip_token: token } = (await (await zipToken('parent_dir=/&dirents=docs')).json()) as {
      zip_token: string
    }
    await (await fetchZip(token)).arrayBuffer()
    const again = await fetchZip(token)
    expect([again.status, await again.text()]).toEqual([403, 'Access token not found\n'])
  })

  it('answers 304 to If-Modified-Since', async () => {
    const { zip_token: token } = (await (await zipToken('parent_dir=/&dirents=docs')).json()) as {
      zip_token: string
    }
    const res = await f.server.request(`/zip/${token}`, {
      headers: { 'If-Modified-Since': 'Mon, 1 Jan 2024 00:00:00 GMT' },
    })
    expect(res.status).toBe(304)
  })

  it.each([
    ['no parent_dir', 'dirents=docs', 400, 'parent_dir invalid.'],
    ['no dirents', 'parent_dir=/', 400, 'dirents invalid.'],
    ['a missing folder', 'parent_dir=/nope&dirents=docs', 404, 'Folder /nope not found.'],
    ['one entry that is a file', 'parent_dir=/&dirents=top.txt', 404, 'Folder /top.txt not found.'],
  ])('refuses a task with %s', async (_what, query, status, msg) => {
    const res = await zipToken(query)
    expect([res.status, await res.json()]).toEqual([status, { error_msg: msg }])
  })

  it('refuses the progress of an unknown token and a missing one', async () => {
    const unknown = await f.client.call('GET', '/api/v2.1/query-zip-progress/?token=nope')
    expect([unknown.status, await unknown.json()]).toEqual([404, { error_msg: 'progress not found.' }])
    const missing = await f.client.call('GET', '/api/v2.1/query-zip-progress/')
    expect([missing.status, await missing.json()]).toEqual([400, { error_msg: 'token invalid.' }])
  })

  it('refuses a zip token of another user library to a stranger', async () => {
    const { login } = await import('../testing/harness.ts')
    const other = await login(f.server, 'user2@example.com', 'user2')
    const res = await other.call('GET', `/api/v2.1/repos/${f.repoId}/zip-task/?parent_dir=/&dirents=docs`)
    expect([res.status, await res.json()]).toEqual([403, { error_msg: 'Permission denied.' }])
  })

  it('refuses a token of another operation and a bad URL', async () => {
    const upload = await link(f, 'upload-link')
    const token = new URL(upload).pathname.split('/').at(-1)!
    const res = await fetchZip(token)
    expect([res.status, await conforms(res, 'GET', `/seafhttp/zip/${token}`)]).toEqual([
      403,
      'Operation does not match access token\n',
    ])
    expect((await f.server.request('/zip/a/b')).status).toBe(400)
  })
})

describe('zip download over HTTP', () => {
  it('streams the archive over node:http', async () => {
    const listener = await f.server.listen(0, '127.0.0.1')
    try {
      const task = await fetch(
        `${listener.url}/api/v2.1/repos/${f.repoId}/zip-task/?parent_dir=/&dirents=docs`,
        {
          headers: { Authorization: `Token ${f.client.token}` },
        },
      )
      const { zip_token: token } = (await task.json()) as { zip_token: string }
      const res = await fetch(`${listener.url}/seafhttp/zip/${token}`)
      expect(res.status).toBe(200)
      const members = readZip(Buffer.from(await res.arrayBuffer()))
      const big = members.find((m) => m.name === 'docs/big.bin')
      expect(big?.data.equals(bytesOf(9 << 20, 3))).toBe(true)
    } finally {
      await listener.close()
    }
  })
})
