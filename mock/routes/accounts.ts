/** Accounts (seahub/api2/views.py::Accounts, Account, AccountInfo); the admin views are `IsAdminUser`. */
import { ERRORS, fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, pathParam, readForm } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import type { Seafile } from '../model/seafile.ts'
import type { UserRecord } from '../model/users.ts'
import type { RouteContext } from './types.ts'

function requireAdmin(c: MockContext): void {
  if (!c.get('user').isStaff) fail(ERRORS.PERMISSION_DENIED_DRF)
}

/** utils.to_python_boolean. */
function pyBool(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined) return undefined
  const v = value.toLowerCase()
  if (v === 'true' || v === '1') return true
  if (v === 'false' || v === '0') return false
  return fail(seahubError(400, `${name} invalid.`))
}

/** Bytes used by a user's libraries. */
export async function usageOf(seaf: Seafile, email: string): Promise<number> {
  let usage = 0
  for (const repo of await seaf.repos.list()) {
    if (repo.owner !== email) continue
    usage += (await seaf.fs.stats((await seaf.repos.head(repo)).root_id)).size
  }
  return usage
}

/** admin/account.py get_account_info (seahub 10.0/11.0: the same keys; no `note`). */
async function accountJson(seaf: Seafile, user: UserRecord) {
  return {
    email: user.email,
    name: user.name,
    department: '',
    institution: '',
    id: Math.abs(hashCode(user.email)),
    is_staff: user.isStaff,
    is_active: user.isActive,
    // Account.get: `create_time` in microseconds.
    create_time: user.created * 1_000_000,
    // seahub 11 makes a profile (the contact e-mail) for each user it creates, its login_id NULL; 10.0 none: ''.
    login_id: seaf.options.virtualIds ? null : '',
    list_in_address_book: false,
    total: user.quota,
    usage: await usageOf(seaf, user.email),
  }
}

function hashCode(s: string): number {
  let h = 0
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) | 0
  return h
}

export function accountRoutes({ routes, seaf }: RouteContext): void {
  routes.get('/api2/account/info/', async (c) => {
    const user = c.get('user')
    const usage = await usageOf(seaf, user.email)
    return drfResponse({
      email: user.email,
      name: user.name,
      login_id: '',
      contact_email: user.contactEmail ?? user.email,
      institution: '',
      department: '',
      is_staff: user.isStaff,
      usage,
      total: user.quota,
      space_usage: user.quota > 0 ? `${((usage / user.quota) * 100).toFixed(2)}%` : '0%',
      // _get_account_info (seahub 11): the default avatar, no subscription, notification intervals off.
      avatar_url: `${seaf.linkBase(c.req.url)}/media/avatars/default.png`,
      enable_subscription: false,
      file_updates_email_interval: 0,
      collaborate_email_interval: 0,
    })
  })

  routes.get('/api2/accounts/', async (c) => {
    requireAdmin(c)
    const start = Number(c.req.query('start') ?? 0) || 0
    const limit = Number(c.req.query('limit') ?? 100) || 100
    const users = await seaf.users.list()
    const page =
      start === -1 && limit === -1 ? users : users.slice(Math.max(0, start), Math.max(0, start) + limit)
    return drfResponse(page.map((u) => ({ email: u.email, source: 'DB' })))
  })

  routes.get('/api2/accounts/:email/', async (c) => {
    requireAdmin(c)
    const user = await seaf.users.get(pathParam(c, 'email'))
    if (!user) fail(seahubError(404, `User ${pathParam(c, 'email')} not found.`))
    return drfResponse(await accountJson(seaf, user))
  })

  routes.put(
    '/api2/accounts/:email/',
    async (c) => {
      requireAdmin(c)
      const email = pathParam(c, 'email')
      const form = await readForm(c)
      const existing = await seaf.users.get(email)
      const isStaff = pyBool(field(form, 'is_staff'), 'is_staff')
      const isActive = pyBool(field(form, 'is_active'), 'is_active')
      if (!existing) {
        // Account._create_account: AccountSerializer errors are passed to api_error as the message.
        const password = field(form, 'password')
        if (!password) fail(seahubError(400, 'password invalid.'))
        if (!email.includes('@')) fail(seahubError(400, 'email invalid.'))
        const virtualId = seaf.options.virtualIds
        const made = await seaf.users.create({
          email,
          password,
          isStaff,
          isActive,
          name: field(form, 'name'),
          virtualId,
        })
        const location = `${seaf.linkBase(c.req.url)}/api2/accounts/${encodeURIComponent(made.email)}/`
        // seahub 11 answers the account (its virtual id as `email`); the document says "success".
        return drfResponse(virtualId ? await accountJson(seaf, made) : 'success', 201, { Location: location })
      }
      // Account._update_account.
      const user = { ...existing }
      const name = field(form, 'name')
      if (name !== undefined) {
        if (name.length > 64) fail(seahubError(400, 'Name is too long (maximum is 64 characters)'))
        if (name.includes('/')) fail(seahubError(400, "Name should not include '/'."))
        user.name = name
      }
      const note = field(form, 'note')
      if (note !== undefined) user.note = note
      const storage = field(form, 'storage')
      if (storage !== undefined) {
        if (!/^-?\d+$/.test(storage)) fail(seahubError(400, 'storage invalid.'))
        user.quota = Number(storage)
      }
      const password = field(form, 'password')
      if (password) seaf.users.setPassword(user, password)
      if (isStaff !== undefined) user.isStaff = isStaff
      if (isActive !== undefined) user.isActive = isActive
      await seaf.users.save(user)
      // seahub 11 answers the account (admin/account.py:314-315); the document says "success".
      return drfResponse(seaf.options.virtualIds ? await accountJson(seaf, user) : 'success')
    },
    { selfChecked: ['password', 'is_staff', 'is_active', 'name', 'note', 'storage'] },
  )

  routes.delete('/api2/accounts/:email/', async (c) => {
    requireAdmin(c)
    const email = pathParam(c, 'email')
    if (!(await seaf.users.get(email))) fail(seahubError(404, `User ${email} not found.`))
    await seaf.users.delete(email)
    // seahub 10.0/11.0: `{"success": true}` (admin/account.py:358); the document says "success".
    return drfResponse(seaf.options.virtualIds ? { success: true } : 'success')
  })
}
