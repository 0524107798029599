/** The suite's multipart bodies: canonical part-header case, and busboy reads them back. */
import busboy from 'busboy'
import { describe, expect, it } from 'vitest'
import { encodeMultipart } from './multipart.ts'

async function parse(body: Buffer, contentType: string) {
  const fields: Record<string, string> = {}
  const files: { field: string; filename: string; mimeType: string; bytes: Buffer }[] = []
  await new Promise<void>((done, fail) => {
    const bb = busboy({ headers: { 'content-type': contentType }, defParamCharset: 'utf8' })
    bb.on('field', (name, value) => {
      fields[name] = value
    })
    bb.on('file', (field, stream, info) => {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () =>
        files.push({
          field,
          filename: info.filename ?? '',
          mimeType: info.mimeType,
          bytes: Buffer.concat(chunks),
        }),
      )
    })
    bb.on('close', done)
    bb.on('error', fail)
    bb.end(body)
  })
  return { fields, files }
}

describe('encodeMultipart', () => {
  it('writes Content-Disposition and Content-Type in canonical case (seaf-server 10.0 needs it)', async () => {
    const { body } = await encodeMultipart({
      parent_dir: '/',
      file: { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('x') },
    })
    const text = body.toString('utf8')
    expect(text).toContain(
      '\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n',
    )
    expect(text).not.toMatch(/content-disposition|content-type/)
  })

  it('round-trips fields and repeated file parts of a FormData through busboy, names as UTF-8', async () => {
    const form = new FormData()
    form.append('parent_dir', '/d')
    form.append('file', new Blob([Buffer.from('one')]), 'héllo ✓.txt')
    form.append('file', new Blob([Buffer.from([0, 255, 1])]), 'b"q.bin')
    const { body, contentType } = await encodeMultipart(form)
    const parsed = await parse(body, contentType)
    expect(parsed.fields).toEqual({ parent_dir: '/d' })
    expect(parsed.files.map((f) => [f.field, f.filename, f.bytes.toString('hex')])).toEqual([
      ['file', 'héllo ✓.txt', Buffer.from('one').toString('hex')],
      ['file', 'b%22q.bin', '00ff01'],
    ])
  })
})
