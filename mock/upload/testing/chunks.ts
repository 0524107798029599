/** Resumable-upload requests for tests: one chunk as a multipart body with the two request headers. */
import http from 'node:http'
import { eventually } from '../../testing/eventually.ts'
import { formBody } from './formBody.ts'

export interface Chunk {
  start: number
  /** The whole file; the chunk is `data.subarray(start, start + size)`. */
  data: Buffer
  size: number
  name: string
  /** Form fields, sent before the file part. */
  fields?: Record<string, string>
  /** Extra request headers; `null` removes a default one. */
  headers?: Record<string, string | null>
}

/** The body and headers of one chunk request. */
export function chunkRequest(chunk: Chunk): { body: Buffer; headers: Record<string, string> } {
  const end = Math.min(chunk.start + chunk.size, chunk.data.length) - 1
  const fields = Object.entries(chunk.fields ?? { parent_dir: '/' }).map(([name, value]) => ({ name, value }))
  const body = formBody([
    ...fields,
    { name: 'file', filename: 'blob', data: chunk.data.subarray(chunk.start, end + 1) },
  ])
  const headers: Record<string, string> = {
    'Content-Type': body.contentType,
    'Content-Range': `bytes ${chunk.start}-${end}/${chunk.data.length}`,
    'Content-Disposition': `attachment; filename="${encodeURIComponent(chunk.name)}"`,
  }
  for (const [k, v] of Object.entries(chunk.headers ?? {})) {
    const key = Object.keys(headers).find((h) => h.toLowerCase() === k.toLowerCase()) ?? k
    if (v === null) delete headers[key]
    else headers[key] = v
  }
  return { body: body.body, headers }
}

/** Sends `body` over node:http and collects the answer. */
export function httpPost(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { ...headers, 'Content-Length': body.length } },
      (res) => {
        const pieces: Buffer[] = []
        res.on('data', (d: Buffer) => pieces.push(d))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(pieces).toString(),
          }),
        )
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/**
 * Starts a chunk upload, sends `sendBytes` of its body, waits for `ready()` to say the server has taken
 * some of it, then destroys the socket mid-body, as a client whose connection drops.
 */
export async function interruptedPost(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
  sendBytes: number,
  ready: () => Promise<boolean>,
): Promise<void> {
  const req = http.request(url, { method: 'POST', headers: { ...headers, 'Content-Length': body.length } })
  req.on('error', () => {})
  req.write(body.subarray(0, sendBytes))
  await eventually(ready)
  req.destroy()
}
