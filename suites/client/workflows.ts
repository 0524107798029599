/**
 * Small helpers for the workflow suites (sharing, links, groups, history): they build on the typed client
 * and keep raw access to each response so tests can assert the status and body.
 */
import type { APIResponse } from '@playwright/test'
import { ensureStatus } from './base.ts'
import type { SeafileClient } from './files.ts'

/** Seahub answers an unknown route with Django's HTML 404 (a route gone from current seahub). */
export const isHtml404 = (res: APIResponse): boolean =>
  res.status() === 404 && /html/.test(res.headers()['content-type'] ?? '')

/** The file server's root (what precedes `/upload-api/…` in an upload link or `/files/…` in a download link). */
export function fileServerRoot(link: string): string {
  const url = new URL(link)
  const at = url.pathname.search(/\/(upload-api|files|update-api|upload-blks-api)\//)
  return `${url.origin}${url.pathname.slice(0, at)}`
}

/** Uploads a small text file (`/name`) and answers its path. */
export async function putText(
  api: SeafileClient,
  repoId: string,
  path: string,
  text: string,
): Promise<string> {
  const dir = path.slice(0, path.lastIndexOf('/') + 1) || '/'
  const name = path.slice(path.lastIndexOf('/') + 1)
  await api.uploadFile(repoId, dir, name, new TextEncoder().encode(text), { replace: true })
  return path
}

/** PUT file/shared-link/ → 201 with the link in Location (views.py::FileSharedLinkView.put). */
export async function createShareLink(
  api: SeafileClient,
  repoId: string,
  form: Record<string, string>,
): Promise<{ res: APIResponse; url: string; token: string }> {
  const res = await api.request('PUT', `/api2/repos/${repoId}/file/shared-link/`, { form, maxRedirects: 0 })
  await ensureStatus(res, 201, `create share link for ${form.p}`)
  const url = res.headers()['location'] ?? ''
  const token = /\/(?:f|d|u\/d)\/([0-9a-zA-Z]+)\/?$/.exec(url)?.[1]
  if (!token) throw new Error(`share link: no token in Location ${url}`)
  return { res, url, token }
}

/** PUT /api2/groups/ → `{"success": true, "group_id": N}` (views.py::Groups.put). */
export async function createGroup(api: SeafileClient, name: string): Promise<number> {
  const res = await api.request('PUT', '/api2/groups/', { form: { group_name: name } })
  await ensureStatus(res, 200, `create group ${name}`)
  return ((await res.json()) as { group_id: number }).group_id
}

export async function deleteGroup(api: SeafileClient, id: number): Promise<void> {
  const res = await api.request('DELETE', `/api2/groups/${id}/`)
  await ensureStatus(res, [200, 404], `delete group ${id}`)
}

/** The e-mail of the account behind a client. */
export async function emailOf(api: SeafileClient): Promise<string> {
  return (await api.accountInfo()).email
}

/** A group name valid for seahub (letters, digits, hyphen) and unique enough for a shared server. */
export const groupName = (label: string) => `sc-${label}-${Math.random().toString(36).slice(2, 10)}`

/** A seahub ≥ 11 user name: `<32 hex>@auth.local` (base/accounts.py UserManager.create_user, gen_user_virtual_id). */
export const VIRTUAL_ID = /^[0-9a-f]{32}@auth\.local$/

/**
 * The login e-mail of an account as account info names it. seahub ≥ 11 stores a user made by the admin UI or
 * API under a virtual id and keeps the e-mail the user logs in with as `contact_email`
 * (api2/views.py::AccountInfo._get_account_info: `email` is request.user.username); before 11, and for
 * users made before 11, `email` is the login.
 */
export function loginEmailOf(info: { email: string; contact_email?: string }): string {
  return VIRTUAL_ID.test(info.email) && info.contact_email ? info.contact_email : info.email
}
