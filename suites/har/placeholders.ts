/**
 * Volatile values in a recording become placeholders, so a recording can be committed and replayed against
 * another server: the origin → `{{origin}}`, library and token UUIDs → `{{uuid:N}}`, 40-hex ids →
 * `{{sha:N}}` (numbered by first appearance), API tokens are already `{{token:<role>}}`, ISO times →
 * `{{time}}`. An account has two names (accounts.ts): the e-mail it logs in with → `{{email:<role>}}`, and
 * its user name (what owners, shares and history name) → `{{user:<role>}}`; other seahub 11 virtual user
 * names → `{{vid:N}}`. At replay a Bindings object maps each placeholder to the value the live server handed
 * out: learnt from its answers (the library id a create answered), asked for (each role's user name, from
 * its account info), or made up when the recording's client invented it (a random unknown id).
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { accountNamer, userNamesOf, VIRTUAL_ID } from './accounts.ts'
import type { Har, HarEntry } from './har.ts'

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
const SHA = /(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])/g
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g
const EMPTY_ID = '0'.repeat(40)
/** Response headers of the deployment (proxy, framework), not of the API: left out of a fixture. */
const NOISE_HEADERS =
  /^(date|last-modified|expires|content-length|etag|x-request-id|server|connection|vary|content-language|allow|access-control-[a-z-]+|x-content-type-options)$/i
const REFRESHED = new Set(['repotoken'])
export const PLACEHOLDER = /\{\{([a-z]+)(?::([A-Za-z0-9_-]+))?\}\}/g
/** The request that logs in: the one place a user-name-is-e-mail account is named by its login e-mail. */
const LOGIN = /\/auth-token\/$/

/**
 * Replaces volatile values in every text of a recording (in place on a copy); keeps the entry order.
 * `accounts` are the login e-mails by role; a recording already normalised (its `{{email:<role>}}`s) can be
 * normalised again, which splits its account placeholders into login e-mails and user names.
 */
export function normaliseHar(har: Har, accounts: Record<string, string | undefined>): Har {
  const first = har.log.entries[0]?.request.url
  const origin = first && !first.startsWith('{{') ? new URL(first).origin : undefined
  const ids = new Map<string, string>()
  const counters = { uuid: 0, sha: 0, vid: 0 }
  const idOf = (kind: 'uuid' | 'sha' | 'vid', v: string) => {
    const key = v.toLowerCase().replace('%40', '@')
    if (!ids.has(key)) ids.set(key, `{{${kind}:${++counters[kind]}}}`)
    return ids.get(key)!
  }
  const names = accountNamer(accounts, userNamesOf(har))
  const text = (s: string, login = false): string => {
    let out = s
    if (origin) out = out.split(origin).join('{{origin}}')
    out = names(out, login)
    out = out.replace(VIRTUAL_ID, (v) => idOf('vid', v))
    out = out.replace(UUID, (v) => idOf('uuid', v))
    out = out.replace(SHA, (v) => (v === EMPTY_ID ? v : idOf('sha', v)))
    return out.replace(ISO_TIME, '{{time}}')
  }
  const entries = har.log.entries.map((e, i): HarEntry => {
    const req = e.request
    const res = e.response
    const decoded = req.postData?._encoding === 'base64' ? undefined : req.postData?.text
    const login = LOGIN.test(req.url.split('?')[0]!)
    return {
      ...e,
      startedDateTime: new Date(Date.UTC(2000, 0, 1) + i).toISOString(),
      time: 0,
      timings: { send: 0, wait: 0, receive: 0 },
      request: {
        ...req,
        url: text(req.url),
        headers: req.headers.map((h) => ({ name: h.name, value: text(h.value) })),
        queryString: req.queryString.map((q) => ({ name: q.name, value: text(q.value) })),
        ...(req.postData
          ? {
              postData: {
                ...req.postData,
                text: decoded !== undefined ? text(decoded, login) : req.postData.text,
              },
            }
          : {}),
      },
      response: {
        ...res,
        headers: res.headers
          .filter((h) => !NOISE_HEADERS.test(h.name))
          .map((h) => ({ name: h.name, value: text(h.value) })),
        content: {
          ...res.content,
          ...(res.content.text !== undefined && res.content.encoding !== 'base64'
            ? { text: cutPage(text(res.content.text), res.content.mimeType) }
            : {}),
        },
        redirectURL: text(res.redirectURL),
      },
    }
  })
  return {
    log: {
      ...har.log,
      entries,
      _normalised: true,
      _accounts: Object.fromEntries(Object.keys(accounts).map((r) => [r, `{{email:${r}}}`])),
    } as Har['log'],
  }
}

/** An HTML page's text is not compared (shape.ts: its kind is): its head is enough for a reader. */
const cutPage = (text: string, mimeType: string) =>
  /html/i.test(mimeType) && text.length > 600 ? `${text.slice(0, 600)}…` : text

export interface Account {
  email: string
  password: string
}

/** Placeholder → live value, for one replay against one server. */
export class Bindings {
  readonly values = new Map<string, string>()

  constructor(origin: string, accounts: Record<string, Account>) {
    this.values.set('{{origin}}', origin.replace(/\/+$/, ''))
    for (const [role, a] of Object.entries(accounts)) this.values.set(`{{email:${role}}}`, a.email)
  }

  /** The text with every placeholder replaced; unknown ids get fresh values (the client made them up). */
  fill(text: string, encode = false): string {
    return text.replace(PLACEHOLDER, (whole, kind: string) => {
      if (!this.values.has(whole)) {
        if (kind === 'uuid') this.values.set(whole, randomUUID())
        else if (kind === 'vid') this.values.set(whole, `${randomBytes(16).toString('hex')}@auth.local`)
        else if (kind === 'sha') this.values.set(whole, randomBytes(20).toString('hex'))
        else if (kind === 'time') return new Date().toISOString()
        else return whole
      }
      const v = this.values.get(whole)!
      return encode && (kind === 'email' || kind === 'user') ? encodeURIComponent(v) : v
    })
  }

  /** Learns the placeholders of a recorded text from the live text at the same place. */
  learn(recorded: string, live: string): void {
    const names: string[] = []
    let source = ''
    let last = 0
    for (const m of recorded.matchAll(PLACEHOLDER)) {
      // Tokens are learnt again from each answer (a server may hand out a fresh one each time).
      const fresh = !this.values.has(m[0]) || REFRESHED.has(m[1]!)
      source += escapeRe(recorded.slice(last, m.index)) + (fresh ? '(.+?)' : escapeRe(this.values.get(m[0])!))
      if (fresh) names.push(m[0])
      last = m.index! + m[0].length
    }
    if (names.length === 0) return
    const hit = new RegExp(`^${source}${escapeRe(recorded.slice(last))}$`, 's').exec(live)
    if (!hit) return
    names.forEach((name, i) => {
      if (!name.startsWith('{{time')) this.values.set(name, hit[i + 1]!)
    })
  }

  /** Learns from two JSON values walked side by side (string leaves carry the placeholders). */
  learnJson(recorded: unknown, live: unknown): void {
    if (typeof recorded === 'string' && typeof live === 'string') this.learn(recorded, live)
    else if (Array.isArray(recorded) && Array.isArray(live)) {
      recorded.forEach((r, i) => {
        if (i < live.length) this.learnJson(r, live[i])
      })
    } else if (recorded && live && typeof recorded === 'object' && typeof live === 'object')
      for (const [k, v] of Object.entries(recorded)) this.learnJson(v, (live as Record<string, unknown>)[k])
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
