/** Request helpers the sharing views share: group ids from the URL, `request.POST`, e-mail checks. */
import { ERRORS, fail } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { type Form, pathParam, readForm } from '../http/form.ts'

/** seahub/api2/urls.py: `groups/<int:group_id>/`; anything else does not match a URL (HTML 404). */
export function groupIdParam(c: MockContext, name = 'group_id'): number {
  const raw = pathParam(c, name)
  if (!/^[0-9]+$/.test(raw)) fail(ERRORS.DJANGO_NOT_FOUND)
  return Number(raw)
}

/** Django's `request.POST`: form and multipart bodies only (a JSON body leaves it empty). */
export async function postForm(c: MockContext): Promise<Form> {
  const type = (c.req.header('content-type') ?? '').toLowerCase()
  const form = await readForm(c)
  return type.startsWith('application/json') ? {} : form
}

/** Django's `QueryDict.getlist` over a parsed body. */
export const fieldList = (form: Form, name: string): string[] => ([] as string[]).concat(form[name] ?? [])

/** seahub/utils::is_valid_username (is_valid_email): something@domain.tld. */
export const isValidUsername = (value: string | undefined | null): value is string =>
  typeof value === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)

/** Python's `int(value)`: optional sign and surrounding blanks, digits only. */
export function pyInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*[-+]?\d+\s*$/.test(value)) return undefined
  return Number(value.trim())
}
