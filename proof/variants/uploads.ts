/** Uploads: upload links, multipart uploads, update, block uploads and their answers. */
import { bodyOf, jsonOf, pathOf, textOf, type Variant } from '../proxy.ts'
import { flipHex, formField, isJson, mapJson, ok } from './shared.ts'

export const uploadVariants: Variant[] = [
  {
    name: 'upload-wrong-id',
    breaks: "the upload's file id is the SHA-1 of the seafile object",
    grep: 'one file: the answer holds the computed id|upload answers the file id computed',
    onResponse: (req, res) => {
      if (!/\/upload-api\//.test(pathOf(req)) || res.status !== 200) return res
      const text = textOf(res.body)
      return { ...res, body: bodyOf(text.replace(/[0-9a-f]{40}/g, flipHex)) }
    },
  },
  {
    name: 'uploaded-bytes-zero',
    breaks: 'file-uploaded-bytes reports the bytes already held',
    grep: 'file-uploaded-bytes: 0 before',
    onResponse: mapJson(
      (req) => /\/file-uploaded-bytes\/$/.test(pathOf(req)),
      () => ({ uploadedBytes: 0 }),
    ),
  },
  {
    name: 'raw-block-unchecked',
    breaks: 'a raw block whose name is not its SHA-1 is refused',
    grep: 'raw block whose name is not its SHA-1',
    onResponse: (req, res) =>
      /\/upload-raw-blks-api\//.test(pathOf(req)) && res.status >= 400 ? ok('OK') : res,
  },
  {
    name: 'blklist-no-dedupe',
    breaks: 'blklist answers only the blocks the server lacks',
    grep: 'blklist answers only the blocks',
    onResponse: (req, res) => {
      if (req.method !== 'POST' || !/\/upload-blks-link\/$/.test(pathOf(req)) || !isJson(res)) return res
      const asked = (formField(req, 'blklist') ?? '').split(',').filter(Boolean)
      const body = jsonOf(res.body) as Record<string, unknown>
      return { ...res, body: bodyOf(JSON.stringify({ ...body, blklist: asked })) }
    },
  },
  {
    name: 'clash-overwrites-name',
    breaks: 'an upload clashing with an existing name is renamed "name (1).ext"',
    grep: 'a clash renames to',
    onResponse: mapJson(
      (req) => /\/upload-(api|aj)\//.test(pathOf(req)),
      (body) =>
        Array.isArray(body)
          ? body.map((e: { name?: string }) => ({
              ...e,
              name: e.name?.replace(/ \(\d+\)(?=\.[^.]*$|$)/, ''),
            }))
          : body,
    ),
  },
  {
    name: 'missing-block-commit-accepted',
    breaks: 'a block commit naming a block never uploaded is refused with 446',
    grep: 'never uploaded is refused',
    onResponse: (req, res) =>
      /\/upload-blks-api\//.test(pathOf(req)) && res.status === 446
        ? ok({ id: flipHex('0'.repeat(40)) })
        : res,
  },
  {
    name: 'update-missing-file-accepted',
    breaks: 'update-api of a file that does not exist answers 441',
    grep: 'update-api of a missing file answers 441',
    onResponse: (req, res) =>
      /\/update-api\//.test(pathOf(req)) && res.status === 441
        ? {
            status: 200,
            headers: new Headers({ 'content-type': 'text/plain' }),
            body: bodyOf(flipHex('0'.repeat(40))),
          }
        : res,
  },
  {
    name: 'upload-parent-unchecked',
    breaks: "an upload whose parent_dir is not its link's folder is refused with 403",
    grep: 'an upload link bound to another parent_dir is refused',
    onResponse: (req, res) => (/\/upload-api\//.test(pathOf(req)) && res.status === 403 ? ok([]) : res),
  },
  {
    name: 'upload-link-missing-folder',
    breaks: 'an upload link for a folder that does not exist answers 404',
    grep: 'an upload link for a missing folder answers 404',
    onResponse: (req, res) =>
      /\/upload-link\/$/.test(pathOf(req)) && res.status === 404
        ? ok(`http://127.0.0.1/seafhttp/upload-api/${crypto.randomUUID()}`)
        : res,
  },
  {
    name: 'replace-ignored',
    breaks: 'an upload with replace=1 keeps the name and replaces the bytes (no "name (1).ext")',
    grep: 'upload with replace=1 keeps the name',
    // The multipart field replace=1 becomes replace=0 (same length, so the body stays well formed).
    onRequest: (req) => {
      if (req.method !== 'POST' || !/\/upload-api\//.test(pathOf(req))) return undefined
      const field = Buffer.from('name="replace"\r\n\r\n1')
      const body = Buffer.from(req.body)
      const at = body.indexOf(field)
      if (at >= 0) body[at + field.length - 1] = 0x30
      req.body = body
      return undefined
    },
  },
  {
    name: 'update-answer-quoted',
    breaks: 'update-api answers the new file id as bare text (no quotes, ret-json not honoured)',
    grep: 'update-api replaces an existing file',
    onResponse: (req, res) =>
      /\/update-api\//.test(pathOf(req)) && res.status === 200
        ? { ...res, body: bodyOf(JSON.stringify(textOf(res.body).trim())) }
        : res,
  },
  {
    name: 'upload-answer-reordered',
    // Required only at strict: seahub's reference server may do this at core (docs/real-server-findings.md).
    level: 'strict',
    breaks: 'a multi-file upload answers its files in the order they were sent',
    grep: 'several files in one request are all added, in order',
    onResponse: mapJson(
      (req) => /\/upload-api\//.test(pathOf(req)),
      (body) => (Array.isArray(body) ? [...body].reverse() : body),
    ),
  },
  {
    name: 'relative-path-ignored',
    breaks: 'relative_path puts the upload in nested folders it creates (mkdir -p)',
    grep: 'relative_path creates the nested',
    onRequest: (req) => {
      if (req.method !== 'POST' || !/\/upload-api\//.test(pathOf(req))) return undefined
      const text = Buffer.from(req.body).toString('latin1')
      req.body = Buffer.from(text.replace('name="relative_path"', 'name="ignored_path"'), 'latin1')
      return undefined
    },
  },
  {
    name: 'upload-name-normalized',
    breaks: 'an uploaded file keeps its name as given (runs of spaces included)',
    grep: 'name kept as given: "with  two spaces',
    onRequest: (req) => {
      if (req.method !== 'POST' || !/\/upload-api\//.test(pathOf(req))) return undefined
      const text = Buffer.from(req.body).toString('latin1')
      const collapsed = text.replace(
        /filename="([^"]*)"/g,
        (_m, name: string) => `filename="${name.replace(/ {2,}/g, ' ')}"`,
      )
      req.body = Buffer.from(collapsed, 'latin1')
      return undefined
    },
  },
  {
    name: 'block-commit-wrong-id',
    breaks: 'a block-list commit answers the id of the file it made',
    grep: 'blklist → raw blocks → commit',
    onResponse: (req, res) =>
      /\/upload-blks-api\//.test(pathOf(req)) && res.status === 200
        ? { ...res, body: bodyOf(textOf(res.body).replace(/[0-9a-f]{40}/, flipHex)) }
        : res,
  },
]
