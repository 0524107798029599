/** Libraries: the list, deletion, unknown ids, the default library, ownership, starring. */
import { pathOf, type Variant } from '../proxy.ts'
import { mapJson, ok } from './shared.ts'

const reposPath = /^\/api2\/repos\/[0-9a-f-]{36}\/$/

export const libraryVariants: Variant[] = [
  {
    name: 'repo-list-missing-name',
    breaks: 'library list entries carry "name"',
    grep: 'library lifecycle',
    onResponse: mapJson(
      (req) => req.method === 'GET' && pathOf(req) === '/api2/repos/',
      (body) => (Array.isArray(body) ? body.map(({ name: _n, ...rest }) => rest) : body),
    ),
  },
  {
    name: 'repo-delete-dropped',
    breaks: 'a deleted library answers 404 afterwards (use after free)',
    grep: 'deleting a library twice',
    onRequest: (req) => (req.method === 'DELETE' && reposPath.test(pathOf(req)) ? ok('success') : undefined),
  },
  {
    name: 'unstar-dropped',
    breaks: 'an unstarred file leaves GET /api2/starredfiles/',
    grep: 'a starred file appears in the list',
    onRequest: (req) =>
      req.method === 'DELETE' && pathOf(req) === '/api2/starredfiles/' ? ok('success') : undefined,
  },
  {
    name: 'owner-transfer-dropped',
    breaks: 'PUT /api2/repos/{repo_id}/owner/ gives the library to the new owner',
    grep: 'owner transfer changes the owner',
    onRequest: (req) =>
      req.method === 'PUT' && /^\/api2\/repos\/[0-9a-f-]{36}\/owner\/$/.test(pathOf(req))
        ? ok({ success: true })
        : undefined,
  },
  {
    name: 'unknown-library-403',
    breaks: 'an unknown library answers 404 "Library not found."',
    grep: 'libraries an unknown library answers 404',
    onResponse: (req, res) =>
      /^\/api2\/repos\/[0-9a-f-]{36}\/$/.test(pathOf(req)) && res.status === 404
        ? ok({ error_msg: 'Permission denied.' }, 403)
        : res,
  },
  {
    name: 'default-repo-forgotten',
    breaks: 'the default library, once created, is reported by GET default-repo with its id',
    grep: 'default library: created on demand',
    onResponse: (req, res) =>
      req.method === 'GET' && pathOf(req) === '/api2/default-repo/' && res.status === 200
        ? ok({ exists: false })
        : res,
  },
]
