/** File-name rules of the Go file server's upload paths. */

/** fileop.go: `duplicateNamesCount`, the most `name (n).ext` variants tried before giving up. */
export const DUPLICATE_NAMES_COUNT = 1000

/**
 * Go's `filepath.Base` on Linux: the last `/`-separated element, trailing slashes dropped; `""` → `.`,
 * only slashes → `/`. A backslash is an ordinary character there.
 */
export function baseName(path: string): string {
  if (path === '') return '.'
  const trimmed = path.replace(/\/+$/, '')
  if (trimmed === '') return '/'
  return trimmed.slice(trimmed.lastIndexOf('/') + 1)
}

/**
 * fileop.go::shouldIgnoreFile: a `..` component, invalid UTF-8, 256 bytes or more, or a `/`.
 * Names reach us already decoded, so invalid UTF-8 shows as U+FFFD (the decoder's replacement).
 */
export function isInvalidFileName(name: string): boolean {
  if (name.split('/').includes('..')) return true
  if (name.includes('\uFFFD')) return true
  if (Buffer.byteLength(name, 'utf8') >= 256) return true
  return name.includes('/')
}

/**
 * fileop.go::genUniqueName: `name (1).ext`, `name (2).ext`, … split at the *last* dot (so `.bashrc` gives
 * ` (1).bashrc`, unlike seahub), up to `name (999).ext`; `undefined` beyond (Go: 400 "Too many files with same name.").
 */
export function uniqueFileName(name: string, exists: (candidate: string) => boolean): string | undefined {
  const dot = name.lastIndexOf('.')
  const stem = dot < 0 ? name : name.slice(0, dot)
  const ext = dot < 0 ? '' : name.slice(dot)
  let candidate = name
  let i = 1
  // A transliteration of Go's loop: it stops at i > 1000 *before* testing `name (1000)`, so 999 is the last.
  while (exists(candidate) && i <= DUPLICATE_NAMES_COUNT) {
    candidate = `${stem} (${i})${ext}`
    i++
  }
  return i <= DUPLICATE_NAMES_COUNT ? candidate : undefined
}

/** Go `filepath.Join("/", ...parts)`: one absolute, cleaned path (`.`/`..` resolved, no trailing slash). */
export function joinPath(...parts: string[]): string {
  const out: string[] = []
  for (const segment of parts.join('/').split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') out.pop()
    else out.push(segment)
  }
  return '/' + out.join('/')
}

/**
 * Go `filepath.Clean`: absolute paths as {@link joinPath}; relative ones keep the leading `..` that climb
 * out; empty gives `.`.
 */
export function cleanPath(path: string): string {
  if (path.startsWith('/')) return joinPath('/', path)
  const out: string[] = []
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..' && out.length > 0 && out.at(-1) !== '..') out.pop()
    else out.push(segment)
  }
  return out.length === 0 ? '.' : out.join('/')
}

/** Go `filepath.Dir`: everything before the last `/`, cleaned; `.` without a slash. */
export function dirName(path: string): string {
  const slash = path.lastIndexOf('/')
  return slash < 0 ? '.' : cleanPath(path.slice(0, slash + 1))
}
