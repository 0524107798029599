/**
 * Crash safety: the mock runs as a child process on a data dir; files are uploaded (one of two blocks, an
 * empty one, a Unicode name), a resumable upload gets two of its four chunks, and the process is SIGKILLed
 * while a multipart upload and the third chunk are still arriving. Restarted on the same data dir, every
 * acknowledged file is listed and downloads byte for byte, nothing half-written is visible, the integrity
 * check passes, and the interrupted resumable upload reports its `uploadedBytes` and finishes from there.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { checkDataDir, formatReport } from '../../mock/check/integrity.ts'
import { fileId } from '../../suites/client/fileId.ts'
import { type MockProcess, startMockProcess } from './mockProcess.ts'

const MiB = 1024 * 1024
const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex')
const running: MockProcess[] = []

afterEach(async (ctx) => {
  // A failure shows what the mock processes printed (their errors and stacks).
  if (ctx.task.result?.state === 'fail')
    for (const p of running) console.log(`--- mock output:\n${p.output()}`)
  for (const p of running.splice(0)) await p.stop('SIGKILL')
})

async function start(dataDir: string): Promise<MockProcess> {
  const p = await startMockProcess(dataDir)
  running.push(p)
  return p
}

/** A logged-in client of one mock process. */
function client(url: string, token = '') {
  const auth = () => ({ Authorization: `Token ${token}` })
  const json = async <T>(method: string, path: string, body?: URLSearchParams | FormData, headers = {}) => {
    const res = await fetch(path.startsWith('http') ? path : url + path, {
      method,
      body,
      headers: { ...(token ? auth() : {}), ...headers },
      signal: AbortSignal.timeout(120_000),
    })
    const text = await res.text()
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`)
    return JSON.parse(text) as T
  }
  return {
    json,
    /** The status of a request, or undefined when the connection failed (the process is gone). */
    async status(method: string, path: string, body?: URLSearchParams) {
      try {
        const res = await fetch(url + path, {
          method,
          body,
          headers: auth(),
          signal: AbortSignal.timeout(120_000),
        })
        await res.arrayBuffer()
        return res.status
      } catch {
        return undefined
      }
    },
    async login() {
      const { token: t } = await json<{ token: string }>(
        'POST',
        '/api2/auth-token/',
        new URLSearchParams({ username: 'user@example.com', password: 'user' }),
      )
      token = t
    },
    async upload(repo: string, name: string, bytes: Uint8Array) {
      const link = await json<string>('GET', `/api2/repos/${repo}/upload-link/?p=/`)
      const form = new FormData()
      form.append('parent_dir', '/')
      form.append('file', new Blob([Buffer.from(bytes)]), name)
      const [uploaded] = await json<{ id: string; name: string; size: number }[]>(
        'POST',
        `${link}?ret-json=1`,
        form,
      )
      return uploaded!
    },
    /** One Content-Range chunk of `name` (resumable upload through `link`). */
    async chunk(link: string, name: string, whole: Uint8Array, start: number, end: number) {
      const form = new FormData()
      form.append('parent_dir', '/')
      form.append('file', new Blob([Buffer.from(whole.subarray(start, end))]), name)
      return json<unknown>('POST', `${link}?ret-json=1`, form, {
        'Content-Range': `bytes ${start}-${end - 1}/${whole.byteLength}`,
        'Content-Disposition': `attachment; filename="${encodeURIComponent(name)}"`,
      })
    },
    async download(repo: string, path: string) {
      const link = await json<string>('GET', `/api2/repos/${repo}/file/?p=${encodeURIComponent(path)}`)
      const res = await fetch(link, { signal: AbortSignal.timeout(120_000) })
      expect(res.status, `download ${path}: ${res.status}`).toBe(200)
      return new Uint8Array(await res.arrayBuffer())
    },
  }
}

/**
 * Starts a POST whose body is written only in part (`sent` of `total` bytes) and left hanging; resolves once
 * those bytes are on the wire. The request fails when the server dies, which is expected.
 */
function halfSent(url: string, headers: Record<string, string>, body: Buffer, sent: number): Promise<void> {
  return new Promise((resolve) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(body.byteLength) },
    })
    req.on('error', () => {})
    req.write(body.subarray(0, sent), () => setTimeout(resolve, 300))
  })
}

function multipart(name: string, content: Buffer, boundary: string): Buffer {
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="parent_dir"\r\n\r\n/\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`),
    Buffer.from('Content-Type: application/octet-stream\r\n\r\n'),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
}

/** Uploads, two acknowledged chunks of a resumable upload, two requests half-sent, SIGKILL, restart. */
async function crashAndRestart() {
  const dataDir = await mkdtemp(join(tmpdir(), 'mock-crash-kill-'))
  const first = await start(dataDir)
  const a = client(first.url)
  await a.login()
  const { repo_id: repo } = await a.json<{ repo_id: string }>(
    'POST',
    '/api2/repos/',
    new URLSearchParams({ name: 'crash' }),
  )
  const files: Record<string, Uint8Array> = {
    'small.txt': Buffer.from('hello world\n'),
    'empty.bin': new Uint8Array(0),
    'two-blocks.bin': randomBytes(8 * MiB + 123),
    '名前 (unicode).txt': Buffer.from('ünïcödé\n'),
  }
  for (const [name, bytes] of Object.entries(files)) {
    const uploaded = await a.upload(repo, name, bytes)
    expect(uploaded).toMatchObject({ name, size: bytes.byteLength })
  }

  // A resumable upload of four 1 MiB chunks (the last one short): two are acknowledged.
  const resumable = randomBytes(3 * MiB + 17)
  const link = await a.json<string>('GET', `/api2/repos/${repo}/upload-link/?p=/`)
  for (const [from, to] of [
    [0, MiB],
    [MiB, 2 * MiB],
  ] as const)
    expect(await a.chunk(link, 'resume.bin', resumable, from, to)).toEqual({ success: true })
  const probe = `/api/v2.1/repos/${repo}/file-uploaded-bytes/?parent_dir=/&file_name=resume.bin`
  expect(await a.json('GET', probe)).toEqual({ uploadedBytes: 2 * MiB })

  // In flight when the process dies: half of a 4 MiB multipart upload and half of the third chunk.
  const boundary = 'crash-test-boundary'
  const type = { 'Content-Type': `multipart/form-data; boundary=${boundary}` }
  await Promise.all([
    halfSent(`${link}?ret-json=1`, type, multipart('inflight.bin', randomBytes(4 * MiB), boundary), 2 * MiB),
    halfSent(
      `${link}?ret-json=1`,
      {
        ...type,
        'Content-Range': `bytes ${2 * MiB}-${3 * MiB - 1}/${resumable.byteLength}`,
        'Content-Disposition': 'attachment; filename="resume.bin"',
      },
      multipart('resume.bin', resumable.subarray(2 * MiB, 3 * MiB), boundary),
      MiB / 2,
    ),
  ])
  await first.stop('SIGKILL')

  const second = await start(dataDir)
  const b = client(second.url)
  await b.login()
  return { dataDir, second, b, repo, files, resumable, probe }
}

describe('crash safety under SIGKILL', () => {
  test('every acknowledged file survives intact, nothing half-written is visible, the data dir checks clean', {
    timeout: 300_000,
  }, async () => {
    const { dataDir, second, b, repo, files } = await crashAndRestart()
    const listed = await b.json<{ name: string; size: number }[]>('GET', `/api2/repos/${repo}/dir/?p=/`)
    // Exactly the acknowledged files: no half-written inflight.bin, no premature resume.bin.
    expect(listed.map((e) => e.name).sort()).toEqual(Object.keys(files).sort())
    for (const [name, bytes] of Object.entries(files)) {
      expect(listed.find((e) => e.name === name)?.size, name).toBe(bytes.byteLength)
      expect(sha1(await b.download(repo, `/${name}`)), name).toBe(sha1(bytes))
    }
    await second.stop('SIGTERM')
    const report = await checkDataDir(dataDir)
    expect(report.problems, formatReport(report)).toEqual([])
  })

  test('every acknowledged metadata change survives a SIGKILL in the middle of a burst of them', {
    timeout: 300_000,
  }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mock-crash-meta-'))
    const first = await start(dataDir)
    const a = client(first.url)
    await a.login()
    const { repo_id: repo } = await a.json<{ repo_id: string }>(
      'POST',
      '/api2/repos/',
      new URLSearchParams({ name: 'burst' }),
    )
    // Eight writers make folders (at most 400); the process is killed under them once 40 are acknowledged.
    // Counts, not a time window: a busy machine only takes longer to get there.
    const acknowledged: string[] = []
    let next = 0
    let fortyAcknowledged: () => void = () => {}
    const forty = new Promise<void>((resolve) => {
      fortyAcknowledged = resolve
    })
    const writer = async () => {
      while (next < 400) {
        const name = `d${next++}`
        const status = await a.status(
          'POST',
          `/api2/repos/${repo}/dir/?p=/${name}`,
          new URLSearchParams({ operation: 'mkdir' }),
        )
        if (status === undefined) return
        if (status === 201) acknowledged.push(name)
        if (acknowledged.length >= 40) fortyAcknowledged()
      }
    }
    const writers = Array.from({ length: 8 }, writer)
    await Promise.race([forty, Promise.all(writers)])
    await first.stop('SIGKILL')
    await Promise.all(writers)
    expect(acknowledged.length).toBeGreaterThanOrEqual(40)

    const second = await start(dataDir)
    const b = client(second.url)
    await b.login()
    const names = new Set(
      (await b.json<{ name: string }[]>('GET', `/api2/repos/${repo}/dir/?p=/`)).map((e) => e.name),
    )
    expect(
      acknowledged.filter((n) => !names.has(n)),
      'acknowledged folders missing after the restart',
    ).toEqual([])
    await second.stop('SIGTERM')
    const report = await checkDataDir(dataDir)
    expect(report.problems, formatReport(report)).toEqual([])
  })

  // The sessions are rebuilt from <dataDir>/httptemp (mock/upload/tempUploads.ts), as the real server finds
  // them in WebUploadTempFiles; the new upload link is another token for the same repo and path.
  test('the interrupted resumable upload reports its uploadedBytes after the restart and finishes from there', {
    timeout: 300_000,
  }, async () => {
    const { dataDir, second, b, repo, resumable, probe } = await crashAndRestart()
    // At least the acknowledged bytes are held (the half chunk may have landed too).
    const { uploadedBytes } = await b.json<{ uploadedBytes: number }>('GET', probe)
    expect(uploadedBytes, 'uploadedBytes after the restart').toBeGreaterThanOrEqual(2 * MiB)
    expect(uploadedBytes).toBeLessThan(3 * MiB)
    const link = await b.json<string>('GET', `/api2/repos/${repo}/upload-link/?p=/`)
    let last: unknown
    for (let from = uploadedBytes; from < resumable.byteLength; from += MiB)
      last = await b.chunk(link, 'resume.bin', resumable, from, Math.min(from + MiB, resumable.byteLength))
    const id = fileId(resumable)
    expect(last).toEqual([{ id, name: 'resume.bin', size: resumable.byteLength }])
    expect(sha1(await b.download(repo, '/resume.bin'))).toBe(sha1(resumable))
    const listed = await b.json<{ name: string; id: string }[]>('GET', `/api2/repos/${repo}/dir/?p=/`)
    expect(listed.find((e) => e.name === 'resume.bin')?.id).toBe(id)
    // Finished: the temp upload is gone, a new upload of the path starts from 0.
    expect(await b.json('GET', probe)).toEqual({ uploadedBytes: 0 })
    await second.stop('SIGTERM')
    const report = await checkDataDir(dataDir)
    expect(report.problems, formatReport(report)).toEqual([])
  })
})
