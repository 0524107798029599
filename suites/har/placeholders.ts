/**
 * Volatile values in a recording become placeholders, so a recording can be committed and replayed against
 * another server: the origin → `{{origin}}`, library and token UUIDs → `{{uuid:N}}`, 40-hex ids →
 * `{{sha:N}}` (numbered by first appearance), the accounts' e-mails → `{{email:<role>}}`, API tokens are
 * already `{{token:<role>}}`, ISO times → `{{time}}`. At replay a Bindings object maps each placeholder to
 * the value the live server handed out: learnt from its answers (the library id a create answered), or
 * made up when the recording's client invented it (a random unknown id).
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { Har, HarEntry } from './har.ts'

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
const SHA = /(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])/g
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g
const EMPTY_ID = '0'.repeat(40)
const REFRESHED = new Set(['repotoken'])
export const PLACEHOLDER = /\{\{([a-z]+)(?::([A-Za-z0-9_-]+))?\}\}/g

/** Replaces volatile values in every text of a recording (in place on a copy); keeps the entry order. */
export function normaliseHar(har: Har, accounts: Record<string, string | undefined>): Har {
  const origin = har.log.entries[0] ? new URL(har.log.entries[0].request.url).origin : undefined
  const ids = new Map<string, string>()
  const counters = { uuid: 0, sha: 0 }
  const idOf = (kind: 'uuid' | 'sha', v: string) => {
    const key = v.toLowerCase()
    if (!ids.has(key)) ids.set(key, `{{${kind}:${++counters[kind]}}}`)
    return ids.get(key)!
  }
  const text = (s: string): string => {
    let out = s
    if (origin) out = out.split(origin).join('{{origin}}')
    for (const [role, email] of Object.entries(accounts))
      if (email)
        out = out
          .split(email)
          .join(`{{email:${role}}}`)
          .split(encodeURIComponent(email))
          .join(`{{email:${role}}}`)
    out = out.replace(UUID, (v) => idOf('uuid', v))
    out = out.replace(SHA, (v) => (v === EMPTY_ID ? v : idOf('sha', v)))
    return out.replace(ISO_TIME, '{{time}}')
  }
  const entries = har.log.entries.map((e, i): HarEntry => {
    const req = e.request
    const res = e.response
    const decoded = req.postData?._encoding === 'base64' ? undefined : req.postData?.text
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
          ? { postData: { ...req.postData, text: decoded !== undefined ? text(decoded) : req.postData.text } }
          : {}),
      },
      response: {
        ...res,
        headers: res.headers
          .filter((h) => !/^(date|last-modified|expires|content-length|etag|x-request-id)$/i.test(h.name))
          .map((h) => ({ name: h.name, value: text(h.value) })),
        content: {
          ...res.content,
          ...(res.content.text !== undefined && res.content.encoding !== 'base64'
            ? { text: text(res.content.text) }
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
        else if (kind === 'sha') this.values.set(whole, randomBytes(20).toString('hex'))
        else if (kind === 'time') return new Date().toISOString()
        else return whole
      }
      const v = this.values.get(whole)!
      return encode && kind === 'email' ? encodeURIComponent(v) : v
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
