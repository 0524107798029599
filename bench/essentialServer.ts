/**
 * The reference for the mock's resumable uploads in bench/upload.ts: a node:http server that does only
 * the work any upload server in Node does for a chunk here, with the mock's own tools, and nothing else:
 * busboy parses the multipart body (with the mock's boundary search), the file part is copied into
 * page-aligned shared 1 MiB buffers, the mock's SHA-1 worker (runningSha1) hashes them, O_DIRECT writes
 * put them on the disk, and the answer goes once the chunk's writes have landed (the hash finishes behind
 * it), as the mock does. No routing, tokens, sessions, Content-Range, block store or commit.
 *
 * What this server reaches is the ceiling of the mock's design on this machine at that moment; what the
 * mock reaches of it is the cost of everything else it does. It keeps four files and overwrites them in
 * turn, so the disk holds at most 32 MiB of it.
 */
import { constants } from 'node:fs'
import { mkdtemp, open } from 'node:fs/promises'
import http from 'node:http'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import busboy from 'busboy'
import { useBoundarySearch } from '../mock/upload/boundarySearch.ts'
import { runningSha1 } from '../mock/upload/runningSha1.ts'

const MiB = 1 << 20

/**
 * Starts the server on loopback, its files under `dir`, with `buffers` of 1 MiB (as many as the mock
 * keeps): its upload URL, and how to stop it.
 */
export async function serveEssential(
  dir: string,
  { buffers = 16 }: { buffers?: number } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const files = await mkdtemp(join(dir, 'essential-'))
  const pages = (buffers * MiB) / 65536
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true })
  const all = Buffer.from(memory.buffer)
  const free = Array.from({ length: buffers }, (_, i) => i * MiB)
  const waiting: (() => void)[] = []
  const release = (offset: number) => {
    free.push(offset)
    waiting.shift()?.()
  }
  let requests = 0

  const receive = async (id: number, stream: Readable) => {
    const file = join(files, String(id % 4))
    const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_DIRECT, 0o600)
    // The mock's running SHA-1: on its worker thread, reading the shared buffers in place.
    const sha1 = runningSha1()
    const writes: Promise<unknown>[] = []
    let buffer: number | undefined
    let length = 0
    let position = 0
    const flush = () => {
      const offset = buffer!
      const write = handle.write(all, offset, length, position)
      // Reusable once written and hashed.
      void Promise.all([write, sha1.update(all.subarray(offset, offset + length))]).then(() =>
        release(offset),
      )
      writes.push(write)
      position += length
      length = 0
      buffer = undefined
    }
    // Copies a piece into the buffers; with none free, holds the rest and pauses until one is.
    const take = (piece: Buffer): boolean => {
      for (let used = 0; used < piece.length; ) {
        buffer ??= free.pop()
        if (buffer === undefined) {
          stream.pause()
          waiting.push(() => {
            if (take(piece.subarray(used))) stream.resume()
          })
          return false
        }
        const room = Math.min(piece.length - used, MiB - length)
        all.fill(piece.subarray(used, used + room), buffer + length, buffer + length + room)
        length += room
        used += room
        if (length === MiB) flush()
      }
      return true
    }
    await new Promise<void>((resolve, reject) => {
      stream.on('data', take)
      stream.on('end', resolve)
      stream.on('error', reject)
    })
    // The chunk's last buffer: a whole number of pages in the bench, as direct writes need.
    if (length > 0) flush()
    // The answer does not wait for the digest, as in the mock.
    void sha1.digest().catch(() => {})
    await Promise.all(writes)
    await handle.close()
  }

  const server = http.createServer((req, res) => {
    const id = requests++
    const parser = useBoundarySearch(busboy({ headers: req.headers, highWaterMark: 256 << 10, fileHwm: MiB }))
    let work: Promise<void> = Promise.resolve()
    parser.on('file', (_name, stream) => {
      work = receive(id, stream)
    })
    parser.on('close', () => {
      work.then(
        () => res.end('{"success": true}'),
        (error: Error) => {
          res.statusCode = 500
          res.end(error.message)
        },
      )
    })
    req.pipe(parser)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/upload-api/essential`,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
