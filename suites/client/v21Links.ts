/**
 * Helpers for the v2.1 link suites (share_links.py, upload_links.py): create a link and keep the raw
 * answer, and download through a link the way a visitor does (`/api2/f/<token>/`).
 */
import type { APIResponse } from '@playwright/test'
import { ensureStatus } from './base.ts'
import type { SeafileClient } from './files.ts'
import type { Schemas } from './schemas.ts'

export type V21ShareLink = Schemas['V21ShareLink']
export type V21UploadLink = Schemas['V21UploadLink']

/** A password long enough for any SHARE_LINK_PASSWORD_MIN_LENGTH (10 by default, 8 on older servers). */
export const LINK_PASSWORD = 'correct-horse-battery'

/** POST /api/v2.1/share-links/ (or multi-share-links/) with a JSON body; the raw answer. */
export const postShareLink = (api: SeafileClient, body: Record<string, unknown>, multi = false) =>
  api.request('POST', multi ? '/api/v2.1/multi-share-links/' : '/api/v2.1/share-links/', { data: body })

export async function createV21ShareLink(
  api: SeafileClient,
  body: Record<string, unknown>,
  multi = false,
): Promise<V21ShareLink> {
  const res = await postShareLink(api, body, multi)
  await ensureStatus(res, 200, `v2.1 share link for ${String(body.path)}`)
  return (await res.json()) as V21ShareLink
}

export async function createV21UploadLink(
  api: SeafileClient,
  body: Record<string, unknown>,
): Promise<V21UploadLink> {
  const res = await api.request('POST', '/api/v2.1/upload-links/', { data: body })
  await ensureStatus(res, 200, `v2.1 upload link for ${String(body.path)}`)
  return (await res.json()) as V21UploadLink
}

/** The bytes a visitor gets through a file link: `/api2/f/<token>/` answers a download URL. */
export async function bytesThroughLink(anon: SeafileClient, token: string): Promise<string> {
  const res = await anon.request('GET', `/api2/f/${token}/`)
  await ensureStatus(res, 200, `file link ${token}`)
  const file = await anon.request('GET', (await res.json()) as string)
  await ensureStatus(file, 200, `download through link ${token}`)
  return (await file.body()).toString()
}

/** Anonymous multipart POST of one small file to a file-server upload URL (`?ret-json=1`). */
export async function anonymousUpload(
  anon: SeafileClient,
  uploadUrl: string,
  parentDir: string,
  name: string,
  text: string,
): Promise<APIResponse> {
  const url = new URL(uploadUrl)
  url.searchParams.set('ret-json', '1')
  return anon.request('POST', url.toString(), {
    multipart: {
      file: { name, mimeType: 'application/octet-stream', buffer: Buffer.from(text) },
      parent_dir: parentDir,
    },
  })
}
