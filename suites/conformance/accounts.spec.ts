/**
 * Accounts: the user's own info and the admin account API (seahub/api2/endpoints/admin/account.py):
 * create by PUT (201 "success" + Location), read back, update, list, delete, then 404.
 */
import { randomUUID } from 'node:crypto'
import type { APIResponse } from '@playwright/test'
import { toleratedAtCore } from '../client/level.ts'
import { loginEmailOf, VIRTUAL_ID } from '../client/workflows.ts'
import { core, expect, test } from '../fixtures.ts'

/**
 * `"success"` as documented; seahub 10.0 answers the account object (PUT) or `{"success": true}` (DELETE)
 * instead (admin/account.py), accepted at core.
 */
async function expectSuccess(res: APIResponse, status: number): Promise<unknown> {
  expect(res.status()).toBe(status)
  const body: unknown = await res.json()
  if (toleratedAtCore(typeof body === 'object' && body !== null, 'accounts-answer-shape')) return body
  expect(body).toBe('success')
  return body
}

/**
 * The user name the server stored a created account under. seahub ≥ 11 stores it under a virtual id
 * (`<hex>@auth.local`, base/accounts.py UserManager.create_user) and answers that id as `email` of the account
 * object (admin/account.py::Account.put → get_account_info); GET/PUT/DELETE then take that id, and the
 * e-mail itself answers 404. The documented answer ("success") names none: the account is the e-mail.
 */
function createdAccount(body: unknown, email: string): string {
  const id = (body as { email?: unknown } | null)?.email
  if (typeof id !== 'string' || id === email) return email
  expect(id, 'a created account is the e-mail or a seahub 11 virtual id').toMatch(VIRTUAL_ID)
  return id
}

test.describe('accounts', () => {
  test('account info describes the logged-in user', core, async ({ api, target }) => {
    const me = await api.accountInfo()
    if (target.user && !target.token) expect(loginEmailOf(me)).toBe(target.user)
    expect(me.usage).toBeGreaterThanOrEqual(0)
  })

  test('admin account lifecycle: create, get, update, list, delete, then 404', core, async ({ admin }) => {
    const email = `sc-${randomUUID().slice(0, 8)}@example.com`
    let id = email
    const url = () => `/api2/accounts/${encodeURIComponent(id)}/`
    try {
      await test.step('PUT on an unknown e-mail creates the account: 201 "success"', async () => {
        // admin/account.py::Account.put: User.DoesNotExist → create, 201 'success' + Location.
        const created = await admin.request('PUT', url(), { form: { password: 'Sc-pass-1234' } })
        id = createdAccount(await expectSuccess(created, 201), email)
      })
      await test.step('GET reads it back', async () => {
        const res = await admin.request('GET', url())
        expect(res.status()).toBe(200)
        expect(await res.json()).toMatchObject({ email: id, is_active: true })
      })
      await test.step('PUT on an existing account updates it: 200 "success"', async () => {
        await expectSuccess(await admin.request('PUT', url(), { form: { is_active: 'false' } }), 200)
        expect(await (await admin.request('GET', url())).json()).toMatchObject({
          email: id,
          is_active: false,
        })
      })
      await test.step('the list answers 200 with account entries', async () => {
        const res = await admin.request('GET', '/api2/accounts/', { params: { start: 0, limit: 100 } })
        expect(res.status()).toBe(200)
        expect(Array.isArray(await res.json())).toBe(true)
      })
    } finally {
      await test.step('DELETE answers "success"', async () => {
        await expectSuccess(await admin.request('DELETE', url()), 200)
      })
    }
    await test.step('after delete, GET answers 404', async () => {
      expect((await admin.request('GET', url())).status()).toBe(404)
    })
  })

  test('an invalid is_staff value answers 400', core, async ({ admin }) => {
    // The admin's user name, not the login: on seahub ≥ 11 the login e-mail names no user, so the PUT would
    // be a create (a serializer error object, not 'is_staff invalid.').
    const email = (await admin.accountInfo()).email
    const res = await admin.request('PUT', `/api2/accounts/${encodeURIComponent(email)}/`, {
      form: { is_staff: 'maybe' },
    })
    await expect(res).toBeSeahubError(400, 'is_staff invalid.')
  })

  test('a normal user cannot list accounts', core, async ({ api }) => {
    // IsAdminUser: DRF's 403.
    await expect(await api.request('GET', '/api2/accounts/')).toBeDrfError(403)
  })
})
