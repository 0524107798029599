/**
 * `POST /api2/organization/` (seahub/api2/views.py::OrganizationView.post): a system admin adds an
 * organization and its owner account on a multi-tenancy server.
 */
import { ERRORS, fail, seahubError } from '../errors.ts'
import { field } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import { isValidUsername, postForm, pyInt } from '../sharing/http.ts'
import { sharingOf } from '../sharing/index.ts'
import { isoTime, userInfo } from '../views/format.ts'
import type { RouteContext } from './types.ts'

/** settings.ORG_MEMBER_QUOTA_DEFAULT. */
const MEMBER_LIMIT_DEFAULT = 10
const MB = 1_000_000

export function orgRoutes({ routes, seaf }: RouteContext): void {
  const { orgs } = sharingOf(seaf)

  routes.post(
    '/api2/organization/',
    async (c) => {
      // permission_classes = (IsAdminUser,): DRF refuses before the view runs.
      if (!c.get('user').isStaff) fail(ERRORS.PERMISSION_DENIED_DRF)
      if (!seaf.options.multiTenancy) fail(seahubError(403, 'Feature is not enabled.'))
      // request.POST: form bodies only.
      const form = await postForm(c)
      const username = field(form, 'username')
      const password = field(form, 'password')
      const orgName = field(form, 'org_name')
      const prefix = field(form, 'prefix')
      const quota = field(form, 'quota')
      const memberLimit = field(form, 'member_limit') ?? String(MEMBER_LIMIT_DEFAULT)
      if (!orgName || !username || !password || !prefix || !quota || !memberLimit)
        fail(seahubError(400, 'Missing argument'))
      if (!isValidUsername(username)) fail(seahubError(400, 'Email is not valid'))
      const quotaMb = pyInt(quota)
      if (quotaMb === undefined) fail(seahubError(400, 'Quota is not valid'))
      if (await seaf.users.get(username)) fail(seahubError(400, 'A user with this email already exists'))
      if (!/^[-a-zA-Z0-9_]+$/.test(prefix))
        fail(seahubError(400, 'URL prefix can only be letters(a-z), numbers, and the underscore character'))
      if (await orgs.byPrefix(prefix))
        fail(seahubError(400, 'An organization with this prefix already exists'))
      await seaf.users.create({ email: username, password })
      const org = await orgs.create({
        name: orgName,
        prefix,
        creator: username,
        quota: quotaMb * MB,
        // A non-numeric member_limit is stored as given by OrgMemberQuota; the mock keeps the default.
        memberLimit: pyInt(memberLimit) ?? MEMBER_LIMIT_DEFAULT,
      })
      const creator = await userInfo(seaf, username)
      return drfResponse(
        {
          org_id: org.id,
          org_name: org.name,
          ctime: isoTime(org.ctime),
          org_url_prefix: org.prefix,
          creator_email: creator.email,
          creator_name: creator.name,
          creator_contact_email: creator.contact_email,
        },
        201,
      )
    },
    { selfChecked: ['username', 'password', 'org_name', 'prefix', 'quota', 'member_limit'] },
  )
}
