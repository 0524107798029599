/** Masking of recordings, placeholders and their binding at replay, and the shape comparison. */
import { describe, expect, it } from 'vitest'
import { emptyHar, type HarEntry, maskBody, maskHeaders } from './har.ts'
import { Bindings, normaliseHar } from './placeholders.ts'
import { compareResponses, compareShapes } from './shape.ts'

const secrets = { values: new Map([['a'.repeat(40), '{{token:user}}']]) }

describe('masking', () => {
  it('masks credentials in headers and bodies', () => {
    expect(maskHeaders([{ name: 'Authorization', value: `Token ${'a'.repeat(40)}` }], secrets)).toEqual([
      { name: 'Authorization', value: 'Token {{token:user}}' },
    ])
    expect(maskHeaders([{ name: 'Cookie', value: 'sessionid=x' }], secrets)[0]!.value).toBe('***')
    const form = maskBody('username=u%40x&password=secret', 'application/x-www-form-urlencoded', secrets)
    expect(form).toBe('username=u%40x&password=***')
    expect(maskBody('{"password": "pw", "a": 1}', 'application/json', secrets)).toBe(
      '{"password": "***", "a": 1}',
    )
    // A body that only looks like a form keeps its bytes.
    expect(maskBody('["x"]', 'application/x-www-form-urlencoded', secrets)).toBe('["x"]')
  })
})

describe('placeholders', () => {
  const entry = (url: string, resText: string): HarEntry =>
    ({
      startedDateTime: '2026-12-08T00:00:00.000Z',
      time: 1,
      request: {
        method: 'GET',
        url,
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: [],
        queryString: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        status: 200,
        statusText: 'OK',
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: [{ name: 'Date', value: 'now' }],
        content: { size: resText.length, mimeType: 'application/json', text: resText },
        redirectURL: '',
        headersSize: -1,
        bodySize: resText.length,
      },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    }) as HarEntry
  const id = '0d4e4d3c-1111-4222-8333-444455556666'
  const sha = 'b'.repeat(40)
  const har = emptyHar([
    entry(
      'http://127.0.0.1:9/api2/repos/',
      JSON.stringify({ repo_id: id, head: sha, owner: 'u@x.org', t: '2026-12-08T01:02:03+00:00' }),
    ),
    entry(`http://127.0.0.1:9/api2/repos/${id}/`, `"http://127.0.0.1:9/seafhttp/files/${id}/a.txt"`),
  ])

  it('normalises origin, ids, accounts and times', () => {
    const n = normaliseHar(har, { user: 'u@x.org' })
    expect(n.log.entries[0]!.response.content.text).toBe(
      '{"repo_id":"{{uuid:1}}","head":"{{sha:1}}","owner":"{{user:user}}","t":"{{time}}"}',
    )
    expect(n.log.entries[1]!.request.url).toBe('{{origin}}/api2/repos/{{uuid:1}}/')
    expect(n.log.entries[0]!.response.headers).toEqual([])
  })

  it('binds placeholders to the live values and fills requests with them', () => {
    const b = new Bindings('http://live:1', { user: { email: 'me@live', password: 'p' } })
    b.learnJson(
      { repo_id: '{{uuid:1}}', link: '{{origin}}/files/{{uuid:2}}/a' },
      { repo_id: 'R', link: 'http://live:1/files/T/a' },
    )
    expect(b.fill('{{origin}}/api2/repos/{{uuid:1}}/?t={{uuid:2}}&u={{email:user}}', true)).toBe(
      'http://live:1/api2/repos/R/?t=T&u=me%40live',
    )
    // An id the recording's client made up gets a fresh value, the same each time.
    expect(b.fill('{{uuid:9}}')).toBe(b.fill('{{uuid:9}}'))
  })
})

describe('shapes', () => {
  it('compares keys and JSON types recursively, not values', () => {
    expect(compareShapes({ a: [{ b: 1 }], c: 'x' }, { a: [{ b: 2 }], c: 'y' })).toEqual([])
    expect(compareShapes({ a: [{ b: 1 }] }, { a: [{ b: '1' }], d: null })).toEqual([
      { path: '$.a[0].b', detail: 'integer vs string' },
      { path: '$.d', detail: 'extra key' },
    ])
    const view = (status: number, mimeType: string, text: string) => ({
      status,
      mimeType,
      text,
      size: text.length,
    })
    expect(compareResponses(view(200, 'application/json', '{}'), view(404, 'text/html', '<h1>'))).toEqual([
      { field: 'status', detail: '200 vs 404' },
      { field: 'content-type', detail: 'application/json vs text/html' },
      { field: 'body', path: '$', detail: 'json vs text' },
    ])
  })
})

describe('allow-list', () => {
  it('accepts a listed difference (method, URL, field, path) and nothing else', async () => {
    const { allowed } = await import('./allowList.ts')
    const list = [
      {
        method: 'GET',
        url: '/api2/repos/\\{\\{uuid:\\d+\\}\\}/$',
        field: 'body' as const,
        path: '\\.salt$',
        reason: 'r',
      },
    ]
    const at = { method: 'GET', url: '{{origin}}/api2/repos/{{uuid:3}}/' }
    expect(allowed(list, at, { field: 'body', path: '$.salt', detail: 'missing key' })?.reason).toBe('r')
    expect(allowed(list, at, { field: 'body', path: '$.name', detail: 'missing key' })).toBeUndefined()
    expect(allowed(list, at, { field: 'status', detail: '200 vs 404' })).toBeUndefined()
  })
})
