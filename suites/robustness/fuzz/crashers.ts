/**
 * Requests that crash the reference server (seaf-server 10.0 segfaults, and every call answers 500 until it
 * is restarted: docs/real-server-findings.md). The core-level negative test does not send them, so one
 * crash does not turn the rest of a run into noise; the strict tests in `crashes.spec.ts` send each alone.
 */
import type { NegativeCase } from './generate.ts'

export interface Crasher {
  finding: string
  matches(c: NegativeCase): boolean
}

const header = (c: NegativeCase, name: string) =>
  Object.entries(c.request.headers).find(([k]) => k.toLowerCase() === name)?.[1]

export const REFERENCE_CRASHERS: Crasher[] = [
  {
    // access-file.c:parse_range_val: g_strdup (strchr (byte_ranges, '=') + 1) with no '=' → strlen(0x1).
    finding: 'range-without-equals-crash',
    matches: (c) => {
      const range = header(c, 'range')
      return range !== undefined && !range.includes('=')
    },
  },
  {
    // api2/views.py::ThumbnailView.get calls get_file_id_by_path(repo_id, None) before checking `p`:
    // format_dir_path(NULL) → strlen(NULL) in seaf-server's RPC thread.
    finding: 'thumbnail-without-p-crash',
    matches: (c) =>
      c.operation === 'GET /api2/repos/{repo_id}/thumbnail/' &&
      !new URL(c.request.url, 'http://x').searchParams.has('p'),
  },
]

/** The crasher a case is, if any. */
export const crasherOf = (c: NegativeCase): Crasher | undefined =>
  REFERENCE_CRASHERS.find((k) => k.matches(c))
