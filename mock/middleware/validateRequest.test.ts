import { describe, expect, test } from 'vitest'
import { RequestValidator } from '../../spec/requestValidator.ts'
import { SpecValidator } from '../../spec/validator.ts'
import { createApp } from '../app.ts'
import { drfResponse } from '../http/responses.ts'
import { Seafile } from '../model/seafile.ts'
import { resolveOptions } from '../options.ts'
import { specRequestCheck } from './validateRequest.ts'

const json400 = {
  '400': { description: 'bad', content: { 'application/json': { schema: { type: 'object' } } } },
}
const doc = {
  openapi: '3.1.0',
  paths: {
    '/api2/things/': {
      get: {
        parameters: [
          { name: 'n', in: 'query', required: true, schema: { type: 'integer' } },
          { name: 'own', in: 'query', required: true, schema: { type: 'integer' } },
        ],
        responses: json400,
      },
    },
    '/api2/lenient/': {
      get: {
        parameters: [{ name: 'n', in: 'query', required: true, schema: { type: 'integer' } }],
        responses: {},
      },
    },
    '/upload-api/{token}': {
      post: {
        parameters: [{ name: 'replace', in: 'query', schema: { type: 'integer', enum: [0, 1] } }],
        responses: {
          '400': { description: 'bad', content: { 'text/plain': { schema: { type: 'string' } } } },
        },
      },
    },
  },
}

async function app() {
  const seaf = await Seafile.open(resolveOptions({ log: () => {}, accounts: [] }))
  const check = specRequestCheck(new RequestValidator(new SpecValidator(doc)))
  return createApp(
    seaf,
    [
      ({ routes, app }) => {
        routes.get('/api2/things/', () => drfResponse('ok'), { auth: false, selfChecked: ['own'] })
        routes.get('/api2/lenient/', () => drfResponse('ok'), { auth: false })
        app.post('/upload-api/:token', async (c) => {
          await check(c, [])
          return c.text('ok')
        })
      },
    ],
    check,
  )
}

describe('request validation', () => {
  test('a missing or wrong-typed parameter is a 400 in seahub shape before the handler', async () => {
    const a = await app()
    const missing = await a.request('/api2/things/')
    expect([missing.status, await missing.json()]).toEqual([400, { error_msg: 'n invalid.' }])
    const typed = await a.request('/api2/things/?n=abc')
    expect([typed.status, await typed.json()]).toEqual([400, { error_msg: 'n invalid.' }])
    expect(await (await a.request('/api2/things/?n=3')).json()).toBe('ok')
  })

  test('skips parameters the handler reports itself, and operations without a documented 400', async () => {
    const a = await app()
    expect((await a.request('/api2/things/?n=1&own=x')).status).toBe(200)
    expect((await a.request('/api2/lenient/')).status).toBe(200)
  })

  test('file-server operations get a text/plain 400', async () => {
    const a = await app()
    const res = await a.request('/upload-api/t?replace=7', { method: 'POST' })
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([
      400,
      'text/plain; charset=utf-8',
      'replace invalid.\n',
    ])
  })
})
