import { describe, expect, test } from 'vitest'
import { login, startServer } from '../testing/harness.ts'
import { parseRate, parseThrottle, SEAHUB_RATES, Throttle } from './throttle.ts'

describe('throttle', () => {
  test('reads rates as DRF does (the unit by its first letter) and scope lists', () => {
    expect(parseRate('60/min')).toEqual({ requests: 60, seconds: 60 })
    expect(parseRate('3000/minute')).toEqual({ requests: 3000, seconds: 60 })
    expect(parseRate('5/10s')).toEqual({ requests: 5, seconds: 10 })
    expect(parseRate('1/day')).toEqual({ requests: 1, seconds: 86400 })
    expect(parseThrottle('on')).toEqual(SEAHUB_RATES)
    expect(parseThrottle('off')).toBeUndefined()
    expect(parseThrottle('anon=5/min,user=10/s')).toEqual({
      anon: { requests: 5, seconds: 60 },
      user: { requests: 10, seconds: 1 },
    })
    expect(() => parseThrottle('admin=5/min')).toThrow(/anon, user or ping/)
    expect(() => parseRate('lots')).toThrow(/N\/min/)
  })

  test('over the limit: 429 with DRF detail and Retry-After; scopes and clients counted apart; file server free', async () => {
    const server = await startServer({ throttle: 'anon=2/min,user=3/min' })
    const anon = () => server.request('/api2/server-info/')
    expect((await anon()).status).toBe(200)
    expect((await anon()).status).toBe(200)
    const refused = await anon()
    expect(refused.status).toBe(429)
    expect(refused.headers.get('content-type')).toBe('application/json')
    const wait = Number(refused.headers.get('retry-after'))
    expect(wait).toBeGreaterThan(55)
    expect(await refused.json()).toEqual({
      detail: `Request was throttled. Expected available in ${wait} seconds.`,
    })
    // Another client address has its own window.
    expect(
      (await server.request('/api2/server-info/', { headers: { 'X-Forwarded-For': '10.0.0.9' } })).status,
    ).toBe(200)
    // The file server is never throttled.
    expect((await server.request('/seafhttp/files/x/y')).status).toBe(403)
    await server.close()
  })

  test('the wait is the rest of the window, rounded up; a request is allowed again once it has passed', () => {
    let now = 1000
    const throttle = new Throttle({ user: { requests: 2, seconds: 10 } }, () => now)
    const req = () => new Request('http://h/api2/repos/', { headers: { Authorization: 'Token abc' } })
    expect(throttle.check(req())).toBeUndefined()
    now = 1003
    expect(throttle.check(req())).toBeUndefined()
    now = 1004.5
    expect(throttle.check(req())).toBe(6)
    now = 1010.5
    expect(throttle.check(req())).toBeUndefined()
  })

  test('a login over the anon limit is refused like seahub, with the token route still fine for users', async () => {
    const server = await startServer({ throttle: 'anon=1/min' })
    const client = await login(server)
    const again = await server.request('/api2/auth-token/', {
      method: 'POST',
      body: new URLSearchParams({ username: 'user@example.com', password: 'user' }),
    })
    expect(again.status).toBe(429)
    expect((await client.call('GET', '/api2/repos/')).status).toBe(200)
    await server.close()
  })
})
