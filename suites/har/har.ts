/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the format browsers and proxies export: the
 * exchanges a run made, with every credential masked. Accounts are named by role (`user`, `user2`,
 * `admin`), so a recording can be replayed against another server with other accounts.
 */

export interface HarHeader {
  name: string
  value: string
}

export interface HarEntry {
  startedDateTime: string
  time: number
  request: {
    method: string
    url: string
    httpVersion: string
    cookies: []
    headers: HarHeader[]
    queryString: HarHeader[]
    postData?: { mimeType: string; text: string; _encoding?: 'base64'; _truncated?: number }
    headersSize: -1
    bodySize: number
  }
  response: {
    status: number
    statusText: string
    httpVersion: string
    cookies: []
    headers: HarHeader[]
    content: { size: number; mimeType: string; text?: string; encoding?: 'base64'; _truncated?: number }
    redirectURL: string
    headersSize: -1
    bodySize: number
  }
  cache: Record<string, never>
  timings: { send: number; wait: number; receive: number }
  /** The test that made the request, when known. */
  _test?: string
  /** The account whose token the request carried (`user`, `user2`, `admin`), if any. */
  _account?: string
}

export interface Har {
  log: {
    version: '1.2'
    creator: { name: string; version: string }
    pages: []
    entries: HarEntry[]
    /** Volatile values are placeholders (fixtures; see placeholders.ts). */
    _normalised?: boolean
    /** Role → the account's e-mail when recorded (`{{email:<role>}}` once normalised; its user name is `{{user:<role>}}`). */
    _accounts?: Record<string, string>
  }
}

/** Bodies above this are cut (the fixture stays small; a cut request body is not replayed). */
export const BODY_LIMIT = 16 * 1024

export const MASK = '***'
const SECRET_HEADERS = ['authorization', 'cookie', 'set-cookie', 'x-seafile-otp', 'seafile-repo-token']
const SECRET_FIELDS = ['password', 'password2', 'old_password', 'new_password', 'passwd', 'pwd']

export interface Secrets {
  /** Secret value → its replacement (`{{token:user}}`), so masked values stay tellable apart. */
  values: Map<string, string>
}

const scrub = (text: string, secrets: Secrets) => {
  let out = text
  for (const [value, mask] of secrets.values) if (value.length >= 3) out = out.split(value).join(mask)
  return out
}

export function maskHeaders(headers: HarHeader[], secrets: Secrets): HarHeader[] {
  return headers.map(({ name, value }) => {
    if (!SECRET_HEADERS.includes(name.toLowerCase())) return { name, value: scrub(value, secrets) }
    // A scheme without credentials (the "token header without a key" check) has nothing to hide.
    if (/^(Token|Bearer|Basic)\s*$/i.test(value)) return { name, value }
    const scheme = /^(Token|Bearer|Basic)\s+/i.exec(value)?.[0] ?? ''
    const masked = scrub(value, secrets)
    return { name, value: masked !== value ? masked : `${scheme}${MASK}` }
  })
}

/** Masks password fields of a url-encoded or JSON body and any known secret value. */
export function maskBody(text: string, mimeType: string, secrets: Secrets): string {
  if (/x-www-form-urlencoded/.test(mimeType)) {
    const form = new URLSearchParams(text)
    // Re-encoded only when a field is masked: a body that is not really a form stays as sent.
    if (!SECRET_FIELDS.some((f) => form.has(f))) return scrub(text, secrets)
    for (const f of SECRET_FIELDS) if (form.has(f)) form.set(f, MASK)
    return scrub(form.toString(), secrets)
  }
  if (/multipart\/form-data/.test(mimeType)) {
    const field = new RegExp(`(name="(?:${SECRET_FIELDS.join('|')})"\\r\\n\\r\\n)[^\\r]*`, 'g')
    return scrub(text.replace(field, `$1${MASK}`), secrets)
  }
  let out = scrub(text, secrets)
  if (/json/.test(mimeType))
    out = out.replace(new RegExp(`("(?:${SECRET_FIELDS.join('|')})"\\s*:\\s*)"[^"]*"`, 'g'), `$1"${MASK}"`)
  return out
}

const isText = (mimeType: string) => /json|text|x-www-form-urlencoded|xml|javascript/i.test(mimeType)

/** A body as HAR holds it: text when it is text, base64 otherwise; cut at BODY_LIMIT. */
export function bodyText(
  body: Buffer,
  mimeType: string,
  secrets: Secrets,
): { text: string; encoding?: 'base64'; truncated?: number } {
  const cut = body.length > BODY_LIMIT ? body.subarray(0, BODY_LIMIT) : body
  const truncated = body.length > BODY_LIMIT ? body.length : undefined
  const multipart = /multipart/.test(mimeType)
  if (isText(mimeType) || (multipart && cut.toString('utf8').indexOf('\uFFFD') < 0))
    return { text: maskBody(cut.toString('utf8'), mimeType, secrets), truncated }
  return { text: cut.toString('base64'), encoding: 'base64', truncated }
}

export const emptyHar = (entries: HarEntry[] = []): Har => ({
  log: {
    version: '1.2',
    creator: { name: 'seafile-conformance', version: '0.1.0' },
    pages: [],
    entries,
  },
})

/** The body bytes of a HAR request or response content. */
export function bytesOf(text: string | undefined, encoding: string | undefined): Buffer {
  if (text === undefined) return Buffer.alloc(0)
  return encoding === 'base64' ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8')
}

export const headerOf = (headers: HarHeader[], name: string): string | undefined =>
  headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value
