import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buffer } from 'node:stream/consumers'
import { afterEach, describe, expect, it } from 'vitest'
import { lookup } from '../model/repoTree.ts'
import { eventually } from '../testing/eventually.ts'
import { conforms } from '../testing/harness.ts'
import { uploadState } from '../upload/state.ts'
import { type Chunk, chunkRequest, httpPost, interruptedPost } from '../upload/testing/chunks.ts'
import {
  bytesOf,
  fileIdOf,
  form,
  link,
  local,
  sha1,
  type UploadFixture,
  uploadFixture,
} from '../upload/testing/uploadClient.ts'

let f: UploadFixture
afterEach(async () => {
  await f?.server.close()
})

const MiB = 1 << 20

/** The id of the 8 MiB block at `index`. */
const fileBlockId = (data: Buffer, index: number) =>
  sha1(data.subarray(index * 8 * MiB, (index + 1) * 8 * MiB))

/** One chunk in process; the answer is checked against the spec. */
async function sendChunk(url: string, chunk: Chunk) {
  const { body, headers } = chunkRequest(chunk)
  const res = await f.server.request(local(url), { method: 'POST', body: new Uint8Array(body), headers })
  return { res, text: await conforms(res, 'POST', local(url)) }
}

/** file-uploaded-bytes for `parent_dir` + `file_name`. */
async function uploadedBytes(
  parentDir: string,
  fileName: string,
): Promise<{ bytes: number; acceptRanges: string | null }> {
  const q = new URLSearchParams({ parent_dir: parentDir, file_name: fileName })
  const res = await f.client.call('GET', `/api/v2.1/repos/${f.repoId}/file-uploaded-bytes/?${q}`)
  expect(res.status).toBe(200)
  return {
    bytes: ((await res.json()) as { uploadedBytes: number }).uploadedBytes,
    acceptRanges: res.headers.get('accept-ranges'),
  }
}

async function stored(path: string): Promise<Buffer | undefined> {
  const repo = (await f.server.seaf.repos.get(f.repoId))!
  const dirent = await lookup(f.server.seaf.fs, (await f.server.seaf.repos.head(repo)).root_id, path)
  return dirent && buffer(f.server.seaf.readFile(dirent.id))
}

describe('resumable upload in process', () => {
  it.each([
    ['1 MiB', MiB, 3.5 * MiB],
    ['8 MiB', 8 * MiB, 20 * MiB + 3],
    ['odd', 1_234_567, 3 * MiB + 1],
  ])(
    'uploads in %s chunks, reports the bytes held, and commits the file on the last',
    async (_name, size, total) => {
      f = await uploadFixture()
      const url = await link(f, 'upload-link')
      const data = bytesOf(total, 7)
      let answer = ''
      for (let start = 0; start < total; start += size) {
        const { res, text } = await sendChunk(`${url}?ret-json=1`, {
          start,
          size,
          data,
          name: 'big file.bin',
        })
        expect(res.status).toBe(200)
        answer = text
        if (start + size < total) {
          expect(text).toBe('{"success": true}')
          expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
          expect((await uploadedBytes('/', 'big file.bin')).bytes).toBe(start + size)
        }
      }
      expect(JSON.parse(answer)).toEqual([{ id: fileIdOf(data), name: 'big file.bin', size: total }])
      expect((await stored('/big file.bin'))?.equals(data)).toBe(true)
      expect((await uploadedBytes('/', 'big file.bin')).bytes).toBe(0)
    },
  )

  it('answers Accept-Ranges on file-uploaded-bytes unless resumable upload is off', async () => {
    f = await uploadFixture()
    expect((await uploadedBytes('/', 'x')).acceptRanges).toBe('bytes')
    await f.server.close()
    f = await uploadFixture({ resumableUpload: false })
    expect(await uploadedBytes('/', 'x')).toEqual({ bytes: 0, acceptRanges: null })
  })

  it('refuses file-uploaded-bytes without its parameters or for a missing folder', async () => {
    f = await uploadFixture()
    const base = `/api/v2.1/repos/${f.repoId}/file-uploaded-bytes/`
    const noDir = await f.client.call('GET', `${base}?file_name=a`)
    expect([noDir.status, await noDir.json()]).toEqual([400, { error_msg: 'parent_dir invalid.' }])
    const noName = await f.client.call('GET', `${base}?parent_dir=/`)
    expect([noName.status, await noName.json()]).toEqual([400, { error_msg: 'file_name invalid.' }])
    const missing = await f.client.call('GET', `${base}?parent_dir=/nope&file_name=a`)
    expect([missing.status, await missing.json()]).toEqual([404, { error_msg: 'Folder /nope not found.' }])
  })

  it('keys a relative_path upload by parent_dir + relative_path', async () => {
    f = await uploadFixture()
    const url = await link(f, 'upload-link')
    // The folders are made by the last chunk: before that the probe would be 404, as on the real server.
    await f.server.request(local(url), {
      method: 'POST',
      body: form({ parent_dir: '/', relative_path: 'a/b' }, [{ name: 'k', data: '' }]),
    })
    const data = bytesOf(3000, 3)
    const fields = { parent_dir: '/', relative_path: 'a/b' }
    await sendChunk(url, { start: 0, size: 1000, data, name: 'r.bin', fields })
    expect((await uploadedBytes('/a/b', 'r.bin')).bytes).toBe(1000)
    expect((await uploadedBytes('/', 'r.bin')).bytes).toBe(0)
    await sendChunk(url, { start: 1000, size: 2000, data, name: 'r.bin', fields })
    expect((await stored('/a/b/r.bin'))?.equals(data)).toBe(true)
  })

  it('url-decodes the request Content-Disposition name', async () => {
    f = await uploadFixture()
    const url = await link(f, 'upload-link')
    const data = bytesOf(10)
    const { text } = await sendChunk(`${url}?ret-json=1`, { start: 0, size: 10, data, name: 'été & co.txt' })
    expect(JSON.parse(text)[0].name).toBe('été & co.txt')
  })

  it('accepts gaps and overlaps; an early last chunk commits what is held, holes as zeros', async () => {
    f = await uploadFixture()
    const url = await link(f, 'upload-link')
    const data = bytesOf(3000, 5)
    await sendChunk(url, { start: 1000, size: 1000, data, name: 'g.bin' })
    expect((await uploadedBytes('/', 'g.bin')).bytes).toBe(2000)
    await sendChunk(url, { start: 0, size: 1500, data, name: 'g.bin' })
    expect((await uploadedBytes('/', 'g.bin')).bytes).toBe(2000)
    const { text } = await sendChunk(url, { start: 2500, size: 500, data, name: 'g.bin' })
    const expected = Buffer.concat([data.subarray(0, 2000), Buffer.alloc(500), data.subarray(2500)])
    expect(text).toBe(fileIdOf(expected))
    expect((await stored('/g.bin'))?.equals(expected)).toBe(true)
  })

  it('refuses, in strict mode, a chunk that does not start at the bytes held (409)', async () => {
    f = await uploadFixture({ resumableStrict: true })
    const url = await link(f, 'upload-link')
    const data = bytesOf(3000, 6)
    await sendChunk(url, { start: 0, size: 1000, data, name: 's.bin' })
    const gap = await sendChunk(url, { start: 2000, size: 1000, data, name: 's.bin' })
    expect(gap.res.status).toBe(409)
    expect(gap.text).toBe(
      '{"error": "Content-Range starts at 2000, but 1000 bytes are uploaded; resume at 1000."}\n',
    )
    expect((await uploadedBytes('/', 's.bin')).bytes).toBe(1000)
    await sendChunk(url, { start: 1000, size: 1000, data, name: 's.bin' })
    const { res } = await sendChunk(url, { start: 2000, size: 1000, data, name: 's.bin' })
    expect(res.status).toBe(200)
    expect((await stored('/s.bin'))?.equals(data)).toBe(true)
  })

  it('refuses, in strict mode, a Content-Range the real server would ignore, and a changed total', async () => {
    f = await uploadFixture({ resumableStrict: true })
    const url = await link(f, 'upload-link')
    const data = bytesOf(3000, 9)
    for (const range of ['bytes=0-999/3000', 'bytes 1000-1999/1500', 'bytes 999-0/3000']) {
      const bad = await sendChunk(url, {
        start: 0,
        size: 1000,
        data,
        name: 'r.bin',
        headers: { 'Content-Range': range },
      })
      expect(bad.res.status, range).toBe(400)
    }
    expect((await uploadedBytes('/', 'r.bin')).bytes).toBe(0)
    await sendChunk(url, { start: 0, size: 1000, data, name: 'r.bin' })
    const shorter = await sendChunk(url, {
      start: 1000,
      size: 1000,
      data,
      name: 'r.bin',
      headers: { 'Content-Range': 'bytes 1000-1999/2000' },
    })
    expect([shorter.res.status, shorter.text]).toEqual([
      409,
      '{"error": "Content-Range says the file has 2000 bytes, but its first chunk said 3000."}\n',
    ])
    await sendChunk(url, { start: 1000, size: 2000, data, name: 'r.bin' })
    expect((await stored('/r.bin'))?.equals(data)).toBe(true)
  })

  it('acknowledges a non-last chunk before the folder checks, then refuses the last and drops the bytes', async () => {
    f = await uploadFixture()
    const url = await link(f, 'upload-link')
    const data = bytesOf(2000, 8)
    const fields = { parent_dir: '/elsewhere' }
    const first = await sendChunk(url, { start: 0, size: 1000, data, name: 'm.bin', fields })
    expect(first.text).toBe('{"success": true}')
    const last = await sendChunk(url, { start: 1000, size: 1000, data, name: 'm.bin', fields })
    expect([last.res.status, last.text]).toEqual([400, '{"error": "Parent dir doesn\'t exist.\n"}\n'])
    const q = new URLSearchParams({ parent_dir: '/', file_name: 'm.bin' })
    expect(f.server.seaf).toBeDefined()
    expect(
      (
        await f.client.json<{ uploadedBytes: number }>(
          'GET',
          `/api/v2.1/repos/${f.repoId}/file-uploaded-bytes/?${q}`,
        )
      ).uploadedBytes,
    ).toBe(0)
  })

  it("refuses a Content-Range total beyond the mock's 1 TiB cap with 442 when no limit is set", async () => {
    f = await uploadFixture()
    const url = await link(f, 'upload-link')
    const data = bytesOf(10)
    const huge = `bytes 0-9/${2 ** 41}`
    const { res, text } = await sendChunk(url, {
      start: 0,
      size: 10,
      data,
      name: 'x',
      headers: { 'Content-Range': huge },
    })
    expect([res.status, text]).toEqual([442, '{"error": "File size is too large.\n"}\n'])
  })

  it('answers 500 for a chunk without its request Content-Disposition', async () => {
    f = await uploadFixture()
    const url = await link(f, 'upload-link')
    const data = bytesOf(100)
    const { res, text } = await sendChunk(url, {
      start: 0,
      size: 50,
      data,
      name: 'x',
      headers: { 'Content-Disposition': null },
    })
    expect([res.status, text]).toEqual([500, '{"error": "Internal error.\n"}\n'])
  })

  it('treats an invalid Content-Range as a whole upload, as Go does', async () => {
    f = await uploadFixture()
    const url = await link(f, 'upload-link')
    const data = bytesOf(100)
    const { text } = await sendChunk(url, {
      start: 0,
      size: 100,
      data,
      name: 'x',
      headers: { 'Content-Range': 'bytes=0-99/100' },
    })
    expect(text).toBe(fileIdOf(data))
    expect(await stored('/blob')).toBeDefined()
  })

  it('holds a chunk whose fields come after the file part, then writes it where they say', async () => {
    f = await uploadFixture()
    const url = await link(f, 'upload-link')
    await f.server.request(local(url), {
      method: 'POST',
      body: form({ parent_dir: '/', relative_path: 'd' }, [{ name: 'k', data: '' }]),
    })
    const data = bytesOf(2000, 9)
    const late = new FormData()
    late.append('file', new Blob([new Uint8Array(data.subarray(0, 1000))]), 'blob')
    late.append('parent_dir', '/d')
    const headers = {
      'Content-Range': 'bytes 0-999/2000',
      'Content-Disposition': 'attachment; filename="late.bin"',
    }
    const res = await f.server.request(local(url), { method: 'POST', body: late, headers })
    expect(await res.text()).toBe('{"success": true}')
    expect((await uploadedBytes('/d', 'late.bin')).bytes).toBe(1000)
  })

  it('leaves no spooled part behind when a chunk held for its late fields is refused', async () => {
    f = await uploadFixture()
    const url = await link(f, 'upload-link')
    const late = new FormData()
    late.append('file', new Blob([new Uint8Array(bytesOf(100))]), 'blob')
    late.append('parent_dir', '/')
    const res = await f.server.request(local(url), {
      method: 'POST',
      body: late,
      headers: { 'Content-Range': 'bytes 0-99/200' },
    })
    expect(res.status).toBe(500)
    const { dir } = await uploadState(f.server.seaf).temp()
    expect(readdirSync(dir)).toEqual([])
  })

  it('updates a file in chunks through update-api', async () => {
    f = await uploadFixture()
    const upload = await link(f, 'upload-link')
    await f.server.request(local(upload), {
      method: 'POST',
      body: form({ parent_dir: '/' }, [{ name: 'u.bin', data: 'old' }]),
    })
    const url = await link(f, 'update-link')
    const data = bytesOf(5000, 4)
    const fields = { target_file: '/u.bin' }
    // Not through sendChunk: the spec documents only text/plain for update-api, not the chunk's JSON.
    const { body, headers } = chunkRequest({ start: 0, size: 3000, data, name: 'u.bin', fields })
    const first = await f.server.request(local(url), { method: 'POST', body: new Uint8Array(body), headers })
    expect(await first.text()).toBe('{"success": true}')
    const last = await sendChunk(url, { start: 3000, size: 2000, data, name: 'u.bin', fields })
    expect(last.text).toBe(fileIdOf(data))
    expect((await stored('/u.bin'))?.equals(data)).toBe(true)
  })
})

describe('resumable upload with an on-disk data dir', () => {
  it('moves whole blocks into the store while uploading and commits the same file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'resumable-data-'))
    try {
      f = await uploadFixture({ dataDir })
      const url = await link(f, 'upload-link')
      const data = bytesOf(17 * MiB + 5, 13)
      await sendChunk(url, { start: 0, size: 16 * MiB, data, name: 'disk.bin' })
      // The move runs in the background of the next chunks; it lands shortly.
      expect(await eventually(() => f.server.seaf.blocks.has(fileBlockId(data, 0)))).toBe(true)
      // Rewriting part of a block already in the store brings it back first.
      await sendChunk(url, { start: MiB, size: MiB, data, name: 'disk.bin' })
      const { text } = await sendChunk(url, { start: 16 * MiB, size: MiB + 5, data, name: 'disk.bin' })
      expect(text).toBe(fileIdOf(data))
      expect((await stored('/disk.bin'))?.equals(data)).toBe(true)
      expect(readdirSync(join(dataDir, 'httptemp', 'cluster-shared'))).toEqual([])
    } finally {
      await f.server.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('resumable upload over HTTP', () => {
  it('resumes at uploadedBytes after a chunk whose connection dropped mid-body', async () => {
    f = await uploadFixture()
    const listener = await f.server.listen(0, '127.0.0.1')
    try {
      const url = (await link(f, 'upload-link')).replace('http://localhost', listener.url)
      expect(url.startsWith('http://127.0.0.1:')).toBe(true)
      const total = 20 * MiB
      const data = bytesOf(total, 11)
      const chunk = 8 * MiB
      const first = chunkRequest({ start: 0, size: chunk, data, name: 'drop.bin' })
      const ok = await httpPost(url, first.body, first.headers)
      expect([ok.status, ok.text]).toEqual([200, '{"success": true}'])
      // The second chunk: about 5 MiB of its 8 MiB reach the server, then the socket is destroyed.
      const second = chunkRequest({ start: chunk, size: chunk, data, name: 'drop.bin' })
      const held = async () => (await uploadedBytes('/', 'drop.bin')).bytes
      await interruptedPost(
        url,
        second.body,
        second.headers,
        5 * MiB,
        async () => (await held()) > chunk + 2 * MiB,
      )
      let resumeAt = 0
      for (let i = 0; i < 200; i++) {
        resumeAt = await held()
        await new Promise((r) => setTimeout(r, 10))
        if (resumeAt === (await held())) break
      }
      expect(resumeAt).toBeGreaterThan(chunk)
      expect(resumeAt).toBeLessThan(2 * chunk)
      let answer = ''
      for (let start = resumeAt; start < total; start += chunk) {
        const next = chunkRequest({ start, size: chunk, data, name: 'drop.bin' })
        answer = (await httpPost(`${url}?ret-json=1`, next.body, next.headers)).text
      }
      expect(JSON.parse(answer)).toEqual([{ id: fileIdOf(data), name: 'drop.bin', size: total }])
      expect((await stored('/drop.bin'))?.equals(data)).toBe(true)
    } finally {
      await listener.close()
    }
  })

  it('uploads multipart files over HTTP with fetch', async () => {
    f = await uploadFixture()
    const listener = await f.server.listen(0, '127.0.0.1')
    try {
      const url = (await link(f, 'upload-link')).replace('http://localhost', listener.url)
      const data = bytesOf(9 * MiB, 12)
      const res = await fetch(`${url}?ret-json=1`, {
        method: 'POST',
        body: form({ parent_dir: '/' }, [
          { name: 'h.bin', data },
          { name: 'h.bin', data: 'second' },
        ]),
      })
      const text = await conforms(res, 'POST', new URL(url).pathname)
      expect(JSON.parse(text)).toEqual([
        { id: fileIdOf(data), name: 'h.bin', size: data.length },
        { id: fileIdOf(Buffer.from('second')), name: 'h (1).bin', size: 6 },
      ])
      expect((await stored('/h.bin'))?.equals(data)).toBe(true)
    } finally {
      await listener.close()
    }
  })

  it('uploads 1 MiB and odd-sized chunks over HTTP', async () => {
    f = await uploadFixture()
    const listener = await f.server.listen(0, '127.0.0.1')
    try {
      const url = (await link(f, 'upload-link')).replace('http://localhost', listener.url)
      for (const [name, size] of [
        ['one.bin', MiB],
        ['odd.bin', 777_777],
      ] as const) {
        const data = bytesOf(3 * MiB + 17, size)
        let answer = ''
        for (let start = 0; start < data.length; start += size) {
          const req = chunkRequest({ start, size, data, name })
          answer = (await httpPost(url, req.body, req.headers)).text
        }
        expect(answer).toBe(fileIdOf(data))
        expect((await stored(`/${name}`))?.equals(data)).toBe(true)
      }
    } finally {
      await listener.close()
    }
  })
})
