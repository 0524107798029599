/**
 * Header values the Go file server writes for downloads (fileop.go::setCommonHeaders, downloadZipFile):
 * `filename*=utf-8''<url.PathEscape(name)>` (RFC 5987 ext-value) next to the raw UTF-8 `filename="<name>"`.
 */

// Go net/url shouldEscape(c, encodePathSegment): alphanumerics, `-_.~` and `$&+:=@` stay as they are.
const PATH_SEGMENT_SAFE = /[A-Za-z0-9\-_.~$&+:=@]/

/** Go `url.PathEscape`: every other UTF-8 byte becomes `%XX` (upper-case hex). */
export function goPathEscape(s: string): string {
  let out = ''
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte)
    out +=
      byte < 0x80 && PATH_SEGMENT_SAFE.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/**
 * A header value Go writes as raw UTF-8 bytes. node:http takes header strings as latin1 and refuses control
 * characters, so the bytes go in that form and control characters become spaces.
 */
export const rawUtf8Header = (s: string): string =>
  Buffer.from(s.replace(/[\u0000-\u001f\u007f]/g, ' ')).toString('latin1')

/**
 * A streamed response whose headers carry raw UTF-8 bytes (`rawUtf8Header`). @hono/node-server sends its
 * lightweight Response's headers ahead of a stream with `flushHeaders`, which writes them as UTF-8 and so
 * encodes those bytes twice; reading `body` turns it into a full Response, whose headers go out as latin1
 * with the first chunk. Elsewhere (in process, msw) reading `body` changes nothing.
 */
export function withRawHeaderBytes(res: Response): Response {
  void res.body
  return res
}
