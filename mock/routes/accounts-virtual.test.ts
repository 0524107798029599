/**
 * The seahub ≥ 11 mode (virtualIds): users are virtual ids with the e-mail as login and contact e-mail,
 * as on a real Seafile 11.0 (docs/real-server-findings-11.md).
 */
import { describe, expect, test } from 'vitest'
import { login, startServer } from '../testing/harness.ts'

const VIRTUAL_ID = /^[0-9a-f]{32}@auth\.local$/

describe('accounts with virtual ids', () => {
  test('account info names the virtual id as email and the login as contact_email', async () => {
    const server = await startServer({ virtualIds: true })
    const user = await login(server, 'user@example.com', 'user')
    const info = await user.json<{ email: string; contact_email: string }>('GET', '/api2/account/info/')
    expect(info.email).toMatch(VIRTUAL_ID)
    expect(info.contact_email).toBe('user@example.com')
  })

  test('an admin create answers the account under a new virtual id; the e-mail names no user', async () => {
    const server = await startServer({ virtualIds: true })
    const admin = await login(server, 'admin@example.com', 'admin')
    const created = await admin.call('PUT', '/api2/accounts/new@example.com/', { form: { password: 'pw' } })
    expect(created.status).toBe(201)
    const { email } = (await created.json()) as { email: string }
    expect(email).toMatch(VIRTUAL_ID)
    expect(created.headers.get('location')).toBe(
      `http://localhost/api2/accounts/${encodeURIComponent(email)}/`,
    )
    expect((await admin.call('GET', '/api2/accounts/new@example.com/')).status).toBe(404)
    expect((await admin.call('GET', `/api2/accounts/${email}/`)).status).toBe(200)
    // The new user logs in with the e-mail.
    const fresh = await login(server, 'new@example.com', 'pw')
    expect((await fresh.json<{ email: string }>('GET', '/api2/account/info/')).email).toBe(email)
  })
})
