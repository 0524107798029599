/**
 * Wire encodings of generated requests. Values may be raw bytes (invalid UTF-8): URLs and url-encoded forms
 * percent-encode every byte outside the unreserved set; multipart sends bytes as they are.
 */
import type { Value } from './values.ts'

export interface RawRequest {
  method: string
  /** Absolute URL (file-server links) or a path and query relative to the seahub root. */
  url: string
  headers: Record<string, string>
  body?: Uint8Array
}

const toBytes = (v: Value): Buffer => (typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v))
const UNRESERVED = /[A-Za-z0-9\-._~]/

/** Percent-encodes every byte but the unreserved ones (RFC 3986), so any byte string survives a URL. */
export function percentEncode(v: Value): string {
  if (typeof v === 'string') {
    try {
      return encodeURIComponent(v).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      )
    } catch {
      // A lone surrogate: encode its UTF-8 replacement bytes below.
    }
  }
  let out = ''
  for (const byte of toBytes(v)) {
    const ch = String.fromCharCode(byte)
    out += byte < 0x80 && UNRESERVED.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

export const queryString = (pairs: [string, Value][]): string =>
  pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&')

export const urlEncodedBody = (pairs: [string, Value][]): Uint8Array => Buffer.from(queryString(pairs))

export interface Part {
  name: string
  value: Value
  /** A file part: its filename (raw bytes allowed). */
  filename?: Value
}

/** multipart/form-data with CRLF line ends; `boundary` must not occur in the values. */
export function multipartBody(parts: Part[], boundary: string): Uint8Array {
  const chunks: Buffer[] = []
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`))
    if (part.filename !== undefined) {
      chunks.push(Buffer.from('; filename="'), toBytes(part.filename), Buffer.from('"\r\n'))
      chunks.push(Buffer.from('Content-Type: application/octet-stream\r\n'))
    } else chunks.push(Buffer.from('\r\n'))
    chunks.push(Buffer.from('\r\n'), toBytes(part.value), Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return Buffer.concat(chunks)
}

const PRINTABLE = /^[\x20-\x7e]*$/

/** A header value that fetch clients accept (visible ASCII); anything else is percent-encoded. */
export const headerSafe = (v: Value): string => {
  const s = typeof v === 'string' ? v : ''
  return typeof v === 'string' && PRINTABLE.test(s) ? s : percentEncode(v)
}

/** Shell-quoted curl command that replays a request (bodies over 2 KiB are elided). */
export function curlOf(req: RawRequest, base: string): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`
  const url = /^https?:/.test(req.url) ? req.url : base.replace(/\/+$/, '') + req.url
  const parts = ['curl', '-sS', '-X', req.method, q(url)]
  for (const [k, v] of Object.entries(req.headers)) parts.push('-H', q(`${k}: ${v}`))
  if (req.body && req.body.byteLength > 0) {
    const text = Buffer.from(req.body).toString('latin1')
    parts.push(
      '--data-binary',
      req.body.byteLength > 2048 ? q(`<${req.body.byteLength} bytes>`) : `$${q(escapeBytes(text))}`,
    )
  }
  return parts.join(' ')
}

function escapeBytes(latin1: string): string {
  let out = ''
  for (const ch of latin1) {
    const code = ch.charCodeAt(0)
    out +=
      code >= 0x20 && code < 0x7f && ch !== '\\' && ch !== "'"
        ? ch
        : `\\x${code.toString(16).padStart(2, '0')}`
  }
  return out
}
