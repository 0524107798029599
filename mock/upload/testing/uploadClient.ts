/** Test helpers for the upload routes: a library, links from seahub, and bodies for the file server. */
import { createHash } from 'node:crypto'
import type { MockOptions, MockServer } from '../../index.ts'
import { login, startServer, type TestClient } from '../../testing/harness.ts'

export const sha1 = (data: string | Uint8Array): string => createHash('sha1').update(data).digest('hex')

/** The file id a client computes from the bytes (seafile-server-semantics.md §5), 8 MiB blocks. */
export function fileIdOf(bytes: Uint8Array, blockSize = 8 << 20): string {
  if (bytes.length === 0) return '0'.repeat(40)
  const ids: string[] = []
  for (let at = 0; at < bytes.length; at += blockSize) ids.push(sha1(bytes.subarray(at, at + blockSize)))
  return sha1(
    `{"block_ids": [${ids.map((id) => `"${id}"`).join(', ')}], "size": ${bytes.length}, "type": 1, "version": 1}`,
  )
}

/** Deterministic bytes, different for each seed. */
export function bytesOf(length: number, seed = 1): Buffer {
  const out = Buffer.allocUnsafe(length)
  let x = seed * 2654435761
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

export interface UploadFixture {
  server: MockServer
  client: TestClient
  repoId: string
}

/** A fresh mock with a library owned by user@example.com. */
export async function uploadFixture(options: Partial<MockOptions> = {}): Promise<UploadFixture> {
  const server = await startServer(options)
  const client = await login(server)
  const repo = await server.seaf.repos.create({ name: 'uploads', owner: 'user@example.com' })
  return { server, client, repoId: repo.id }
}

/** GET a seahub link (a JSON string URL) and return it. */
export async function link(f: UploadFixture, kind: string, query = 'p=/'): Promise<string> {
  const res = await f.client.call('GET', `/api2/repos/${f.repoId}/${kind}/?${query}`)
  if (res.status !== 200) throw new Error(`${kind}: ${res.status} ${await res.text()}`)
  return (await res.json()) as string
}

/** The path and query of an absolute link, to call the in-process server with. */
export const local = (url: string): string => {
  const u = new URL(url)
  return u.pathname + u.search
}

/** A multipart body through the fetch FormData encoder. */
export function form(
  fields: Record<string, string>,
  files: { name: string; data: Uint8Array | string }[] = [],
): FormData {
  const fd = new FormData()
  for (const [k, v] of Object.entries(fields)) fd.append(k, v)
  for (const f of files)
    fd.append('file', new Blob([typeof f.data === 'string' ? f.data : new Uint8Array(f.data)]), f.name)
  return fd
}
