/** Path and name rules of seahub's views (Python side); the Go upload rules are in upload/fileNames.ts. */

/** posixpath-style normalisation to `/a/b` (no trailing slash; `/` for the root). `..` never climbs. */
export function normalizePath(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.')
  return '/' + parts.join('/')
}

/** `/a/b/c` → `{ parent: '/a/b', name: 'c' }`; the root has an empty name. */
export function splitPath(path: string): { parent: string; name: string } {
  const norm = normalizePath(path)
  const slash = norm.lastIndexOf('/')
  return { parent: slash === 0 ? '/' : norm.slice(0, slash), name: norm.slice(slash + 1) }
}

/** posixpath.join of a dir and a name. */
export const joinName = (dir: string, name: string): string =>
  dir.endsWith('/') ? dir + name : `${dir}/${name}`

/**
 * seafile_api.is_valid_filename (repo-mgr.c::is_valid_filename + should_ignore): not empty, not `.`/`..`,
 * no `/`, under 256 bytes.
 */
export function isValidName(name: string): boolean {
  if (name === '' || name === '.' || name === '..') return false
  if (name.includes('/') || name.includes('\0')) return false
  return Buffer.byteLength(name, 'utf8') < 256
}

/** Python `os.path.splitext`: leading dots belong to the base (`.bashrc` has no extension). */
export function splitExt(name: string): [base: string, ext: string] {
  const dot = name.lastIndexOf('.')
  const firstNonDot = name.search(/[^.]/)
  if (dot <= 0 || firstNonDot < 0 || dot < firstNonDot) return [name, '']
  return [name.slice(0, dot), name.slice(dot)]
}

/**
 * seahub/utils::get_no_duplicate_obj_name (used by check_filename_with_rename): `name (1).ext`,
 * `name (2).ext`, …; `.bashrc` becomes `.bashrc (1)` (the Go file server gives ` (1).bashrc`).
 */
export function seahubUniqueName(name: string, exists: (candidate: string) => boolean): string {
  if (!exists(name)) return name
  const [base, ext] = splitExt(name)
  for (let i = 1; ; i++) {
    const candidate = ext ? `${base} (${i})${ext}` : `${name} (${i})`
    if (!exists(candidate)) return candidate
  }
}
