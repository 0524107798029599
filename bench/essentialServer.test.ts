import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveEssential } from './essentialServer.ts'

const BOUNDARY = 'essential-test-boundary-0123456789'
let dir: string
let server: Awaited<ReturnType<typeof serveEssential>>

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'essential-test-'))
  // Two buffers: the pool runs dry within each chunk, so the stream pauses and resumes.
  server = await serveEssential(dir, { buffers: 2 })
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

const form = (file: Buffer) =>
  Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="parent_dir"\r\n\r\n/\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="blob"\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ])

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex')

describe('the essential-work reference server of the upload benchmark', () => {
  // Only worth comparing with if it really receives, parses and writes every byte.
  it('answers a chunk once its file part is on disk, byte for byte, through the buffer pool', async () => {
    const file = randomBytes(24 << 20)
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
      body: form(file),
    })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('{"success": true}')
    const [sub] = await readdir(dir)
    expect(sha1(await readFile(join(dir, sub!, '0')))).toBe(sha1(file))
  })
})
