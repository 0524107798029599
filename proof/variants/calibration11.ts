/**
 * Rules from calibrating against a real Seafile 11.0 (docs/real-server-findings-11.md): what `core` now
 * accepts from 11.0 (virtual user names, no zip progress with the Go file server) is still checked.
 */
import { bodyOf, jsonOf, type ProxiedResponse, pathOf, queryOf, type Variant } from '../proxy.ts'

const json = (status: number, body: unknown): ProxiedResponse => ({
  status,
  headers: new Headers({ 'content-type': 'application/json; charset=utf-8' }),
  body: bodyOf(JSON.stringify(body)),
})

export const CALIBRATION_11: Variant[] = [
  {
    name: 'account-info-names-another-login',
    breaks:
      'account info names the logged-in user: as email, or (seahub 11) as the contact e-mail of a virtual id',
    grep: 'account info describes the logged-in user',
    onResponse: (req, res) => {
      if (pathOf(req) !== '/api2/account/info/' || res.status !== 200) return res
      const info = jsonOf(res.body) as Record<string, unknown>
      return json(200, {
        ...info,
        email: `${'0'.repeat(32)}@auth.local`,
        contact_email: 'someone@example.org',
      })
    },
  },
  {
    name: 'zip-progress-unknown-token-500',
    breaks: "query-zip-progress of an unknown token answers 404 'progress not found.' (not a 500)",
    grep: 'zip progress of an unknown token',
    onRequest: (req) =>
      pathOf(req) === '/api/v2.1/query-zip-progress/' && queryOf(req).get('token') === 'no-such-token'
        ? json(500, { error_msg: 'Internal Server Error' })
        : undefined,
  },
]
