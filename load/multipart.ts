/**
 * multipart/form-data bodies as a list of buffers: a small header that varies per request, the shared
 * payload (never copied), and a fixed tail. The runner writes the parts one after the other.
 */

export const BOUNDARY = '----seafile-conformance-load-7MA4YWxkTrZu0gW'
export const MULTIPART_TYPE = `multipart/form-data; boundary=${BOUNDARY}`

const TAIL = Buffer.from(`\r\n--${BOUNDARY}--\r\n`)

/** Form fields first, then one `file` part holding `content`. */
export function multipartBody(fields: Record<string, string>, fileName: string, content: Buffer): Buffer[] {
  let head = ''
  for (const [name, value] of Object.entries(fields)) {
    head += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
  }
  head +=
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n'
  return [Buffer.from(head), content, TAIL]
}

export function byteLength(parts: readonly Buffer[]): number {
  return parts.reduce((n, p) => n + p.length, 0)
}
