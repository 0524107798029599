/** Checks shared by the seahub views: repo lookup, permission, decryption, paths. */
import { ERRORS, type ErrorValue, fail } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { pathParam } from '../http/form.ts'
import type { RepoRecord } from '../model/repos.ts'
import type { Permission } from '../model/seafile.ts'

/** seahub/urls.py: `(?P<repo_id>[-0-9a-f]{36})`; anything else does not match a URL (HTML 404). */
const REPO_ID = /^[-0-9a-f]{36}$/

/** The `:repo_id` of the URL, or Django's HTML 404 when it cannot match seahub's URL pattern. */
export function repoIdParam(c: MockContext, name = 'repo_id'): string {
  const id = pathParam(c, name)
  if (!REPO_ID.test(id)) fail(ERRORS.DJANGO_NOT_FOUND)
  return id
}

/** The live repo of the URL, or `notFound` (default 404 `Library not found.`). */
export async function loadRepo(
  c: MockContext,
  notFound: ErrorValue = ERRORS.LIBRARY_NOT_FOUND,
): Promise<RepoRecord> {
  const repo = await c.get('seaf').repos.get(repoIdParam(c))
  if (!repo) fail(notFound)
  return repo
}

/** The user's permission, or `denied` (default 403 `Permission denied.`) if below `need`. */
export async function requirePermission(
  c: MockContext,
  repo: RepoRecord,
  need: Permission = 'r',
  denied: ErrorValue = ERRORS.PERMISSION_DENIED,
): Promise<Permission> {
  const perm = await c.get('seaf').getPermission(c.get('user').email, repo)
  if (!perm || (need === 'rw' && perm !== 'rw')) fail(denied)
  return perm
}

/** 440 `Library password is needed.` for an encrypted repo whose password the user has not set. */
export function requireDecrypted(c: MockContext, repo: RepoRecord): void {
  if (repo.encryption && !c.get('seaf').passwords.isSet(repo.id, c.get('user').email))
    fail(ERRORS.PASSWORD_NEEDED)
}
