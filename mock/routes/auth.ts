/** Ping, login and server info (seahub/api2/views.py::Ping, AuthPing, ObtainAuthToken; views_misc.py). */
import { ERRORS, type ErrorValue, fail, fieldError } from '../errors.ts'
import { field, readForm } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import { verifyTotp } from '../model/totp.ts'
import type { RouteContext } from './types.ts'

const DEVICE_FIELDS = ['platform', 'device_id', 'device_name'] as const

/**
 * serializers.py::AuthTokenSerializer._two_factor_auth: a missing or wrong code is a non-field error, and
 * ObtainAuthToken adds `X-Seafile-OTP: required` so that the client asks the user for the code.
 */
function checkOtp(secret: string, code: string): void {
  if (code && verifyTotp(secret, code)) return
  const msg = code ? 'Two factor auth token is invalid.' : 'Two factor auth token is missing.'
  fail({ ...fieldError('non_field_errors', msg), headers: { 'X-Seafile-OTP': 'required' } })
}

export function authRoutes({ routes, seaf }: RouteContext): void {
  routes.get('/api2/ping/', (c) => drfResponse('pong', 200, c.req.method === 'HEAD' ? { foo: 'bar' } : {}), {
    auth: false,
  })
  routes.get('/api2/auth/ping/', () => drfResponse('pong'))

  // serializers.py::AuthTokenSerializer: field errors first (all of them), then device params, then login.
  routes.post(
    '/api2/auth-token/',
    async (c) => {
      const form = await readForm(c)
      const errors: Record<string, string[]> = {}
      for (const name of ['username', 'password']) {
        const value = field(form, name)
        if (value === undefined) errors[name] = ['This field is required.']
        else if (value === '') errors[name] = ['This field may not be blank.']
      }
      if (Object.keys(errors).length > 0)
        fail({ status: 400, family: 'drf', body: errors } satisfies ErrorValue)
      const device = DEVICE_FIELDS.map((name) => field(form, name) ?? '')
      if (device.some(Boolean) && !device.every(Boolean)) fail(ERRORS.INVALID_DEVICE_PARAMS)
      const user = await seaf.users.authenticate(field(form, 'username')!, field(form, 'password')!)
      if (!user) fail(ERRORS.BAD_CREDENTIALS)
      if (!user.isActive) fail(ERRORS.ACCOUNT_DISABLED)
      if (user.totpSecret) checkOtp(user.totpSecret, c.req.header('x-seafile-otp') ?? '')
      const [platform, deviceId, deviceName] = device as [string, string, string]
      const token = await seaf.users.issueToken(
        user.email,
        platform
          ? {
              platform,
              deviceId,
              deviceName,
              clientVersion: field(form, 'client_version') ?? '',
              platformVersion: field(form, 'platform_version') ?? '',
            }
          : undefined,
      )
      await seaf.users.save({ ...user, lastLogin: Math.floor(Date.now() / 1000) })
      return drfResponse({ token })
    },
    { auth: false, selfChecked: ['username', 'password', ...DEVICE_FIELDS] },
  )

  // views_misc.py::ServerInfoView: ENCRYPTED_LIBRARY_VERSION below 3 is reported as 2.
  routes.get(
    '/api2/server-info/',
    () =>
      drfResponse({
        version: seaf.options.version,
        encrypted_library_version: 2,
        features: ['seafile-basic', 'file-search'],
      }),
    { auth: false },
  )
}
