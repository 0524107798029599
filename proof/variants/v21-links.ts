/**
 * Broken servers for the v2.1 link, star, activity and sharing-dialog views (issue 19): each breaks one
 * rule the v21-*.spec.ts suites check, and greps the test that must catch it.
 */
import {
  bodyOf,
  jsonOf,
  type ProxiedRequest,
  type ProxiedResponse,
  pathOf,
  queryOf,
  textOf,
  type Variant,
} from '../proxy.ts'
import { isJson, ok } from './shared.ts'

const is = (req: ProxiedRequest, method: string, path: RegExp) =>
  req.method === method && path.test(pathOf(req))
const REPO = '[0-9a-f-]{36}'
const TOKEN = '[0-9a-f]+'

/** Rewrites the JSON answer of matching requests. */
const mapAnswer =
  (method: string, path: RegExp, fn: (body: unknown) => unknown) =>
  (req: ProxiedRequest, res: ProxiedResponse): ProxiedResponse =>
    is(req, method, path) && res.status === 200 && isJson(res) ? ok(fn(jsonOf(res.body))) : res

/** Turns a refusal (`status`) of matching requests into a 200 with `body`. */
const letThrough =
  (method: string, path: RegExp, status: number, body: unknown) =>
  (req: ProxiedRequest, res: ProxiedResponse): ProxiedResponse =>
    is(req, method, path) && res.status === status ? ok(body) : res

/** Rewrites the JSON body of `POST /api/v2.1/share-links/` (link creation). */
const rewriteCreate =
  (fn: (body: Record<string, unknown>) => Record<string, unknown>) =>
  (req: ProxiedRequest): undefined => {
    if (is(req, 'POST', /^\/api\/v2\.1\/share-links\/$/))
      req.body = bodyOf(JSON.stringify(fn(jsonOf(req.body) as Record<string, unknown>)))
  }

/** Drops the named query parameters of matching requests. */
const dropQuery = (req: ProxiedRequest, method: string, path: RegExp, names: string[]) => {
  if (!is(req, method, path)) return undefined
  const query = queryOf(req)
  for (const name of names) query.delete(name)
  req.url = `${pathOf(req)}?${query}`
  return undefined
}

/** The last v2.1 link answered per path, for the variant that hands it out again. */
const lastLinkByPath = new Map<string, unknown>()
/** Every v2.1 link answered, for the variant whose links outlive their library. */
const createdLinks = new Map<string, unknown>()
/** The JSON request body's `path`, if any. */
const bodyPath = (req: ProxiedRequest): string => {
  try {
    return String((jsonOf(req.body) as { path?: string }).path ?? '')
  } catch {
    return ''
  }
}
const newHex = (token: string) => token.replace(/.$/, (c) => (c === '0' ? '1' : '0'))

export const v21LinkVariants: Variant[] = [
  {
    name: 'v21-link-hidden-from-api2',
    breaks: 'a link made through v2.1 share-links is one of the api2 shared-links',
    grep: 'a v2.1 file link is seen by api2',
    onResponse: mapAnswer('GET', /^\/api2\/shared-links\/$/, () => ({ fileshares: [] })),
  },
  {
    name: 'v21-link-existing-handed-out',
    breaks: 'a second v2.1 share link for a path is 400 "Share link <token> already exists."',
    grep: 'a second v2.1 link for a path is refused',
    onResponse: (req, res) => {
      if (!is(req, 'POST', /^\/api\/v2\.1\/share-links\/$/)) return res
      const path = bodyPath(req)
      if (res.status === 200) lastLinkByPath.set(path, jsonOf(res.body))
      const existing = lastLinkByPath.get(path)
      return res.status === 400 && /already exists/.test(textOf(res.body)) && existing ? ok(existing) : res
    },
  },
  {
    name: 'v21-multi-link-reused',
    breaks: 'POST /api/v2.1/multi-share-links/ makes another link for a path that has one',
    grep: 'a second v2.1 link for a path is refused',
    onResponse: (req, res) => {
      if (is(req, 'POST', /^\/api\/v2\.1\/share-links\/$/) && res.status === 200)
        lastLinkByPath.set(bodyPath(req), jsonOf(res.body))
      const existing = lastLinkByPath.get(bodyPath(req))
      return is(req, 'POST', /^\/api\/v2\.1\/multi-share-links\/$/) && existing ? ok(existing) : res
    },
  },
  {
    name: 'v21-link-expiry-ignored',
    breaks: 'a v2.1 share link made with expire_days expires then',
    grep: 'a v2.1 link keeps its password, expiry and permissions',
    onResponse: mapAnswer('POST', /^\/api\/v2\.1\/share-links\/$/, (b) => ({
      ...(b as object),
      expire_date: '',
    })),
  },
  {
    name: 'v21-link-update-ignored',
    breaks: 'PUT /api/v2.1/share-links/{token}/ changes the permissions and the expiry',
    grep: 'a v2.1 link keeps its password, expiry and permissions',
    onRequest: (req) => {
      if (is(req, 'PUT', new RegExp(`^/api/v2\\.1/share-links/${TOKEN}/$`))) req.body = bodyOf('{}')
      return undefined
    },
  },
  {
    name: 'v21-links-outlive-library',
    breaks: "a deleted library's share links leave GET /api/v2.1/share-links/",
    grep: "a deleted library's share and upload links are gone",
    onResponse: (req, res) => {
      if (is(req, 'POST', /^\/api\/v2\.1\/share-links\/$/) && res.status === 200)
        createdLinks.set((jsonOf(res.body) as { token: string }).token, jsonOf(res.body))
      if (!is(req, 'GET', /^\/api\/v2\.1\/share-links\/$/) || res.status !== 200) return res
      const listed = jsonOf(res.body) as { token: string }[]
      const kept = [...createdLinks].filter(([t]) => !listed.some((l) => l.token === t)).map(([, l]) => l)
      return ok([...listed, ...kept])
    },
  },
  {
    name: 'v21-link-list-unfiltered-path',
    breaks: 'GET /api/v2.1/share-links/ with repo_id and path lists only that path',
    grep: 'an api2 folder link is listed by v2.1',
    onRequest: (req) => dropQuery(req, 'GET', /^\/api\/v2\.1\/share-links\/$/, ['path']),
  },
  {
    name: 'v21-link-permissions-ignored',
    breaks: 'a v2.1 share link keeps the permissions it was created with',
    grep: 'a v2.1 link keeps its password, expiry and permissions',
    onRequest: rewriteCreate(({ permissions: _, ...body }) => body),
  },
  {
    name: 'v21-link-password-hidden',
    breaks: 'a v2.1 share link answers its password',
    grep: 'a v2.1 link keeps its password, expiry and permissions',
    onResponse: mapAnswer('POST', /^\/api\/v2\.1\/share-links\/$/, (b) => ({
      ...(b as object),
      password: '',
    })),
  },
  {
    name: 'v21-link-readonly-edit-allowed',
    breaks: 'a read-only user cannot make an edit or upload share link (403)',
    grep: 'a read-only user makes view links only',
    onResponse: letThrough('POST', /^\/api\/v2\.1\/share-links\/$/, 403, {}),
  },
  {
    name: 'v21-link-delete-by-stranger',
    breaks: "another user's DELETE of a v2.1 share link is 403",
    grep: 'DELETE with a token list reports each token',
    onResponse: letThrough('DELETE', new RegExp(`^/api/v2\\.1/share-links/${TOKEN}/$`), 403, {
      success: true,
    }),
  },
  {
    name: 'v21-repo-links-for-anyone',
    breaks: "a library's share links are listed for its owner or admin only",
    grep: "a library's share links",
    onResponse: letThrough('GET', new RegExp(`^/api/v2\\.1/repos/${REPO}/share-links/$`), 403, []),
  },
  {
    name: 'v21-upload-link-not-reused',
    breaks: 'a second v2.1 upload link for a folder is the same link',
    grep: 'an upload link is made once per folder',
    onResponse: (req, res) => {
      if (!is(req, 'POST', /^\/api\/v2\.1\/upload-links\/$/) || res.status !== 200) return res
      if (!bodyPath(req).endsWith('/')) return res
      const link = jsonOf(res.body) as { token: string; link: string }
      const token = newHex(link.token)
      return ok({ ...link, token, link: link.link.replace(link.token, token) })
    },
  },
  {
    name: 'v21-upload-link-update-url',
    breaks: "an upload link's public URL is a file-server upload-api URL that takes the upload",
    grep: 'an upload link is made once per folder',
    onResponse: mapAnswer('GET', new RegExp(`^/api/v2\\.1/upload-links/${TOKEN}/upload/$`), (b) => ({
      upload_link: String((b as { upload_link: string }).upload_link).replace('/upload-api/', '/update-api/'),
    })),
  },
  {
    name: 'v21-upload-link-password-skipped',
    breaks: 'a password-protected upload link gives no upload URL to a plain GET (403)',
    grep: 'a password-protected upload link',
    onResponse: letThrough('GET', new RegExp(`^/api/v2\\.1/upload-links/${TOKEN}/upload/$`), 403, {
      upload_link: 'http://127.0.0.1:1/seafhttp/upload-api/00000000-0000-0000-0000-000000000000',
    }),
  },
  {
    name: 'v21-upload-link-expiry-ignored',
    breaks: 'PUT /api/v2.1/upload-links/{token}/ sets the expiry',
    grep: 'PUT sets an upload link expiry',
    onRequest: (req) => {
      if (is(req, 'PUT', new RegExp(`^/api/v2\\.1/upload-links/${TOKEN}/$`))) req.body = bodyOf('{}')
      return undefined
    },
  },
  {
    name: 'v21-starred-order',
    breaks: 'starred items list libraries, then folders, then files',
    grep: 'a file, a folder and the library are starred',
    onResponse: mapAnswer('GET', /^\/api\/v2\.1\/starred-items\/$/, (b) => ({
      starred_item_list: [...(b as { starred_item_list: unknown[] }).starred_item_list].reverse(),
    })),
  },
  {
    name: 'v21-unstar-unknown-200',
    breaks: 'unstarring an item that is not starred is 404 "Item <path> not found."',
    grep: 'a file, a folder and the library are starred',
    onResponse: letThrough('DELETE', /^\/api\/v2\.1\/starred-items\/$/, 404, { success: true }),
  },
  {
    name: 'v21-starred-api2-unseen',
    breaks: 'a file starred through api2 starredfiles is a v2.1 starred item',
    grep: 'a star made through api2',
    onResponse: mapAnswer('GET', /^\/api\/v2\.1\/starred-items\/$/, (b) => ({
      starred_item_list: (b as { starred_item_list: { path: string }[] }).starred_item_list.filter(
        (s) => s.path !== '/old-star.txt',
      ),
    })),
  },
  {
    name: 'v21-activities-ignore-per-page',
    breaks: 'GET /api/v2.1/activities/ pages by page and per_page',
    grep: 'activities are paged',
    onRequest: (req) => dropQuery(req, 'GET', /^\/api\/v2\.1\/activities\/$/, ['page', 'per_page']),
  },
  {
    name: 'v21-activities-missing-files',
    breaks: 'a new file is a `create`/`file` activity',
    grep: 'shows up as activities',
    onResponse: mapAnswer('GET', /^\/api\/v2\.1\/activities\/$/, (b) => ({
      events: (b as { events: { obj_type: string }[] }).events.filter((e) => e.obj_type !== 'file'),
    })),
  },
  {
    name: 'v21-activities-oldest-first',
    breaks: 'activities come newest first',
    grep: 'shows up as activities',
    onResponse: mapAnswer('GET', /^\/api\/v2\.1\/activities\/$/, (b) => ({
      events: [...(b as { events: unknown[] }).events].reverse(),
    })),
  },
  {
    name: 'v21-activities-rename-as-create',
    breaks: 'a renamed file is a `rename` activity with its old path',
    grep: 'an edit, a rename, a move and a delete',
    onResponse: mapAnswer('GET', /^\/api\/v2\.1\/activities\/$/, (b) => ({
      events: (b as { events: Record<string, unknown>[] }).events.map(({ old_path: _, ...e }) =>
        e.op_type === 'rename' ? { ...e, op_type: 'create' } : e,
      ),
    })),
  },
  {
    name: 'v21-share-info-empty',
    breaks: 'share-info lists the users a library is shared with',
    grep: 'share-info and shared-repos follow a share',
    onResponse: mapAnswer('GET', new RegExp(`^/api/v2\\.1/repos/${REPO}/share-info/$`), () => ({
      shared_user_emails: [],
      shared_group_ids: [],
    })),
  },
  {
    name: 'v21-shared-repos-empty',
    breaks: "GET /api/v2.1/shared-repos/ lists the user's outgoing shares",
    grep: 'share-info and shared-repos follow a share',
    onResponse: mapAnswer('GET', /^\/api\/v2\.1\/shared-repos\/$/, () => []),
  },
  {
    name: 'v21-shareable-groups-empty',
    breaks: "shareable-groups lists the user's groups",
    grep: 'shareable-groups lists a group',
    onResponse: mapAnswer('GET', /^\/api\/v2\.1\/shareable-groups\/$/, () => []),
  },
  {
    name: 'v21-smart-link-unstable',
    breaks: 'the smart link of an item is the same on every call',
    grep: 'a smart link is stable',
    onResponse: mapAnswer('GET', /^\/api\/v2\.1\/smart-link\/$/, (b) => {
      const uuid = crypto.randomUUID()
      const link = b as { smart_link: string; smart_link_token: string }
      return {
        ...link,
        smart_link: link.smart_link.replace(link.smart_link_token, uuid),
        smart_link_token: uuid,
      }
    }),
  },
  {
    name: 'v21-repo-links-full-object',
    breaks: "a library's share-link list gives the view's own entry (creator_email; repo_share_links.py:30)",
    grep: "a library's share links",
    onResponse: mapAnswer('GET', new RegExp(`^/api/v2\\.1/repos/${REPO}/share-links/$`), (b) =>
      (b as { creator_email: string }[]).map(({ creator_email, ...rest }) => ({
        ...rest,
        username: creator_email,
      })),
    ),
  },
  {
    name: 'v21-link-json-zero-expiry-refused',
    breaks: 'a JSON expire_days of 0 is no expiry (share_links.py:355 `if expire_days:`), not a 400',
    grep: 'bad v2.1 link arguments',
    // The string "0" is what seahub checks and refuses.
    onRequest: rewriteCreate((body) => (body.expire_days === 0 ? { ...body, expire_days: '0' } : body)),
  },
  {
    name: 'v21-search-user-exact-not-first',
    breaks: 'search-user puts the exact e-mail first',
    grep: 'search-user finds another user',
    onResponse: mapAnswer('GET', /^\/api2\/search-user\/$/, (b) => ({
      users: [{ email: 'someone-else@example.com', avatar_url: '', name: 'x', contact_email: '' }].concat(
        (b as { users: never[] }).users,
      ),
    })),
  },
]
