/**
 * Downloads through the links seahub hands out: whole file and Range requests compared with the uploaded
 * bytes, ETag = file id, one-time and reusable tokens (seafile-server-semantics.md §6).
 */
import { fileId } from '../client/fileId.ts'
import { toleratedAtCore } from '../client/level.ts'
import { core, expect, test } from '../fixtures.ts'
import { bytes, download, uploadJson } from './transfer.ts'

const SIZE = 100_000

test.describe('@uploads @download', () => {
  const setup = async (api: Parameters<typeof uploadJson>[0], repoId: string) => {
    const content = bytes(SIZE)
    await uploadJson(api, repoId, '/', [{ name: 'd.bin', content }])
    return content
  }

  test('whole file: 200, the bytes, Content-Length and ETag = file id', core, async ({ api, repo }) => {
    const content = await setup(api, repo.id)
    const res = await download(api, repo.id, '/d.bin')
    expect(res.status()).toBe(200)
    expect(res.headers()['content-length']).toBe(String(SIZE))
    // ETag = file id: the newer Go file server; 10.0 (C and Go) sends none.
    if (!toleratedAtCore(res.headers().etag === undefined, 'download-etag'))
      expect(res.headers().etag?.replaceAll('"', '')).toBe(fileId(content))
    expect(Buffer.compare(await res.body(), content)).toBe(0)
  })

  for (const [label, range, from, to] of [
    ['first bytes', 'bytes=0-99', 0, 99],
    ['middle', 'bytes=5000-60000', 5000, 60000],
    ['open end', 'bytes=99000-', 99000, SIZE - 1],
    ['suffix', 'bytes=-1000', SIZE - 1000, SIZE - 1],
    ['end clipped to the size', 'bytes=99990-200000', 99990, SIZE - 1],
  ] as const) {
    test(`Range ${label} (${range}): 206 with Content-Range and the slice`, core, async ({ api, repo }) => {
      const content = await setup(api, repo.id)
      const res = await download(api, repo.id, '/d.bin', { Range: range })
      // fileop.go::doFileRange
      expect(res.status()).toBe(206)
      expect(res.headers()['content-range']).toBe(`bytes ${from}-${to}/${SIZE}`)
      expect(Buffer.compare(await res.body(), content.subarray(from, to + 1))).toBe(0)
    })
  }

  test('Range past the end: 416 with Content-Range bytes */size', core, async ({ api, repo }) => {
    await setup(api, repo.id)
    const res = await download(api, repo.id, '/d.bin', { Range: `bytes=${SIZE + 10}-` })
    expect(res.status()).toBe(416)
    expect(res.headers()['content-range']).toBe(`bytes */${SIZE}`)
  })

  test('a one-time link answers 403 on the second GET', core, async ({ api, repo }) => {
    await setup(api, repo.id)
    const link = (await (
      await api.request('GET', `/api2/repos/${repo.id}/file/`, { params: { p: '/d.bin' } })
    ).json()) as string
    expect((await api.request('GET', link, { anonymous: true })).status()).toBe(200)
    expect((await api.request('GET', link, { anonymous: true })).status()).toBe(403)
  })

  test('a reuse=1 link serves the same bytes twice', core, async ({ api, repo }) => {
    const content = await setup(api, repo.id)
    const res = await api.request('GET', `/api2/repos/${repo.id}/file/`, {
      params: { p: '/d.bin', reuse: 1 },
    })
    const link = (await res.json()) as string
    for (let i = 0; i < 2; i++) {
      const got = await api.request('GET', link, { anonymous: true })
      expect(got.status()).toBe(200)
      expect(Buffer.compare(await got.body(), content)).toBe(0)
    }
  })
})
