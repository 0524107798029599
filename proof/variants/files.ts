/** Files: create, delete, detail, download info, file links, ids. */
import { bodyOf, pathOf, textOf, type Variant } from '../proxy.ts'
import { flipHex, formField, mapJson, ok, seenPaths } from './shared.ts'

export const fileVariants: Variant[] = [
  {
    name: 'file-links-relative',
    breaks: 'update, upload-blks and update-blks links are absolute file-server URLs',
    grep: 'upload, update and block links are absolute',
    onResponse: mapJson(
      (req) => req.method === 'GET' && /\/(update|upload-blks|update-blks)-link\/$/.test(pathOf(req)),
      (body) => (typeof body === 'string' ? body.replace(/^https?:\/\/[^/]+/, '') : body),
    ),
  },
  {
    name: 'file-delete-dropped',
    breaks: 'a deleted file is gone from the listing',
    grep: 'file delete answers 200',
    onRequest: (req) =>
      req.method === 'DELETE' && /^\/api2\/repos\/[0-9a-f-]{36}\/file\/$/.test(pathOf(req))
        ? ok('success')
        : undefined,
  },
  {
    name: 'empty-file-sha1',
    breaks: 'the empty file has the id of forty zeros (not the SHA-1 of no bytes)',
    grep: 'the empty file has the id of forty zeros',
    onResponse: (req, res) =>
      /\/upload-api\//.test(pathOf(req)) && res.status === 200
        ? {
            ...res,
            body: bodyOf(
              textOf(res.body).replaceAll('0'.repeat(40), 'da39a3ee5e6b4b0d3255bfef95601890afd80709'),
            ),
          }
        : res,
  },
  {
    name: 'file-create-dropped',
    breaks: 'a created file is listed as an empty file',
    grep: 'file create answers 201',
    onRequest: (req) =>
      req.method === 'POST' &&
      /^\/api2\/repos\/[0-9a-f-]{36}\/file\/$/.test(pathOf(req)) &&
      formField(req, 'operation') === 'create'
        ? {
            status: 201,
            headers: new Headers({ 'content-type': 'application/json', location: req.url }),
            body: bodyOf('"success"'),
          }
        : undefined,
  },
  {
    name: 'file-detail-size-wrong',
    breaks: 'file detail gives the size of the file',
    grep: 'file detail describes an uploaded file',
    onResponse: mapJson(
      (req) => req.method === 'GET' && /\/file\/detail\/$/.test(pathOf(req)),
      (body) => {
        const b = body as { size?: number }
        return typeof b.size === 'number' ? { ...b, size: b.size + 1 } : body
      },
    ),
  },
  {
    name: 'file-create-clash-dropped',
    breaks: 'creating a file with an existing name creates "name (1).ext"',
    grep: 'file create of an existing name',
    onRequest: (req) => {
      if (req.method !== 'POST' || !/\/file\/$/.test(pathOf(req)) || formField(req, 'operation') !== 'create')
        return undefined
      if (!seenPaths.has(req.url)) return void seenPaths.add(req.url)
      return {
        status: 201,
        headers: new Headers({ 'content-type': 'application/json', location: req.url }),
        body: bodyOf('"success"'),
      }
    },
  },
  {
    name: 'download-info-other-library',
    breaks: 'download-info describes the library asked for',
    grep: 'download info describes the library',
    onResponse: mapJson(
      (req) => /\/download-info\/$/.test(pathOf(req)),
      (body) => {
        const b = body as { repo_name?: string }
        return typeof b.repo_name === 'string' ? { ...b, repo_name: `${b.repo_name} (other)` } : body
      },
    ),
  },
  {
    name: 'v21-create-wrong-id',
    breaks: 'POST /api/v2.1/repos/ answers the id of the library it created',
    grep: 'v2.1 create library answers',
    onResponse: mapJson(
      (req) => req.method === 'POST' && pathOf(req) === '/api/v2.1/repos/',
      (body) => {
        const b = body as { repo_id?: string }
        return typeof b.repo_id === 'string' ? { ...b, repo_id: flipHex(b.repo_id) } : body
      },
    ),
  },
]
