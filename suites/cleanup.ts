/**
 * Cleanup that never hides a test's failure. In `try { … } finally { cleanup }` a failing cleanup replaces
 * the error that made the test fail (a 403 on delete instead of the 500 that broke the test); here the
 * first failure stays the test's error and the cleanup's is reported beside it: an annotation
 * (`cleanup failed too`) and a `cleanup-error` attachment, which the reports print with the failure.
 * Calls made while cleaning up are marked, so the report blames the exchange that failed, not the cleanup's.
 */
import { test } from '@playwright/test'

/** The annotation of a cleanup error beside the test's own failure. */
export const CLEANUP_FAILED_TOO = 'cleanup failed too'
/** The annotation of a cleanup error that is the test's failure (nothing failed before it). */
export const CLEANUP_FAILED = 'cleanup failed'

let depth = 0
/** Whether a cleanup is running in this worker (one test at a time per worker). */
export const inCleanup = (): boolean => depth > 0

/** An error in a line: its message's first two lines (an expectation and what was received). */
const oneLine = (err: unknown) =>
  ((err as Error)?.message ?? String(err))
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 2)
    .join(': ')

/**
 * Runs a cleanup: its calls are marked as cleanup; if it fails, the failure is recorded for the reports
 * (`afterFailure`: the test had already failed, so this error goes beside that one) and thrown.
 */
export async function asCleanup<T>(cleanup: () => Promise<T>, afterFailure = false): Promise<T> {
  depth++
  try {
    return await cleanup()
  } catch (err) {
    const info = test.info()
    info.annotations.push({
      type: afterFailure ? CLEANUP_FAILED_TOO : CLEANUP_FAILED,
      description: oneLine(err),
    })
    await info.attach('cleanup-error', {
      body: (err as Error)?.stack ?? String(err),
      contentType: 'text/plain',
    })
    throw err
  } finally {
    depth--
  }
}

/** `body`, then `cleanup` whatever happened; a failing body's error wins over the cleanup's. */
export async function withCleanup<T>(body: () => Promise<T>, cleanup: () => Promise<void>): Promise<T> {
  let result: T
  try {
    result = await body()
  } catch (err) {
    // The body's error goes on; the cleanup's, if any, is annotated beside it (asCleanup).
    await asCleanup(cleanup, true).catch(() => undefined)
    throw err
  }
  await asCleanup(cleanup)
  return result
}
