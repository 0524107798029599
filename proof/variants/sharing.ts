/** Sharing: user, group and folder shares, groups, share links. */
import { bodyOf, pathOf, queryOf, type Variant } from '../proxy.ts'
import { formField, isJson, ok } from './shared.ts'

export const sharingVariants: Variant[] = [
  {
    name: 'shared-file-delete-unknown-200',
    breaks: 'DELETE /api2/shared-files/ with an unknown token answers 404 "Token does not exist"',
    grep: 'deleting an unknown private shared file',
    onRequest: (req) =>
      req.method === 'DELETE' && pathOf(req) === '/api2/shared-files/' ? ok({}) : undefined,
  },
  {
    name: 'unshare-dropped',
    breaks: "a library unshared with DELETE /api2/shared-repos/{repo_id}/ leaves the receiver's list",
    grep: 'a shared library appears for the receiver and disappears after unshare',
    onRequest: (req) =>
      req.method === 'DELETE' && /^\/api2\/shared-repos\/[0-9a-f-]{36}\/$/.test(pathOf(req))
        ? ok('success')
        : undefined,
  },
  {
    name: 'group-member-add-dropped',
    breaks: 'a member added with PUT /api2/groups/{group_id}/members/ sees the group',
    grep: 'group lifecycle',
    onRequest: (req) =>
      req.method === 'PUT' && /^\/api2\/groups\/\d+\/members\/$/.test(pathOf(req))
        ? ok({ success: true })
        : undefined,
  },
  {
    name: 'permission-check-lax',
    breaks: 'permission-check refuses an unknown op or a malformed client id with 400',
    grep: 'permission-check refuses',
    onResponse: (req, res) =>
      /\/repo\/[0-9a-f-]{36}\/permission-check\/$/.test(pathOf(req)) && res.status === 400
        ? { status: 200, headers: new Headers(), body: new Uint8Array() }
        : res,
  },
  {
    name: 'leave-share-dropped',
    breaks: 'a receiver leaving a shared library (DELETE beshared-repos) no longer sees it',
    grep: 'the receiver can leave a shared library',
    onRequest: (req) =>
      req.method === 'DELETE' && /^\/api2\/beshared-repos\/[0-9a-f-]{36}\/$/.test(pathOf(req))
        ? ok({ success: true })
        : undefined,
  },
  {
    name: 'folder-share-dropped',
    breaks: 'a folder shared with PUT dir/shared_items/ is listed by GET dir/shared_items/',
    grep: 'folder share: share, list',
    onRequest: (req) => {
      if (req.method !== 'PUT' || !/\/dir\/shared_items\/$/.test(pathOf(req))) return undefined
      const user = formField(req, 'username') ?? ''
      return ok({
        success: [
          {
            user_info: { nickname: user, name: user },
            share_type: 'user',
            permission: formField(req, 'permission'),
          },
        ],
        failed: [],
      })
    },
  },
  {
    name: 'folder-link-empty',
    breaks: "a folder share link lists the folder's entries",
    grep: 'folder link lists the folder',
    onResponse: (req, res) =>
      /^\/api2\/d\/[^/]+\/dir\/$/.test(pathOf(req)) && res.status === 200 && isJson(res)
        ? { ...res, body: bodyOf('[]') }
        : res,
  },
  {
    name: 'v21-unshare-dropped',
    breaks: 'DELETE /api/v2.1/shared-repos/{repo_id}/ removes the share',
    grep: 'v2.1 DELETE shared-repos unshares',
    onRequest: (req) =>
      req.method === 'DELETE' && /^\/api\/v2\.1\/shared-repos\/[0-9a-f-]{36}\/$/.test(pathOf(req))
        ? ok({ success: true })
        : undefined,
  },
  {
    name: 'group-share-dropped',
    breaks: 'a library shared with a group reaches its members',
    grep: 'a library shared with a group reaches',
    onRequest: (req) =>
      req.method === 'PUT' &&
      /^\/api2\/shared-repos\/[0-9a-f-]{36}\/$/.test(pathOf(req)) &&
      queryOf(req).get('share_type') === 'group'
        ? ok('success')
        : undefined,
  },
]
