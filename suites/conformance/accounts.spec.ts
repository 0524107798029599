/**
 * Accounts: the user's own info and the admin account API (seahub/api2/endpoints/admin/account.py):
 * create by PUT (201 "success" + Location), read back, update, list, delete, then 404.
 */
import { randomUUID } from 'node:crypto'
import type { APIResponse } from '@playwright/test'
import { withCleanup } from '../cleanup.ts'
import { toleratedAtCore } from '../client/level.ts'
import { core, expect, test } from '../fixtures.ts'

/**
 * `"success"` as documented; seahub 10.0 answers the account object (PUT) or `{"success": true}` (DELETE)
 * instead (admin/account.py), accepted at core.
 */
async function expectSuccess(res: APIResponse, status: number): Promise<void> {
  expect(res.status()).toBe(status)
  const body: unknown = await res.json()
  if (toleratedAtCore(typeof body === 'object' && body !== null, 'accounts-answer-shape')) return
  expect(body).toBe('success')
}

test.describe('accounts', () => {
  test('account info describes the logged-in user', core, async ({ api, target }) => {
    const me = await api.accountInfo()
    if (target.user && !target.token) expect(me.email).toBe(target.user)
    expect(me.usage).toBeGreaterThanOrEqual(0)
  })

  test('admin account lifecycle: create, get, update, list, delete, then 404', core, async ({ admin }) => {
    const email = `sc-${randomUUID().slice(0, 8)}@example.com`
    const url = `/api2/accounts/${encodeURIComponent(email)}/`
    await withCleanup(
      async () => {
        await test.step('PUT on an unknown e-mail creates the account: 201 "success"', async () => {
          // admin/account.py::Account.put: User.DoesNotExist → create, 201 'success' + Location.
          await expectSuccess(await admin.request('PUT', url, { form: { password: 'Sc-pass-1234' } }), 201)
        })
        await test.step('GET reads it back', async () => {
          const res = await admin.request('GET', url)
          expect(res.status()).toBe(200)
          expect(await res.json()).toMatchObject({ email, is_active: true })
        })
        await test.step('PUT on an existing account updates it: 200 "success"', async () => {
          await expectSuccess(await admin.request('PUT', url, { form: { is_active: 'false' } }), 200)
          expect(await (await admin.request('GET', url)).json()).toMatchObject({ email, is_active: false })
        })
        await test.step('the list answers 200 with account entries', async () => {
          const res = await admin.request('GET', '/api2/accounts/', { params: { start: 0, limit: 100 } })
          expect(res.status()).toBe(200)
          expect(Array.isArray(await res.json())).toBe(true)
        })
      },
      async () => {
        await test.step('DELETE answers "success"', async () => {
          await expectSuccess(await admin.request('DELETE', url), 200)
        })
      },
    )
    await test.step('after delete, GET answers 404', async () => {
      expect((await admin.request('GET', url)).status()).toBe(404)
    })
  })

  test('an invalid is_staff value answers 400', core, async ({ admin, target }) => {
    const email = target.adminUser ?? (await admin.accountInfo()).email
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
