/**
 * Rules from calibrating against a real Seafile 10.0 (docs/real-server-findings.md). The reference server
 * breaks some of them itself, so those are checked at `strict` (a variant imitating 10.0 there must fail);
 * the others show that what `core` now accepts from the reference server is still checked.
 */
import {
  bodyOf,
  type ProxiedRequest,
  type ProxiedResponse,
  pathOf,
  queryOf,
  textOf,
  type Variant,
} from '../proxy.ts'

const json = (status: number, body: unknown): ProxiedResponse => ({
  status,
  headers: new Headers({ 'content-type': 'application/json; charset=utf-8' }),
  body: bodyOf(typeof body === 'string' ? body : JSON.stringify(body)),
})
const isUpload = (req: ProxiedRequest) => req.method === 'POST' && /\/upload-api\//.test(pathOf(req))

export const CALIBRATION: Variant[] = [
  {
    name: 'lowercase-part-headers-refused',
    breaks:
      'multipart part header names are case-insensitive (RFC 7578; seaf-server 10.0 refuses lower case)',
    grep: 'part headers in lower case are accepted',
    level: 'strict',
    onRequest: (req) =>
      isUpload(req) && /\r\ncontent-disposition:/.test(textOf(req.body))
        ? json(400, '{"error": "Bad request.\n"}')
        : undefined,
  },
  {
    name: 'range-without-equals-crashes',
    breaks: 'a Range header without "=" is ignored or refused, not a crash (seaf-server 10.0 segfaults)',
    grep: 'Range header without',
    level: 'strict',
    onRequest: (req) =>
      req.method === 'GET' &&
      /\/files\//.test(pathOf(req)) &&
      !(req.headers.get('range') ?? '=').includes('=')
        ? { status: 502, headers: new Headers({ 'content-type': 'text/html' }), body: bodyOf('<h1>502</h1>') }
        : undefined,
  },
  {
    name: 'thumbnail-without-p-crashes',
    breaks: 'a thumbnail request without p is refused with 400 (seaf-server 10.0 segfaults)',
    grep: 'thumbnail request without p',
    level: 'strict',
    onRequest: (req) =>
      /\/thumbnail\/$/.test(pathOf(req)) && !queryOf(req).has('p')
        ? json(500, { error_msg: 'Internal Server Error' })
        : undefined,
  },
  {
    name: 'file-server-error-json-garbled',
    breaks:
      'a JSON-labelled file-server error is {"error": "<msg>"} (core accepts the C file server form, not any JSON)',
    grep: 'an upload link bound to another parent_dir is refused',
    onResponse: (req, res) => (isUpload(req) && res.status === 403 ? json(403, { detail: 403 }) : res),
  },
  {
    name: 'account-delete-garbled-success',
    breaks: 'DELETE /api2/accounts/{email}/ answers "success" (or 10.0\'s {"success": true}), nothing else',
    grep: 'admin account lifecycle',
    onResponse: (req, res) =>
      req.method === 'DELETE' && /^\/api2\/accounts\/[^/]+\/$/.test(pathOf(req)) && res.status === 200
        ? json(200, { success: 'yes' })
        : res,
  },
]
