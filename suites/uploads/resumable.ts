/** Resumable-upload detection: `Accept-Ranges: bytes` on file-uploaded-bytes (ENABLE_RESUMABLE_FILEUPLOAD). */
import type { TestInfo } from '@playwright/test'
import type { SeafileClient } from '../client/files.ts'
import { uploadedBytes } from './transfer.ts'

export const NOT_RESUMABLE =
  'the server does not offer resumable upload: file-uploaded-bytes answers without "Accept-Ranges: bytes"'

/** Skips the test with the reason unless the server advertises resumable upload. */
export async function requireResumable(api: SeafileClient, repoId: string, info: TestInfo): Promise<void> {
  const probe = await uploadedBytes(api, repoId, '/', 'sc-probe.bin')
  info.skip(!probe.acceptRanges, NOT_RESUMABLE)
}
