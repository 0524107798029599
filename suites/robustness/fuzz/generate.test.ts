import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { loadSpec } from '../../../spec/validator.ts'
import { curlOf } from './encode.ts'
import { type FuzzContext, generateCases } from './generate.ts'
import { judge } from './judge.ts'
import { isAdminOnly, operationsOf } from './operations.ts'

const doc = loadSpec()
const operations = operationsOf(doc)
const context: FuzzContext = {
  repoId: '0d4e6a1c-0000-4000-8000-000000000001',
  dir: '/d',
  file: '/d/f.txt',
  links: {
    upload: 'http://h/seafhttp/upload-api/11111111-1111-1111-1111-111111111111',
    download: 'http://h/seafhttp/files/22222222-2222-2222-2222-222222222222/f.txt',
  },
}
const generate = (seed: number, count: number, avoidServerErrors = false) =>
  generateCases({ doc, operations, context, seed, count, avoidServerErrors })

describe('negative request generator', () => {
  test('reads every operation of the spec, with security and admin-only ones', () => {
    expect(operations.length).toBeGreaterThan(100)
    expect(operations.find((o) => o.label === 'GET /api2/ping/')?.authenticated).toBe(false)
    expect(operations.find((o) => o.label === 'GET /api2/repos/')?.authenticated).toBe(true)
    const admin = operations.filter((o) => isAdminOnly(doc, o)).map((o) => o.label)
    expect(admin).toContain('GET /api2/accounts/')
    expect(admin).not.toContain('GET /api2/account/info/')
  })

  test('sends the operations the spec serves from {fileserver} to FILE_SERVER_ROOT, /blks/ among them', () => {
    const onFileServer = operations.filter((o) => o.fileserver).map((o) => o.template)
    expect(onFileServer).toEqual(expect.arrayContaining(['/blks/{token}/{block_id}', '/upload-api/{token}']))
    expect(operations.find((o) => o.label === 'GET /api2/repos/')?.fileserver).toBe(false)
    const blocks = generate(20261123, 300).cases.filter((c) => c.operation.startsWith('GET /blks/'))
    expect(blocks.length).toBeGreaterThan(0)
    for (const c of blocks) expect(c.request.url).toMatch(/^http:\/\/h\/seafhttp\/blks\//)
  })

  test('gives the same cases for the same seed, a prefix for fewer, others for another seed', () => {
    // Compared by digest: deep equality over megabytes of bodies is slow.
    const digest = (seed: number, count: number) =>
      generate(seed, count).cases.map((c) =>
        createHash('sha1')
          .update(
            `${c.index} ${c.operation} ${c.detail} ${c.request.url} ${JSON.stringify(c.request.headers)}`,
          )
          .update(c.request.body ?? new Uint8Array())
          .digest('hex'),
      )
    const a = digest(7, 300)
    expect(digest(7, 300)).toEqual(a)
    expect(digest(7, 120)).toEqual(a.slice(0, 120))
    expect(digest(8, 300)).not.toEqual(a)
  })

  test('covers every kind of breakage and spreads the cases over the operations', () => {
    const { cases } = generate(1, 3000)
    expect(new Set(cases.map((c) => c.kind))).toEqual(
      new Set([
        'missing-required',
        'wrong-type',
        'huge-value',
        'path-traversal',
        'long-name',
        'invalid-utf8',
        'bad-path-param',
        'malformed-body',
        'malformed-multipart',
        'bad-content-range',
        'bad-header',
      ]),
    )
    expect(new Set(cases.map((c) => c.operation)).size).toBeGreaterThan(90)
    expect(
      cases.every((c) => c.request.url.startsWith('/') || c.request.url.startsWith('http://h/seafhttp/')),
    ).toBe(true)
  })

  test('never sends a value-changing case to an operation that creates something outside the library', () => {
    const { cases } = generate(3, 3000)
    const creating = cases.filter(
      (c) => c.operation === 'POST /api2/repos/' || c.operation === 'PUT /api2/groups/',
    )
    expect(creating.length).toBeGreaterThan(0)
    for (const c of creating)
      expect(['missing-required', 'malformed-body', 'malformed-multipart']).toContain(c.kind)
  })

  test('leaves out the documented real-server 5xx triggers when asked', () => {
    const raw = (avoid: boolean) =>
      generate(5, 4000, avoid).cases.filter(
        (c) =>
          c.operation === 'POST /upload-raw-blks-api/{token}' && c.detail.startsWith('file part filename'),
      )
    expect(raw(false).length).toBeGreaterThan(0)
    expect(raw(true)).toEqual([])
  })

  test('the judge: a 5xx fails unless documented at core level; a 4xx must be in its family shape', () => {
    const [c] = generate(1, 1).cases
    const res = (status: number, contentType: string, body: string) => ({
      status,
      contentType,
      body: Buffer.from(body),
      ms: 1,
    })
    expect(judge(c!, res(500, 'text/html', '<h1>Server Error (500)</h1>'), [], 'core').problems).toHaveLength(
      1,
    )
    expect(judge(c!, res(500, 'text/html', 'x'), [500], 'core').tolerated).toMatch(/documented/)
    expect(judge(c!, res(500, 'text/html', 'x'), [500], 'strict').problems).toHaveLength(1)
    // Documented, but not in its documented form (an HTML page where the spec says JSON): not tolerated.
    const unlike = judge(c!, res(500, 'text/html', 'x'), [500], 'core', ['content type "text/html" …'])
    expect(unlike.tolerated).toBeUndefined()
    expect(unlike.problems[0]).toMatch(/not in its documented form/)
    const seahub = { ...c!, request: { ...c!.request, url: '/api2/repos/' } }
    expect(
      judge(seahub, res(400, 'application/json', '{"error_msg":"p invalid."}'), [], 'core').problems,
    ).toEqual([])
    expect(judge(seahub, res(404, 'text/html', '<h1>Not Found</h1>'), [], 'core').problems).toEqual([])
    expect(judge(seahub, res(400, 'application/json', '{"oops":1}'), [], 'core').problems).toHaveLength(1)
    expect(judge(seahub, res(403, 'text/plain', 'nope'), [], 'core').problems).toHaveLength(1)
    // A view's own error body (RepoHistoryChange.get's {"err": …}) passes where the spec documents it.
    const err = res(400, 'application/json', '{"err":"Invalid argument"}')
    expect(judge(seahub, err, [400], 'core', []).problems).toEqual([])
    expect(judge(seahub, err, [400], 'strict', []).problems).toEqual([])
    expect(judge(seahub, err, [], 'core', []).problems).toHaveLength(1)
    expect(judge(seahub, err, [400], 'core', ['body does not match']).problems).toHaveLength(1)
    // A JSON body that is no object: seahub's request.data.get raises (HTML 500), tolerated at core only.
    const jsonNull = (body: string) => ({
      ...seahub,
      kind: 'malformed-body' as const,
      request: {
        ...seahub.request,
        headers: { 'Content-Type': 'application/json' },
        body: Buffer.from(body),
      },
    })
    const page = res(500, 'text/html; charset=utf-8', '<title>Page unavailable</title>')
    expect(judge(jsonNull('null'), page, [], 'core').tolerated).toMatch(/json-body-not-object-500/)
    expect(judge(jsonNull('"a string"'), page, [], 'strict').problems).toHaveLength(1)
    expect(judge(jsonNull('{"x": 1}'), page, [], 'core').problems).toHaveLength(1)
    const strictMissing = { ...seahub, mustRefuse: true, detail: 'query p left out' }
    expect(judge(strictMissing, res(200, 'application/json', '[]'), [], 'strict').problems).toHaveLength(1)
    expect(judge(strictMissing, res(200, 'application/json', '[]'), [], 'core').problems).toEqual([])
  })

  test('prints a replayable curl line, bytes escaped', () => {
    const line = curlOf(
      { method: 'POST', url: '/x', headers: { A: "it's" }, body: Uint8Array.from([0x61, 0xff, 0x27]) },
      'http://h/',
    )
    expect(line).toBe(`curl -sS -X POST 'http://h/x' -H 'A: it'\\''s' --data-binary $'a\\xff\\x27'`)
  })
})
