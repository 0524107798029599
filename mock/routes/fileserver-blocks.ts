/**
 * Block upload on the file server: raw blocks checked against their ids (fileop.go::doUploadRawBlks), the
 * commit of a file from stored blocks (fileop.go::doUploadBlks → commitFileBlocks), and the legacy C
 * server's update-blks-api (server/upload-file.c::update_blks_api_cb), at the root and under `/seafhttp`.
 */
import type { Context } from 'hono'
import { describe } from '../model/commits.ts'
import { listDir, nowSeconds } from '../model/repoTree.ts'
import type { Seafile } from '../model/seafile.ts'
import { isBlockId } from '../store/BlockStore.ts'
import { baseName, dirName, isInvalidFileName, joinPath } from '../upload/fileNames.ts'
import {
  fileserverHandler,
  goJson,
  jsonUtf8,
  ownerQuota,
  parseGoInt,
  parseUploadHeaders,
  refuse,
  requestBody,
  UploadFailure,
} from '../upload/fileserverHttp.ts'
import { formHas, formValue, MultipartError, parseMultipart } from '../upload/multipart.ts'
import { postFiles } from '../upload/postFiles.ts'
import { BlockMismatchError, readVerifiedBlock } from '../upload/rawBlocks.ts'
import { lastModify } from '../upload/uploadForm.ts'
import type { RouteModule } from './types.ts'

/** Reads a form of values only (file parts are drained); a broken or non-multipart body is 400, empty. */
async function readValues(c: Context): Promise<Map<string, string[]>> {
  try {
    const form = await parseMultipart(
      requestBody(c),
      { 'content-type': c.req.header('content-type') },
      async (p) => {
        p.stream.resume()
      },
    )
    return form.fields
  } catch (error) {
    if (error instanceof MultipartError) refuse(400)
    throw error
  }
}

/** fileop.go::doUploadRawBlks: every `file` part must hash to its filename; stored in order as they come. */
async function uploadRawBlocks(seaf: Seafile, c: Context): Promise<Response> {
  await parseUploadHeaders(c, 'upload-raw-blks-api', seaf)
  let blocks = 0
  try {
    await parseMultipart(requestBody(c), { 'content-type': c.req.header('content-type') }, async (part) => {
      if (part.field !== 'file') return part.stream.resume()
      blocks++
      const id = baseName(part.filename)
      const bytes = await readVerifiedBlock(id, part.stream)
      await seaf.blocks.put(id, bytes)
    })
  } catch (error) {
    if (error instanceof MultipartError) refuse(400)
    // indexRawBlocks: a mismatch fails the request with 500 and no message; earlier blocks stay.
    if (error instanceof BlockMismatchError) refuse(500)
    throw error
  }
  if (blocks === 0) refuse(400, 'No file in multipart form.\n')
  return jsonUtf8('"OK"')
}

/** The ids of a `blockids` field: a JSON array of strings, else Go's json.Unmarshal fails (500). */
function parseBlockIds(json: string): string[] {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    refuse(500)
  }
  if (value === null) return []
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) refuse(500)
  return value
}

/**
 * commitFileBlocks' checks of the blocks: quota over the stored sizes, then every block present. A missing
 * block is 446 with no message (as seafile-server-semantics.md §4 and the C server; Go's own quota pass
 * would stat the missing block first and answer 500).
 */
async function checkBlocks(
  seaf: Seafile,
  repoId: string,
  ids: string[],
  missing: UploadFailure,
): Promise<void> {
  let total = 0
  const absent: string[] = []
  for (const id of ids) {
    const size = isBlockId(id) ? await seaf.blocks.size(id) : undefined
    if (size === undefined) absent.push(id)
    else total += size
  }
  const quota = await ownerQuota(seaf, repoId)
  if (quota && quota.usage + total >= quota.quota) refuse(443, 'Out of quota.\n')
  if (absent.length > 0) throw missing
}

/** fileop.go::doUploadBlks (commit only). */
async function commitBlocks(seaf: Seafile, c: Context): Promise<Response> {
  const { grant } = await parseUploadHeaders(c, 'upload-blks-api', seaf)
  const fields = await readValues(c)
  const query = new URL(c.req.url).searchParams
  const replaceText = formValue(query, fields, 'replace')
  const replace = replaceText === '' ? 0 : parseGoInt(replaceText)
  if (replace !== 0 && replace !== 1) refuse(400, 'Invalid argument replace.\n')
  const parentDir = formValue(query, fields, 'parent_dir').normalize('NFC')
  if (parentDir === '') refuse(400, 'No parent_dir given.\n')
  const mtime = lastModify(formValue(query, fields, 'last_modify').normalize('NFC'))
  const fileName = formValue(query, fields, 'file_name').normalize('NFC')
  if (fileName === '') refuse(400, 'No file_name given.\n')
  const sizeText = formValue(query, fields, 'file_size')
  const fileSize = sizeText === '' ? -1 : parseGoInt(sizeText)
  if (fileSize === undefined) refuse(400, 'Invalid argument file_size.\n')
  if (fileSize < 0) refuse(400, 'Invalid file size.\n')
  if (!formHas(query, fields, 'commitonly')) refuse(400, 'Only commit supported.\n')
  const repo = await seaf.repos.get(grant.repoId)
  if (!repo) refuse(500, 'Failed to get repo.\n')
  const folder = joinPath('/', parentDir.replace(/\\/g, '/'))
  if (!(await listDir(seaf.fs, (await seaf.repos.head(repo)).root_id, folder)))
    refuse(400, "Parent dir doesn't exist.\n")
  const blockIdsJson = formValue(query, fields, 'blockids')
  if (blockIdsJson === '') refuse(400, 'No blockids given.\n')
  if (isInvalidFileName(fileName)) refuse(400, `invalid fileName: ${fileName}.\n`)
  if (parentDir.includes('//')) refuse(400, 'parent_dir contains // sequence.\n')
  const ids = parseBlockIds(blockIdsJson)
  await checkBlocks(seaf, grant.repoId, ids, new UploadFailure(446, ''))
  // writeSeafile records file_size as given; it is not checked against the blocks.
  const fileId = await seaf.storeFileObject({ blockIds: ids, size: fileSize })
  await seaf.repos.mutate(grant.repoId, grant.user, async (head) => {
    const file = {
      name: fileName,
      id: fileId,
      size: fileSize,
      mtime: mtime > 0 ? mtime : nowSeconds(),
      modifier: grant.user,
    }
    const posted = await postFiles(seaf.fs, head.root_id, folder, [file], replace === 1)
    return { rootId: posted.rootId, description: describe.added(fileName), result: null }
  })
  return jsonUtf8(formHas(query, fields, 'ret-json') ? goJson({ id: fileId }) : `"${fileId}"`)
}

/** server/upload-file.c::send_error_reply: `{"error": "msg"}` as JSON (the C server's error shape). */
const cError = (status: number, msg: string) =>
  new Response(`{"error": "${msg}"}`, {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  })

/**
 * upload-file.c::update_blks_api_cb (C only; Go has no such route). It replaces or creates the target from
 * stored blocks: commit_file_blocks with replace=1 does not require the target to exist.
 */
async function updateBlocks(seaf: Seafile, c: Context): Promise<Response> {
  const { grant } = await parseUploadHeaders(c, 'update-blks-api', seaf)
  const fields = await readValues(c)
  const query = new URL(c.req.url).searchParams
  const targetFile = fields.get('target_file')?.[0]
  const sizeText = fields.get('file_size')?.[0]
  // atoll: leading digits, else 0.
  const fileSize = sizeText === undefined ? -1 : Number.parseInt(sizeText, 10) || 0
  if (targetFile === undefined || fileSize < 0) return cError(400, 'No target file.\n')
  if (!query.has('commitonly')) return cError(400, 'Only commit supported.\n')
  const mtime = lastModify(fields.get('last_modify')?.[0] ?? '')
  const folder = joinPath('/', dirName(targetFile))
  const fileName = baseName(targetFile)
  const repo = await seaf.repos.get(grant.repoId)
  if (!repo) return cError(500, 'Failed to get repo.\n')
  if (!(await listDir(seaf.fs, (await seaf.repos.head(repo)).root_id, folder)))
    return cError(400, "Parent dir doesn't exist.\n")
  const blockIdsJson = fields.get('blockids')?.[0]
  if (blockIdsJson === undefined) return cError(400, 'No blockids.\n')
  let ids: string[]
  try {
    ids = parseBlockIds(blockIdsJson)
    if (isInvalidFileName(fileName)) refuse(500)
    // The C daemon's block-missing error is not mapped for updates: it is an internal error.
    await checkBlocks(seaf, grant.repoId, ids, new UploadFailure(500, ''))
  } catch (error) {
    if (!(error instanceof UploadFailure)) throw error
    return error.status === 443 ? cError(443, 'Out of quota.\n') : cError(500, 'Internal error\n')
  }
  const fileId = await seaf.storeFileObject({ blockIds: ids, size: fileSize })
  await seaf.repos.mutate(grant.repoId, grant.user, async (head) => {
    const file = {
      name: fileName,
      id: fileId,
      size: fileSize,
      mtime: mtime > 0 ? mtime : nowSeconds(),
      modifier: grant.user,
    }
    const posted = await postFiles(seaf.fs, head.root_id, folder, [file], true)
    return { rootId: posted.rootId, description: describe.modified(fileName), result: null }
  })
  // The bare id, with a JSON content type.
  return jsonUtf8(fileId)
}

export const fileserverBlockRoutes: RouteModule = ({ app, seaf }) => {
  for (const prefix of ['', '/seafhttp']) {
    app.all(`${prefix}/upload-raw-blks-api/*`, (c) =>
      fileserverHandler(seaf, c, () => uploadRawBlocks(seaf, c)),
    )
    app.all(`${prefix}/upload-blks-api/*`, (c) => fileserverHandler(seaf, c, () => commitBlocks(seaf, c)))
    app.all(`${prefix}/update-blks-api/*`, (c) => fileserverHandler(seaf, c, () => updateBlocks(seaf, c)))
  }
}
