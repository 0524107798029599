import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conforms } from '../testing/harness.ts'
import { chunkRequest, httpPost } from '../upload/testing/chunks.ts'
import {
  bytesOf,
  fileIdOf,
  link,
  local,
  type UploadFixture,
  uploadFixture,
} from '../upload/testing/uploadClient.ts'

const MiB = 1 << 20
const SIZE = 8 * MiB + 4321
const data = bytesOf(SIZE, 42)
let f: UploadFixture
let base: string
let close: () => Promise<void>

beforeAll(async () => {
  f = await uploadFixture()
  const listener = await f.server.listen(0, '127.0.0.1')
  base = listener.url
  close = listener.close
  // Uploaded over HTTP in odd-sized resumable chunks, so the download checks what the upload stored.
  const url = (await link(f, 'upload-link')).replace('http://localhost', base)
  for (let start = 0; start < SIZE; start += 3 * MiB + 7) {
    const chunk = chunkRequest({ start, size: 3 * MiB + 7, data, name: 'r.bin' })
    await httpPost(url, chunk.body, chunk.headers)
  }
})
afterAll(async () => {
  await close()
  await f.server.close()
})

/** A reusable download URL of /r.bin, for this process or over HTTP. */
async function downloadUrl(): Promise<string> {
  const res = await f.client.call('GET', `/api2/repos/${f.repoId}/file/?p=/r.bin&reuse=1`)
  expect(res.headers.get('oid')).toBe(fileIdOf(data))
  return (await res.json()) as string
}

describe('downloads of uploaded content', () => {
  it('serves the whole file byte-identical, with the file id the client computes as ETag', async () => {
    const url = await downloadUrl()
    const res = await f.server.request(local(url))
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toBe(fileIdOf(data))
    expect(res.headers.get('accept-ranges')).toBeNull()
    expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true)
  })

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=8388600-8388620', 8388600, 8388620],
    [`bytes=${SIZE - 10}-`, SIZE - 10, SIZE - 1],
    ['bytes=-100', SIZE - 100, SIZE - 1],
    [`bytes=100-${SIZE + 50}`, 100, SIZE - 1],
  ])('answers %s with 206 and the bytes, across block boundaries', async (range, start, end) => {
    const url = await downloadUrl()
    const res = await f.server.request(local(url), { headers: { Range: range } })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${SIZE}`)
    expect(res.headers.get('accept-ranges')).toBe('bytes')
    expect(Buffer.from(await res.arrayBuffer()).equals(data.subarray(start, end + 1))).toBe(true)
  })

  it.each([`bytes=${SIZE}-`, 'bytes=5-2', 'bytes=abc', 'items=0-1'])('answers %s with 416', async (range) => {
    const url = await downloadUrl()
    const res = await f.server.request(local(url), { headers: { Range: range } })
    expect(res.status).toBe(416)
    expect(res.headers.get('content-range')).toBe(`bytes */${SIZE}`)
    await conforms(res, 'GET', new URL(url).pathname)
  })

  it('serves ranges over HTTP too', async () => {
    const url = (await downloadUrl()).replace('http://localhost', base)
    const whole = await fetch(url)
    expect(Buffer.from(await whole.arrayBuffer()).equals(data)).toBe(true)
    const part = await fetch(url, { headers: { Range: 'bytes=8388607-8388609' } })
    expect(part.status).toBe(206)
    expect(Buffer.from(await part.arrayBuffer()).equals(data.subarray(8388607, 8388610))).toBe(true)
  })
})
