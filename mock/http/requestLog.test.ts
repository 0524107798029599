import { describe, expect, test } from 'vitest'
import { RequestValidator } from '../../spec/requestValidator.ts'
import { SpecValidator } from '../../spec/validator.ts'
import { createApp } from '../app.ts'
import { createMockServer } from '../index.ts'
import { specRequestCheck } from '../middleware/validateRequest.ts'
import { Seafile } from '../model/seafile.ts'
import { resolveOptions } from '../options.ts'
import { type LogLevel, VIOLATION_HEADER, withRequestLog } from './requestLog.ts'
import { drfResponse } from './responses.ts'

const answer =
  (status: number, body: string, type = 'application/json') =>
  async () =>
    new Response(body, { status, headers: { 'Content-Type': type } })

function logged(level: LogLevel, format: 'text' | 'json' = 'text') {
  const lines: string[] = []
  return { lines, options: { level, format, write: (l: string) => lines.push(l) } }
}

describe('request log', () => {
  test('one text line per request: method, path, status, time; a refusal says why', async () => {
    const { lines, options } = logged('info')
    await withRequestLog(answer(200, '[]'), options)(new Request('http://m/api2/repos/?type=mine'))
    await withRequestLog(
      answer(404, '{"error_msg": "Library not found."}'),
      options,
    )(new Request('http://m/api2/repos/x/', { method: 'DELETE' }))
    await withRequestLog(
      answer(400, 'Invalid URL\n', 'text/plain'),
      options,
    )(new Request('http://m/seafhttp/x'))
    expect(lines[0]).toMatch(/^INFO {2}GET \/api2\/repos\/\?type=mine → 200 [\d.]+ ms$/)
    expect(lines[1]).toMatch(/^WARN {2}DELETE \/api2\/repos\/x\/ → 404 [\d.]+ ms: Library not found\.$/)
    expect(lines[2]).toMatch(/→ 400 [\d.]+ ms: Invalid URL$/)
  })

  test('levels: warn keeps 4xx and 5xx, error only 5xx, silent is the plain fetch', async () => {
    const fetches = [answer(200, '{}'), answer(403, '{"detail": "no"}'), answer(500, '{}')]
    for (const [level, count] of [
      ['warn', 2],
      ['error', 1],
      ['debug', 3],
    ] as const) {
      const { lines, options } = logged(level)
      for (const f of fetches) await withRequestLog(f, options)(new Request('http://m/'))
      expect(lines, level).toHaveLength(count)
    }
    const f = answer(200, '{}')
    expect(withRequestLog(f, { level: 'silent', format: 'text' })).toBe(f)
  })

  test('json: one object a line, with the reason', async () => {
    const { lines, options } = logged('info', 'json')
    await withRequestLog(
      answer(403, '{"detail": "Invalid token"}'),
      options,
    )(new Request('http://m/api2/ping/'))
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'warn',
      method: 'GET',
      path: '/api2/ping/',
      status: 403,
      reason: 'Invalid token',
    })
  })

  test("a 400 of the request validation names the violated parameter, beyond seahub's message", async () => {
    const doc = {
      openapi: '3.1.0',
      paths: {
        '/api2/things/': {
          get: {
            parameters: [{ name: 'n', in: 'query', required: true, schema: { type: 'integer' } }],
            responses: { '400': { description: 'bad', content: { 'application/json': { schema: {} } } } },
          },
        },
      },
    }
    const seaf = await Seafile.open(resolveOptions({ log: () => {}, accounts: [] }))
    const check = specRequestCheck(new RequestValidator(new SpecValidator(doc)))
    const app = createApp(
      seaf,
      [({ routes }) => routes.get('/api2/things/', () => drfResponse('ok'), { auth: false })],
      check,
    )
    const { lines, options } = logged('info')
    const res = await withRequestLog(
      async (r) => app.fetch(r),
      options,
    )(new Request('http://m/api2/things/?n=x'))
    expect(await res.json()).toEqual({ error_msg: 'n invalid.' })
    expect(res.headers.get(VIOLATION_HEADER)).toMatch(/^query parameter n /)
    expect(lines[0]).toMatch(/→ 400 [\d.]+ ms: request violates the spec: query parameter n /)
  })

  test('the library is quiet by default; logLevel turns the log on', async () => {
    const quiet = await createMockServer()
    expect(quiet.options.logLevel).toBe('silent')
    await quiet.close()
    const loud = await createMockServer({ logLevel: 'warn', logFormat: 'json' })
    expect([loud.options.logLevel, loud.options.logFormat]).toEqual(['warn', 'json'])
    await loud.close()
  })
})
