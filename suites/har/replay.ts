/**
 * Replays a recording's requests, in order, against a live server, filling placeholders with the values
 * that server hands out (placeholders.ts), and compares each answer with the recorded one: status,
 * content type and body shape (shape.ts). Used by the recorded-exchange test (tests/har) and by `diff`.
 */
import type { Har, HarEntry } from './har.ts'
import { bytesOf, headerOf, MASK } from './har.ts'
import { type Account, Bindings } from './placeholders.ts'
import { compareResponses, type ExchangeDifference, parseJson, type ResponseView } from './shape.ts'

export interface LiveExchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string }
  response: ResponseView & { headers: Record<string, string> }
}

export interface ReplayedEntry {
  index: number
  method: string
  /** The recorded (normalised) URL, e.g. `{{origin}}/api2/repos/{{uuid:1}}/`. */
  url: string
  test?: string
  recorded: ResponseView
  live?: LiveExchange
  skipped?: string
  differences: ExchangeDifference[]
}

export interface ReplayOptions {
  baseUrl: string
  accounts: Record<string, Account>
  timeoutMs?: number
}

const TEXTUAL = /json|text|html|xml|javascript|x-www-form-urlencoded/i

export const recordedView = (e: HarEntry): ResponseView => ({
  status: e.response.status,
  mimeType: e.response.content.mimeType,
  text: e.response.content.encoding === 'base64' ? undefined : e.response.content.text,
  size: e.response.content.size,
  cut: e.response.content._truncated !== undefined,
})

/** The request of an entry with the live values in (undefined: it cannot be sent as recorded). */
function liveRequest(
  e: HarEntry,
  b: Bindings,
  accounts: Record<string, Account>,
): LiveExchange['request'] | string {
  const post = e.request.postData
  if (post?._truncated) return `its body (${post._truncated} bytes) was cut when recording`
  const headers: Record<string, string> = {}
  for (const h of e.request.headers)
    if (!/^(content-length|host|connection|transfer-encoding)$/i.test(h.name))
      headers[h.name] = b.fill(h.value)
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'accept')) headers.Accept = 'application/json'
  const auth = headerOf(e.request.headers, 'authorization')
  if (auth && /\{\{token:/.test(b.fill(auth))) return `no live token for ${auth}`
  let body: string | undefined
  if (post) {
    const form = /x-www-form-urlencoded/.test(post.mimeType)
    body = post._encoding === 'base64' ? post.text : b.fill(post.text, form)
    const fields = new URLSearchParams(body)
    // A login carries no role (it is made before the token): the account is the one it names, unless the
    // recorded answer refused it (a wrong password, masked like any other).
    const account = e._account
      ? accounts[e._account]
      : e.response.status === 200
        ? Object.values(accounts).find((a) => a.email === fields.get('username'))
        : undefined
    if (form && account && fields.get('password') === MASK) {
      fields.set('password', account.password)
      body = fields.toString()
    }
  }
  return { method: e.request.method, url: b.fill(e.request.url, true), headers, body }
}

async function send(req: LiveExchange['request'], encoding: string | undefined, timeoutMs: number) {
  const res = await fetch(req.url, {
    method: req.method,
    headers: req.headers,
    body:
      req.body === undefined
        ? undefined
        : encoding === 'base64'
          ? new Uint8Array(bytesOf(req.body, 'base64'))
          : req.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  })
  const bytes = Buffer.from(await res.arrayBuffer())
  const mimeType = res.headers.get('content-type') ?? ''
  return {
    status: res.status,
    mimeType,
    size: bytes.length,
    text: TEXTUAL.test(mimeType) ? bytes.toString('utf8') : undefined,
    headers: Object.fromEntries(res.headers),
  }
}

/** Learns placeholder values from a live answer: its body and its headers (`oid`, Location). */
function learnFrom(b: Bindings, e: HarEntry, live: LiveExchange['response']): void {
  const rec = recordedView(e)
  const a = parseJson(rec.text, rec.mimeType)
  const c = parseJson(live.text, live.mimeType)
  if (a.ok && c.ok) b.learnJson(a.value, c.value)
  else if (rec.text !== undefined && live.text !== undefined) b.learn(rec.text, live.text)
  for (const h of e.response.headers) {
    const value = live.headers[h.name.toLowerCase()]
    if (value !== undefined) b.learn(h.value, value)
  }
  if (e.response.redirectURL && live.headers.location) b.learn(e.response.redirectURL, live.headers.location)
}

/** Logs in `role` so a recording made with `--token` (no login in it) can still be replayed. */
async function login(b: Bindings, base: string, role: string, account: Account | undefined): Promise<void> {
  if (!account || b.values.has(`{{token:${role}}}`)) return
  const res = await fetch(`${base}/api2/auth-token/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({ username: account.email, password: account.password }),
  })
  if (res.ok) b.values.set(`{{token:${role}}}`, ((await res.json()) as { token: string }).token)
}

/**
 * Binds `{{user:<role>}}` to the role's user name on this server, the `email` of its account info (a virtual
 * id on seahub ≥ 11, the login e-mail on older servers and the mock; accounts.ts), asked once right after
 * the role's login. A server that does not answer it: the login e-mail.
 */
async function bindUser(b: Bindings, base: string, role: string, account: Account | undefined) {
  const key = `{{user:${role}}}`
  if (!account || b.values.has(key)) return
  await login(b, base, role, account)
  let name = account.email
  const token = b.values.get(`{{token:${role}}}`)
  if (token)
    try {
      const res = await fetch(`${base}/api2/account/info/`, {
        headers: { Authorization: `Token ${token}`, Accept: 'application/json' },
      })
      const info = res.ok ? ((await res.json()) as { email?: unknown }) : {}
      if (typeof info.email === 'string' && info.email) name = info.email
    } catch {
      // no account info: the login e-mail stands for the user name
    }
  b.values.set(key, name)
}

/** The roles whose user name a request names. */
const usersNamed = (e: HarEntry) =>
  new Set(
    [e.request.url, ...e.request.headers.map((h) => h.value), e.request.postData?.text ?? ''].flatMap((t) =>
      [...t.matchAll(/\{\{user:([A-Za-z0-9_-]+)\}\}/g)].map((m) => m[1]!),
    ),
  )

/** Replays every entry in order; never throws for a server's answer, only reports it. */
export async function replay(har: Har, o: ReplayOptions): Promise<ReplayedEntry[]> {
  const b = new Bindings(o.baseUrl, o.accounts)
  const out: ReplayedEntry[] = []
  for (const [index, e] of har.log.entries.entries()) {
    const entry: ReplayedEntry = {
      index,
      method: e.request.method,
      url: e.request.url,
      test: e._test,
      recorded: recordedView(e),
      differences: [],
    }
    out.push(entry)
    const isLogin = /\/api2\/auth-token\/$/.test(
      new URL(e.request.url.replace('{{origin}}', 'http://x')).pathname,
    )
    const base = o.baseUrl.replace(/\/+$/, '')
    if (e._account && !isLogin) await login(b, base, e._account, o.accounts[e._account])
    const named = usersNamed(e)
    for (const [role, account] of Object.entries(o.accounts))
      if (b.values.has(`{{token:${role}}}`) || named.has(role)) await bindUser(b, base, role, account)
    const req = liveRequest(e, b, o.accounts)
    if (typeof req === 'string') {
      entry.skipped = req
      continue
    }
    try {
      const response = await send(req, e.request.postData?._encoding, o.timeoutMs ?? 30_000)
      entry.live = { request: req, response }
      learnFrom(b, e, response)
      entry.differences = compareResponses(entry.recorded, response)
    } catch (err) {
      entry.differences = [{ field: 'status', detail: `no answer: ${(err as Error).message}` }]
    }
  }
  return out
}
