/**
 * The two names of an account in a recording. Seahub ≥ 11 names a user by a virtual id
 * (`<32 hex>@auth.local`, base/accounts.py gen_user_virtual_id) that owners, shares and history carry, while
 * the account logs in with its e-mail (`contact_email`); the mock and older servers use the e-mail for
 * both. So the login e-mail becomes `{{email:<role>}}` and the user name `{{user:<role>}}`, the user name
 * read from the role's `GET /api2/account/info/` answer (`email`). Where the two are one string (user name =
 * e-mail) the place decides: the login request and `contact_email` (`owner_contact_email`…) name the login, everything else the user.
 */
import type { Har } from './har.ts'

/** seahub ≥ 11 user names; an account's own → `{{user:<role>}}`, others → `{{vid:N}}`. */
export const VIRTUAL_ID = /(?<![0-9a-f])[0-9a-f]{32}(?:@|%40)auth\.local/gi
export const ACCOUNT_INFO = /\/api2\/account\/info\/$/

/** Each role's user name, from the first account info answered to it in the recording. */
export function userNamesOf(har: Har): Map<string, string> {
  const out = new Map<string, string>()
  for (const e of har.log.entries) {
    const role = e._account
    if (!role || out.has(role) || e.response.status !== 200) continue
    if (!ACCOUNT_INFO.test(e.request.url.split('?')[0]!)) continue
    try {
      const info = JSON.parse(e.response.content.text ?? '') as { email?: unknown }
      if (typeof info.email === 'string' && info.email) out.set(role, info.email)
    } catch {
      // not JSON: nothing to learn
    }
  }
  return out
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const swap = (text: string, value: string, placeholder: string) =>
  text.split(value).join(placeholder).split(encodeURIComponent(value)).join(placeholder)

/**
 * A function that puts the account placeholders into a text (`login`: the text is a login request's).
 * `accounts`: login e-mails by role; `users`: user names by role (a role without one: its e-mail).
 */
export function accountNamer(
  accounts: Record<string, string | undefined>,
  users: Map<string, string>,
): (text: string, login: boolean) => string {
  // Longest first, so an e-mail that ends another (a@x.org in ba@x.org) is not cut out of it.
  const roles = Object.entries(accounts)
    .filter((a): a is [string, string] => !!a[1])
    .map(([role, email]) => ({ role, email, user: users.get(role) ?? email }))
    .sort((a, b) => b.email.length - a.email.length)
  // A contact e-mail is put aside under a mark first: in a recording normalised before, the login e-mail is
  // itself `{{email:<role>}}`, which the swap below would turn into the user name.
  const contact = roles.map(({ role, email }) => ({
    re: new RegExp(`("\\w*contact_email"\\s*:\\s*")${escapeRe(email)}"`, 'g'),
    to: `$1\uE000${role}\uE000"`,
  }))
  return (text, login) => {
    let out = text
    for (const { re, to } of contact) out = out.replace(re, to)
    for (const { role, email, user } of roles) {
      if (user !== email) out = swap(swap(out, user, `{{user:${role}}}`), email, `{{email:${role}}}`)
      else out = swap(out, email, login ? `{{email:${role}}}` : `{{user:${role}}}`)
    }
    return out.replace(/\uE000([^\uE000]+)\uE000/g, '{{email:$1}}')
  }
}
