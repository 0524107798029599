/**
 * Broken servers for the api/v2.1 library, folder, file and history views: each breaks one rule the v2.1
 * suites (suites/conformance/v21-*.spec.ts) check, and the grep names the test that must catch it.
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
import { ok } from './shared.ts'

const V21 = '/api/v2.1/repos/[0-9a-f-]{36}'
const at = (method: string, path: RegExp) => (req: ProxiedRequest) =>
  req.method === method && path.test(pathOf(req))

/** Rewrites the JSON body of the 200s of `match`. */
const rewrite =
  (match: (req: ProxiedRequest) => boolean, fn: (body: Record<string, unknown>) => unknown) =>
  (req: ProxiedRequest, res: ProxiedResponse): ProxiedResponse =>
    match(req) && res.status === 200 && /json/.test(res.headers.get('content-type') ?? '')
      ? { ...res, body: bodyOf(JSON.stringify(fn(jsonOf(res.body) as Record<string, unknown>))) }
      : res

/** `name (1).ext` → `name.ext`: the name the client asked for, not the one the server chose. */
const unclash = (name: unknown) => String(name).replace(/ \(\d+\)(?=\.[^.]*$|$)/, '')

export const V21_FILE_VARIANTS: Variant[] = [
  {
    name: 'v21-listing-not-the-api2-tree',
    breaks: 'GET /api/v2.1/repos/{id}/dir/ lists the same tree as the api2 listing',
    grep: 'the v2.1 listing is the api2 tree',
    onResponse: rewrite(at('GET', new RegExp(`^${V21}/dir/$`)), (body) => ({
      ...body,
      dirent_list: (body.dirent_list as unknown[]).slice(0, -1),
    })),
  },
  {
    name: 'v21-recursive-without-parent-dir',
    breaks: 'a recursive v2.1 listing gives every entry its parent_dir',
    grep: 'recursive=1 walks the subtree with parent_dir',
    onResponse: rewrite(
      (req) => at('GET', new RegExp(`^${V21}/dir/$`))(req) && queryOf(req).get('recursive') === '1',
      (body) => ({
        dirent_list: (body.dirent_list as Record<string, unknown>[]).map((e) => ({ ...e, parent_dir: '/' })),
      }),
    ),
  },
  {
    name: 'v21-clash-name-not-said',
    breaks: 'a v2.1 create, mkdir or rename renamed on a clash says the final name in obj_name',
    grep: 'v2.1 (files|folders) .*(taken name|clash)',
    onResponse: rewrite(at('POST', new RegExp(`^${V21}/(file|dir)/$`)), (body) =>
      'obj_name' in body ? { ...body, obj_name: unclash(body.obj_name) } : body,
    ),
  },
  {
    name: 'v21-mutation-201',
    breaks: 'v2.1 mkdir answers 200 (not the api2 201)',
    grep: 'mkdir answers 200 with the folder',
    onResponse: (req, res) =>
      at('POST', new RegExp(`^${V21}/dir/$`))(req) && res.status === 200 ? { ...res, status: 201 } : res,
  },
  {
    name: 'v21-move-copies',
    breaks: 'a v2.1 move (JSON body) removes the source',
    grep: 'move \\(JSON body, as rclone\\)',
    onRequest: (req) => {
      if (!at('POST', new RegExp(`^${V21}/file/$`))(req)) return undefined
      const text = textOf(req.body)
      if (text.includes('"move"')) req.body = bodyOf(text.replace('"move"', '"copy"'))
      return undefined
    },
  },
  {
    name: 'v21-delete-commit-after',
    breaks: 'a v2.1 delete answers the head commit read before the deletion',
    grep: 'delete answers success and the head read before',
    onResponse: rewrite(at('DELETE', new RegExp(`^${V21}/(file|dir)/$`)), (body) =>
      typeof body.commit_id === 'string'
        ? { ...body, commit_id: body.commit_id.replace(/^./, (c) => (c === '0' ? '1' : '0')) }
        : body,
    ),
  },
  {
    name: 'v21-same-name-rename-accepted',
    breaks: 'a v2.1 file rename to the same name is 400',
    grep: 'the same name is 400',
    onResponse: (req, res) =>
      at('POST', new RegExp(`^${V21}/file/$`))(req) && res.status === 400 && textOf(res.body).includes('same')
        ? ok({ success: true })
        : res,
  },
  {
    name: 'v21-repos-type-ignored',
    breaks: 'GET /api/v2.1/repos/?type=shared lists only what is shared to the user',
    grep: 'type is repeatable',
    onRequest: (req) => {
      if (at('GET', /^\/api\/v2\.1\/repos\/$/)(req)) req.url = '/api/v2.1/repos/'
      return undefined
    },
  },
  {
    name: 'v21-repo-delete-by-anyone',
    breaks: 'only the owner deletes a library over v2.1 (403 otherwise)',
    grep: 'only the owner deletes a library',
    onResponse: (req, res) =>
      at('DELETE', new RegExp(`^${V21}/$`))(req) && res.status === 403 ? ok('success') : res,
  },
  {
    name: 'v21-error-detail-shape',
    breaks: 'v2.1 folder errors are {"error_msg": …}',
    grep: 'a missing folder answers 404',
    onResponse: (req, res) => {
      if (!at('GET', new RegExp(`^${V21}/dir/$`))(req) || res.status !== 404) return res
      const { error_msg } = jsonOf(res.body) as { error_msg?: string }
      return ok({ detail: error_msg }, 404)
    },
  },
  {
    name: 'v21-file-history-oldest-first',
    breaks: 'v2.1 file history lists the newest revision first',
    grep: 'file history lists each revision',
    onResponse: rewrite(at('GET', new RegExp(`^${V21}/file/history/$`)), (body) => ({
      ...body,
      data: [...(body.data as unknown[])].reverse(),
    })),
  },
  {
    name: 'v21-commit-revert-noop',
    breaks: 'v2.1 reverts (commits/{cid}/revert/, dir operation=revert) restore what the commit had',
    grep: 'revert to it restores the library|revert puts a deleted folder back',
    onRequest: (req) =>
      at('POST', new RegExp(`^${V21}/commits/[0-9a-f]{40}/revert/$`))(req) ||
      (at('POST', new RegExp(`^${V21}/dir/$`))(req) && textOf(req.body).includes('revert'))
        ? ok({ success: true })
        : undefined,
  },
  {
    name: 'v21-trash-revert-noop',
    breaks: 'POST …/trash/revert-dirents/ puts the file back',
    grep: 'trash revert-dirents restores a deleted file',
    onRequest: (req) => {
      if (!at('POST', new RegExp(`^${V21}/trash/revert-dirents/$`))(req)) return undefined
      const path = new URLSearchParams(textOf(req.body)).get('path') ?? ''
      return ok({ failed: [], success: [{ path, is_dir: false }] })
    },
  },
  {
    name: 'v21-trash-post-ignores-body',
    breaks: 'POST /api/v2.1/repos/{id}/trash/ takes its parameters from the body',
    grep: 'the trash listed by POST',
    onRequest: (req) => {
      if (at('POST', new RegExp(`^${V21}/trash/$`))(req)) req.body = bodyOf('{}')
      return undefined
    },
  },
  {
    name: 'v21-search-case-sensitive',
    breaks: 'search-file matches names case-insensitively',
    grep: 'search-file finds names containing q',
    onResponse: (req, res) =>
      rewrite(at('GET', /^\/api\/v2\.1\/search-file\/$/), (body) => ({
        data: (body.data as { path: string }[]).filter((d) => d.path.includes(queryOf(req).get('q') ?? '')),
      }))(req, res),
  },
  {
    name: 'v21-lock-not-said',
    breaks: 'a v2.1 lock answers the file with is_locked true (Pro)',
    grep: 'lock and unlock answer the file with is_locked',
    onResponse: rewrite(at('PUT', new RegExp(`^${V21}/file/$`)), (body) => ({ ...body, is_locked: false })),
  },
]
