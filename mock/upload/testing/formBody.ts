/** Builds multipart bodies byte by byte, so tests control part order, headers and truncation. */

export type FormPart =
  | { name: string; value: string }
  | { name: string; filename: string; data: Uint8Array | string; contentType?: string; filenameStar?: string }

export interface FormBody {
  head: Buffer
  /** The parts in order; `Buffer.concat([head, ...parts, tail])` is the whole body. */
  parts: Buffer[]
  tail: Buffer
  body: Buffer
  contentType: string
}

export const BOUNDARY = '----SeafileMockBoundary7MA4YWxkTrZu0gW'

const quote = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')

export function formBody(parts: FormPart[], boundary = BOUNDARY): FormBody {
  const encoded = parts.map((part, i) => {
    const lead = i === 0 ? '' : '\r\n'
    if ('value' in part)
      return Buffer.from(
        `${lead}--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"\r\n\r\n${part.value}`,
      )
    const star = part.filenameStar ? `; filename*=UTF-8''${encodeURIComponent(part.filenameStar)}` : ''
    const header =
      `${lead}--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"; ` +
      `filename="${quote(part.filename)}"${star}\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`
    return Buffer.concat([Buffer.from(header), Buffer.from(part.data)])
  })
  const head = Buffer.alloc(0)
  const tail = Buffer.from(`${parts.length === 0 ? '' : '\r\n'}--${boundary}--\r\n`)
  return {
    head,
    parts: encoded,
    tail,
    body: Buffer.concat([head, ...encoded, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}
