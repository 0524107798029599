/** A resumable-upload chunk position: bytes `start..end` (inclusive) of a file of `total` bytes. */
export interface ChunkRange {
  start: number
  end: number
  total: number
}

const INTEGER = /^[+-]?[0-9]+$/

/** Go's strconv.ParseInt(s, 10, 64) for the sizes we can hold: a sign is allowed, nothing else. */
function parseInt64(text: string): number | undefined {
  if (!INTEGER.test(text)) return undefined
  const value = Number(text)
  return Number.isSafeInteger(value) ? value : undefined
}

/**
 * Parses a request `Content-Range` as the Go file server does.
 *
 * fileop.go::parseContentRange: it looks for the substrings `bytes`, the first `-` and the first `/`,
 * trims spaces left of the start, and needs start ≤ end < total. Anything else is *ignored* (the request
 * becomes a whole upload), so this returns `undefined` instead of throwing. `bytes=0-9/10` fails because of
 * the `=`.
 */
export function parseContentRange(value: string | null | undefined): ChunkRange | undefined {
  if (!value) return undefined
  const bytes = value.indexOf('bytes')
  const dash = value.indexOf('-')
  const slash = value.indexOf('/')
  if (bytes < 0 || dash < 0 || slash < 0) return undefined
  // Go would slice out of bounds (and panic) when the separators come before `bytes`; we just ignore it.
  if (dash < bytes + 'bytes'.length || slash < dash) return undefined
  const start = parseInt64(value.slice(bytes + 'bytes'.length, dash).replace(/^ +/, ''))
  const end = parseInt64(value.slice(dash + 1, slash))
  const total = parseInt64(value.slice(slash + 1))
  if (start === undefined || end === undefined || total === undefined) return undefined
  if (start > end || end >= total) return undefined
  return { start, end, total }
}

/** True for the chunk that completes the file (fileop.go: `rend == fsize-1`). */
export const isLastChunk = (range: ChunkRange): boolean => range.end === range.total - 1
