/**
 * Resumable-upload detection. The feature switch comes from probing file-uploaded-bytes (suites/features.ts);
 * here each test checks the route answers for its own library. `Accept-Ranges: bytes` is not required: seahub
 * sends it only with its web-UI switch ENABLE_RESUMABLE_FILEUPLOAD (default off), while the file server takes
 * `Content-Range` chunks either way (upload-file.c upload_headers_cb; real-seafile-10-run.md: 10 of 14
 * resumable tests pass on 10.0 once they run).
 */
import type { TestInfo } from '@playwright/test'
import type { SeafileClient } from '../client/files.ts'
import { uploadedBytes } from './transfer.ts'

export const NOT_RESUMABLE =
  'feature "resumable" is absent: file-uploaded-bytes does not answer on this server'

/** Skips the test with the reason unless file-uploaded-bytes answers for the library. */
export async function requireResumable(api: SeafileClient, repoId: string, info: TestInfo): Promise<void> {
  const answered = await uploadedBytes(api, repoId, '/', 'sc-probe.bin').then(
    () => true,
    () => false,
  )
  info.skip(!answered, NOT_RESUMABLE)
}
