/** Value formats of seahub's JSON: ISO times, relative-time HTML, file sizes, user info. */
import type { Seafile } from '../model/seafile.ts'

/** seahub.utils.timeutils.timestamp_to_isoformat_timestr: `2024-01-02T03:04:05+00:00`. */
export const isoTime = (seconds: number): string =>
  new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00')

/** seahub.utils.filesizeformat (base 1000, one decimal). */
export function sizeFormat(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`
  const units = ['KB', 'MB', 'GB', 'TB', 'PB']
  let value = bytes / 1000
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${value.toFixed(1)} ${units[unit]}`
}

/** translate_seahub_time: a `<time>` element with a relative label. */
export function relativeTime(seconds: number): string {
  const iso = new Date(seconds * 1000).toUTCString()
  const delta = Math.max(0, Math.floor(Date.now() / 1000) - seconds)
  const label =
    delta < 60
      ? 'Just now'
      : delta < 3600
        ? `${Math.floor(delta / 60)} minutes ago`
        : delta < 86400
          ? `${Math.floor(delta / 3600)} hours ago`
          : `${Math.floor(delta / 86400)} days ago`
  return `<time datetime="${isoTime(seconds)}" is="relative-time" title="${iso}" >${label}</time>`
}

export interface UserInfo {
  email: string
  name: string
  contact_email: string
}

/** When (ms) the label {@link relativeTime} gives for `seconds` at `nowMs` next changes. */
export function relativeTimeChangesAt(seconds: number, nowMs: number): number {
  const delta = Math.max(0, Math.floor(nowMs / 1000) - seconds)
  const unit = delta < 60 ? 60 : delta < 3600 ? 60 : delta < 86400 ? 3600 : 86400
  const next = delta < 60 ? seconds + 60 : seconds + unit * (Math.floor(delta / unit) + 1)
  return Math.max(next, Math.floor(nowMs / 1000) + 1) * 1000
}

/** email2nickname / email2contact_email. */
export async function userInfo(seaf: Seafile, email: string): Promise<UserInfo> {
  const user = await seaf.users.get(email)
  return { email, name: user?.name ?? email.split('@')[0]!, contact_email: user?.contactEmail ?? email }
}

/** Python `urllib.parse.quote(s)` (safe `/`): unlike encodeURI it escapes `()!*'` and spaces. */
export const pyQuote = (s: string): string =>
  encodeURIComponent(s)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
