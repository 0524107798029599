/**
 * Resumable uploads across a restart of the mock on the same data dir (the real server keeps them in
 * WebUploadTempFiles): `file-uploaded-bytes` answers what is held and a new upload link finishes the file;
 * a reset of the namespace is a fresh state, with no upload in progress.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { MockServer } from '../index.ts'
import { lookup } from '../model/repoTree.ts'
import { conforms, login, startServer } from '../testing/harness.ts'
import { chunkRequest } from './testing/chunks.ts'
import { bytesOf, fileIdOf, local } from './testing/uploadClient.ts'

// fixtures/seed/default.yaml: "My Library" of user@example.com, a fixed id, so a reset recreates it as it was.
const REPO = '5a0f4b3e-0c2d-4f7a-9b1e-3d6c8a2f1e01'
let dataDir: string
let server: MockServer | undefined

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mock-upload-restart-'))
})
afterEach(async () => {
  await server?.close()
  server = undefined
  await rm(dataDir, { recursive: true, force: true })
})

async function start() {
  await server?.close()
  server = await startServer({ dataDir, seed: 'default' })
  const client = await login(server)
  const s = server
  return {
    async uploaded(name: string): Promise<number> {
      const q = new URLSearchParams({ parent_dir: '/', file_name: name })
      return (
        await client.json<{ uploadedBytes: number }>(
          'GET',
          `/api/v2.1/repos/${REPO}/file-uploaded-bytes/?${q}`,
        )
      ).uploadedBytes
    },
    /** Sends bytes [start, start + size) of `data` as `name` through a fresh upload link. */
    async chunk(name: string, data: Buffer, start: number, size: number) {
      const url = `${local(await client.json<string>('GET', `/api2/repos/${REPO}/upload-link/?p=/`))}?ret-json=1`
      const { body, headers } = chunkRequest({ name, data, start, size })
      const res = await s.request(url, { method: 'POST', body: new Uint8Array(body), headers })
      return JSON.parse(await conforms(res, 'POST', url)) as unknown
    },
  }
}

describe('resumable uploads and the data dir', () => {
  test('after a restart the bytes held are reported and a new upload link finishes the file', async () => {
    const data = bytesOf(3000, 7)
    const first = await start()
    expect(await first.chunk('r.bin', data, 0, 1000)).toEqual({ success: true })
    expect(await first.chunk('r.bin', data, 1000, 1000)).toEqual({ success: true })
    const second = await start()
    expect(await second.uploaded('r.bin')).toBe(2000)
    expect(await second.chunk('r.bin', data, 2000, 1000)).toEqual([
      { id: fileIdOf(data), name: 'r.bin', size: 3000 },
    ])
    const head = await server!.seaf.repos.head((await server!.seaf.repos.get(REPO))!)
    expect((await lookup(server!.seaf.fs, head.root_id, '/r.bin'))?.id).toBe(fileIdOf(data))
    expect(await second.uploaded('r.bin')).toBe(0)
  })

  test('a reset of the namespace forgets the uploads in progress and their bytes', async () => {
    const data = bytesOf(3000, 9)
    const first = await start()
    await first.chunk('s.bin', data, 0, 1000)
    expect(await first.uploaded('s.bin')).toBe(1000)
    const admin = await login(server!, 'admin@example.com', 'admin')
    expect((await admin.call('POST', '/__mock__/reset')).status).toBe(200)
    const fresh = await login(server!)
    const q = new URLSearchParams({ parent_dir: '/', file_name: 's.bin' })
    const res = await fresh.json<{ uploadedBytes: number }>(
      'GET',
      `/api/v2.1/repos/${REPO}/file-uploaded-bytes/?${q}`,
    )
    expect(res.uploadedBytes).toBe(0)
    expect(await readdir(join(dataDir, 'httptemp', 'cluster-shared'))).toEqual([])
    // And a restart after the reset does not bring them back either.
    const again = await start()
    expect(await again.uploaded('s.bin')).toBe(0)
  })
})
