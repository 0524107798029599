/**
 * An account's two placeholders: `{{email:<role>}}` (the login) and `{{user:<role>}}` (the user name), split
 * by what the recording's account info says, and bound per server at replay.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { emptyHar, type HarEntry } from './har.ts'
import { normaliseHar } from './placeholders.ts'
import { replay } from './replay.ts'

const ORIGIN = 'http://127.0.0.1:9'
const VID = `${'a'.repeat(32)}@auth.local`
const VID2 = `${'b'.repeat(32)}@auth.local`

function entry(method: string, path: string, body: string | undefined, answer: string, account?: string) {
  return {
    startedDateTime: '2026-12-08T00:00:00.000Z',
    time: 1,
    _account: account,
    request: {
      method,
      url: `${ORIGIN}${path}`,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: account ? [{ name: 'Authorization', value: `Token {{token:${account}}}` }] : [],
      queryString: [],
      headersSize: -1,
      bodySize: body?.length ?? 0,
      ...(body !== undefined
        ? { postData: { mimeType: 'application/x-www-form-urlencoded', text: body } }
        : {}),
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [],
      content: { size: answer.length, mimeType: 'application/json', text: answer },
      redirectURL: '',
      headersSize: -1,
      bodySize: answer.length,
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
  } as HarEntry
}

/** A login, each role's account info, and a share with user2 (named by its user name `user2Name`). */
const recording = (userName: string, user2Name: string) =>
  emptyHar([
    entry('POST', '/api2/auth-token/', 'username=u%40x.org&password=***', '{"token":"{{token:user}}"}'),
    entry('GET', '/api2/account/info/', undefined, info(userName, 'u@x.org'), 'user'),
    entry('GET', '/api2/account/info/', undefined, info(user2Name, 'v@x.org'), 'user2'),
    entry(
      'PUT',
      `/api2/shared-repos/r/?user=${encodeURIComponent(user2Name)}`,
      undefined,
      '"success"',
      'user',
    ),
  ])
const info = (email: string, contact: string) => JSON.stringify({ email, contact_email: contact, name: 'n' })
const accounts = { user: 'u@x.org', user2: 'v@x.org' }

describe('account placeholders', () => {
  it('seahub 11: the virtual id is the user, the e-mail the login, wherever each appears', () => {
    const n = normaliseHar(recording(VID, VID2), accounts).log.entries
    expect(n[0]!.request.postData!.text).toBe('username={{email:user}}&password=***')
    expect(n[1]!.response.content.text).toBe(info('{{user:user}}', '{{email:user}}'))
    expect(n[2]!.response.content.text).toBe(info('{{user:user2}}', '{{email:user2}}'))
    expect(n[3]!.request.url).toBe('{{origin}}/api2/shared-repos/r/?user={{user:user2}}')
  })

  it('user name = e-mail (the mock, older servers): the login and contact e-mails are logins, the rest users', () => {
    const n = normaliseHar(recording('u@x.org', 'v@x.org'), accounts).log.entries
    expect(n[0]!.request.postData!.text).toBe('username={{email:user}}&password=***')
    expect(n[1]!.response.content.text).toBe(info('{{user:user}}', '{{email:user}}'))
    expect(n[3]!.request.url).toBe('{{origin}}/api2/shared-repos/r/?user={{user:user2}}')
  })

  it('a recording normalised before the split normalises again into the split', () => {
    const old = normaliseHar(recording('u@x.org', 'v@x.org'), accounts)
    // What the normaliser made of it before: every e-mail one `{{email:<role>}}`.
    for (const e of old.log.entries) {
      e.request.url = e.request.url.replace(/\{\{user:/g, '{{email:')
      e.response.content.text = e.response.content.text!.replace(/\{\{user:/g, '{{email:')
    }
    const again = normaliseHar(old, { user: '{{email:user}}', user2: '{{email:user2}}' }).log.entries
    expect(again[1]!.response.content.text).toBe(info('{{user:user}}', '{{email:user}}'))
    expect(again[3]!.request.url).toBe('{{origin}}/api2/shared-repos/r/?user={{user:user2}}')
  })
})

describe('binding the user name at replay', () => {
  let server: Server | undefined
  afterEach(() => server?.close())

  /** A server whose user names are `names` (login e-mail → user name), recording the share it is sent. */
  async function serve(names: Record<string, string>) {
    const shares: string[] = []
    server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x')
      let body = ''
      req.on('data', (c: Buffer) => {
        body += c.toString()
      })
      req.on('end', () => {
        res.setHeader('Content-Type', 'application/json')
        const login = new URLSearchParams(body).get('username')
        const token = (req.headers.authorization ?? '').replace('Token ', '')
        if (url.pathname === '/api2/auth-token/') return res.end(JSON.stringify({ token: login }))
        if (url.pathname === '/api2/account/info/') return res.end(info(names[token] ?? '', token))
        shares.push(url.searchParams.get('user') ?? '')
        res.end('"success"')
      })
    })
    await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok))
    return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, shares }
  }

  const har = normaliseHar(recording(VID, VID2), accounts)
  const live = { user: { email: 'u@x.org', password: 'p' }, user2: { email: 'v@x.org', password: 'q' } }

  it("sends each server its own user name for the role: a virtual id, or the e-mail where that's the name", async () => {
    const eleven = await serve({ 'u@x.org': VID, 'v@x.org': 'c'.repeat(32) + '@auth.local' })
    const r = await replay(har, { baseUrl: eleven.url, accounts: live })
    expect(r.flatMap((e) => e.differences)).toEqual([])
    expect(eleven.shares).toEqual([`${'c'.repeat(32)}@auth.local`])
    server!.close()
    const older = await serve({ 'u@x.org': 'u@x.org', 'v@x.org': 'v@x.org' })
    await replay(har, { baseUrl: older.url, accounts: live })
    expect(older.shares).toEqual(['v@x.org'])
  })
})
