/**
 * The arguments the v2.1 link views share (seahub/api2/endpoints/share_links.py, multi_share_links.py,
 * upload_links.py): the password, the expiry (`expire_days` or `expiration_time`) and the permissions, read
 * and refused in the views' order and with their messages.
 */
import { fail, seahubError } from '../errors.ts'
import { type Form, field, pyTruthy } from '../http/form.ts'
import { pyInt } from './http.ts'
import type { LinkPermission } from './links.ts'

/** config.SHARE_LINK_PASSWORD_MIN_LENGTH, as the api2 view of this mock reads it (share-links.ts). */
export const PASSWORD_MIN_LENGTH = 8
const DAY_MS = 86_400_000

/** `repo_id`, `path`, the password and the expiry of ShareLinks.post / UploadLinks.post, in their order. */
export function readLinkCreate(form: Form) {
  const repoId = field(form, 'repo_id')
  if (!repoId) fail(seahubError(400, 'repo_id invalid.'))
  const path = field(form, 'path')
  if (!path) fail(seahubError(400, 'path invalid.'))
  return { repoId, path, password: readLinkPassword(form), expireAt: readLinkExpiry(form) }
}

/** The password checks of ShareLinks.post / UploadLinks.post; `undefined` when none was given. */
export function readLinkPassword(form: Form): string | undefined {
  const password = field(form, 'password')
  if (!password) return undefined
  if (password.length < PASSWORD_MIN_LENGTH) fail(seahubError(400, 'Password is too short.'))
  // SHARE_LINK_PASSWORD_STRENGTH_LEVEL defaults to 1: any non-empty password is strong enough.
  // seahub.utils.is_valid_password: ASCII only.
  if (/[^\x00-\x7f]/.test(password))
    fail(seahubError(400, 'Password can only contain number, upper letter, lower letter and other symbols.'))
  return password
}

/** dateutil.parser.isoparse, roughly: a date, optionally a time and an offset. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/

/**
 * `expire_days` (positive integer) or `expiration_time` (ISO 8601), not both: the expiry in ms since the
 * epoch, `undefined` when neither is given (SHARE_LINK_EXPIRE_DAYS_DEFAULT is 0: no expiry).
 */
export function readLinkExpiry(form: Form, now = Date.now()): number | undefined {
  // `if expire_days:` (share_links.py:355): a JSON 0 is falsy, so no expiry (seen on 11.0.13).
  const days = pyTruthy(form, 'expire_days') ? (field(form, 'expire_days') ?? '') : ''
  const time = field(form, 'expiration_time') ?? ''
  if (days && time) fail(seahubError(400, 'Can not pass expire_days and expiration_time at the same time.'))
  if (days) {
    const n = pyInt(days)
    if (n === undefined || n <= 0) fail(seahubError(400, 'expire_days invalid.'))
    return now + n * DAY_MS
  }
  if (time) {
    const ms = ISO_DATE.test(time) ? Date.parse(time.replace(' ', 'T')) : Number.NaN
    if (Number.isNaN(ms))
      fail(
        seahubError(
          400,
          'expiration_time invalid, should be iso format, for example: 2020-05-17T10:26:22+08:00',
        ),
      )
    return ms
  }
  return undefined
}

/** Python truthiness of a JSON value. */
const truthy = (v: unknown): boolean =>
  !(v === false || v === null || v === undefined || v === 0 || v === '') &&
  !(Array.isArray(v) && v.length === 0) &&
  !(typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0)

const PERMISSIONS_INVALID = seahubError(400, 'permissions invalid.')

/**
 * share_links.py::check_permissions_arg: `permissions` is a dict (or its JSON) of `can_edit` (default
 * false), `can_download` (default true) and `can_upload` (default false); nothing given is view_download.
 */
export function readLinkPermission(form: Form): LinkPermission {
  const raw = field(form, 'permissions')
  if (!raw) return 'view_download'
  let dict: unknown
  try {
    dict = JSON.parse(raw)
  } catch {
    fail(PERMISSIONS_INVALID)
  }
  if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) fail(PERMISSIONS_INVALID)
  const d = dict as Record<string, unknown>
  const edit = truthy(d.can_edit ?? false)
  const download = truthy(d.can_download ?? true)
  const upload = truthy(d.can_upload ?? false)
  if (!edit && download && upload) return 'view_download_upload'
  if (edit) return download ? 'edit_download' : 'edit_only'
  return download ? 'view_download' : 'view_only'
}

/** FileShare.get_permissions. */
export function linkPermissions(permission: LinkPermission = 'view_download') {
  return {
    can_edit: permission === 'edit_download' || permission === 'edit_only',
    can_download: permission !== 'view_only' && permission !== 'edit_only',
    can_upload: permission === 'view_download_upload',
  }
}

/**
 * Whether a folder permission lets the user give a link `perm` (ShareLinks.post): read-only users may
 * only make view links, upload links need `rw`.
 */
export function permissionAllowed(folderPerm: 'r' | 'rw', perm: LinkPermission): boolean {
  if (folderPerm === 'r') return perm === 'view_download' || perm === 'view_only'
  return true
}

const TEXT_EXTENSIONS = new Set(
  'txt md markdown text log csv json xml yaml yml ini conf cfg sh py js ts c h cpp java go rs html css sql'.split(
    ' ',
  ),
)

/** views/file.py::can_edit_file without an online office: text and Markdown files. */
export function canEditFile(name: string): boolean {
  const dot = name.lastIndexOf('.')
  return dot > 0 && TEXT_EXTENSIONS.has(name.slice(dot + 1).toLowerCase())
}
