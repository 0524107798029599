import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { allowedOrigin } from './cors.ts'
import type { MockServer } from './index.ts'
import { startServer } from './testing/harness.ts'

let server: MockServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.close())

const preflight = (origin: string) => ({
  method: 'OPTIONS',
  headers: {
    Origin: origin,
    'Access-Control-Request-Method': 'POST',
    'Access-Control-Request-Headers': 'authorization, x-mock-namespace',
  },
})

describe('CORS', () => {
  test('a preflight to a seahub route is answered 204 with the requested headers allowed', async () => {
    const res = await server.request('/api2/repos/', preflight('http://app.example.test'))
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization, x-mock-namespace')
    expect(res.headers.get('access-control-allow-methods')).toContain('DELETE')
  })

  test('a browser request gets the headers, a request without Origin does not', async () => {
    const browser = await server.request('/api2/ping/', { headers: { Origin: 'http://app.example.test' } })
    expect(browser.headers.get('access-control-allow-origin')).toBe('*')
    expect(browser.headers.get('access-control-expose-headers')).toBe('*')
    const cli = await server.request('/api2/ping/')
    expect(cli.headers.get('access-control-allow-origin')).toBeNull()
  })

  test('a list of origins echoes a listed origin and ignores others', async () => {
    const listed = await startServer({ corsOrigin: 'http://a.test, http://b.test' })
    try {
      const ok = await listed.request('/api2/ping/', { headers: { Origin: 'http://b.test' } })
      expect(ok.headers.get('access-control-allow-origin')).toBe('http://b.test')
      expect(ok.headers.get('vary')).toContain('Origin')
      const other = await listed.request('/api2/repos/', preflight('http://evil.test'))
      expect(other.headers.get('access-control-allow-origin')).toBeNull()
    } finally {
      await listed.close()
    }
  })

  test('off turns CORS off', () => {
    expect(allowedOrigin('off', 'http://a.test')).toBeUndefined()
    expect(allowedOrigin('', 'http://a.test')).toBeUndefined()
    expect(allowedOrigin('*', 'http://a.test')).toBe('*')
  })
})
