/**
 * The request-level `Content-Disposition` of a resumable chunk, read as the Go file server reads it.
 *
 * fileop.go::getFileNameFromMimeHeader: `mime.ParseMediaType(header)` then
 * `url.QueryUnescape(params["filename"])`, NFC-normalised. A missing or malformed header is an error there
 * (the chunk then fails with 500 "Internal error.\n"), so this returns `undefined` for it.
 */

// RFC 2045 token characters: printable ASCII except SPACE and tspecials.
const TOKEN = /^[!#$%&'*+\-.^_`{|}~0-9A-Za-z]+$/

interface Cursor {
  text: string
  at: number
}

const skipSpace = (c: Cursor): void => {
  while (c.at < c.text.length && (c.text[c.at] === ' ' || c.text[c.at] === '\t')) c.at++
}

function readToken(c: Cursor): string {
  const start = c.at
  while (c.at < c.text.length && TOKEN.test(c.text[c.at]!)) c.at++
  return c.text.slice(start, c.at)
}

/** A quoted-string with backslash escapes; `undefined` when the closing quote is missing. */
function readQuoted(c: Cursor): string | undefined {
  let out = ''
  for (c.at++; c.at < c.text.length; c.at++) {
    const ch = c.text[c.at]!
    if (ch === '"') {
      c.at++
      return out
    }
    if (ch === '\\' && c.at + 1 < c.text.length) c.at++
    out += c.text[c.at]
  }
  return undefined
}

/** mime.ParseMediaType: the lower-cased type and its parameters (RFC 2231 `name*` decoded). */
export function parseMediaType(header: string): { type: string; params: Map<string, string> } | undefined {
  const semi = header.indexOf(';')
  const type = (semi < 0 ? header : header.slice(0, semi)).trim().toLowerCase()
  const [major, minor, ...extra] = type.split('/')
  if (!major || !TOKEN.test(major) || extra.length > 0 || (minor !== undefined && !TOKEN.test(minor)))
    return undefined
  const simple = new Map<string, string>()
  const extended = new Map<string, string>()
  const c: Cursor = { text: semi < 0 ? '' : header.slice(semi), at: 0 }
  for (let guard = 0; guard < 1000; guard++) {
    skipSpace(c)
    if (c.at >= c.text.length) break
    if (c.text[c.at] !== ';') return undefined
    c.at++
    skipSpace(c)
    if (c.at >= c.text.length) break
    const key = readToken(c).toLowerCase()
    skipSpace(c)
    if (!key || c.text[c.at] !== '=') return undefined
    c.at++
    skipSpace(c)
    const value = c.text[c.at] === '"' ? readQuoted(c) : readToken(c)
    if (value === undefined) return undefined
    const target = key.endsWith('*') ? extended : simple
    const name = key.endsWith('*') ? key.slice(0, -1) : key
    if (target.has(name)) return undefined
    target.set(name, value)
  }
  for (const [name, value] of extended) {
    const decoded = decodeRfc2231(value)
    if (decoded !== undefined) simple.set(name, decoded)
  }
  return { type, params: simple }
}

/** `utf-8''%e4%b8%ad.txt` → `中.txt`; Go (decode2231Enc) knows only utf-8 and us-ascii. */
function decodeRfc2231(value: string): string | undefined {
  const parts = value.split("'")
  if (parts.length !== 3) return undefined
  const charset = parts[0]!.toLowerCase()
  if (charset !== 'utf-8' && charset !== 'us-ascii') return undefined
  return percentDecode(parts[2]!, false)
}

/** Percent-decoding of bytes, then UTF-8; `plusIsSpace` gives url.QueryUnescape. Bad escapes → undefined. */
function percentDecode(text: string, plusIsSpace: boolean): string | undefined {
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (ch === '%') {
      const hex = text.slice(i + 1, i + 3)
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined
      bytes.push(Number.parseInt(hex, 16))
      i += 2
    } else if (ch === '+' && plusIsSpace) bytes.push(0x20)
    else bytes.push(...Buffer.from(ch, 'utf8'))
  }
  return Buffer.from(bytes).toString('utf8')
}

/** The chunk's file name from the request header, or `undefined` where Go answers 500. */
export function fileNameFromDisposition(header: string | null | undefined): string | undefined {
  if (!header) return undefined
  const parsed = parseMediaType(header)
  if (!parsed) return undefined
  const name = percentDecode(parsed.params.get('filename') ?? '', true)
  return name?.normalize('NFC')
}
