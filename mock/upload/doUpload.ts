/**
 * fileop.go::doUpload and postMultiFiles: whole multipart uploads and resumable chunks into a folder, the
 * checks in Go's order, one commit per request.
 */
import { randomUUID } from 'node:crypto'
import type { Context } from 'hono'
import { describe } from '../model/commits.ts'
import { listDir, nowSeconds } from '../model/repoTree.ts'
import type { Seafile } from '../model/seafile.ts'
import type { IndexedContent } from './blockChunker.ts'
import { isLastChunk } from './contentRange.ts'
import { baseName, isInvalidFileName, joinPath } from './fileNames.ts'
import {
  CORS_HEADERS,
  goJson,
  jsonUtf8,
  overQuota,
  parseGoInt,
  refuse,
  sniffedText,
  type UploadHeaders,
} from './fileserverHttp.ts'
import { formHas, formValue } from './multipart.ts'
import { mkdirWithParents, postFiles, tooManySameNames } from './postFiles.ts'
import { partFileName } from './receive.ts'
import { uploadState } from './state.ts'
import {
  discardSpools,
  type Indexed,
  lastModify,
  readReplace,
  receiveRequest,
  storeChunk,
  type UploadOp,
} from './uploadForm.ts'

export async function doUpload(
  seaf: Seafile,
  c: Context,
  op: UploadOp,
  headers: UploadHeaders,
  cors: { value: boolean },
): Promise<Response> {
  const { grant, range, repoId, query, temp, chunkName, form } = await receiveRequest(
    seaf,
    c,
    'upload',
    headers,
    cors,
  )
  const { fields } = form
  const replace = readReplace(query, fields)
  const parentDir = formValue(query, fields, 'parent_dir').normalize('NFC')
  if (parentDir === '') refuse(400, 'No parent_dir given.\n')
  const mtime = lastModify(formValue(query, fields, 'last_modify').normalize('NFC'))
  const relativePath = formValue(query, fields, 'relative_path').normalize('NFC')
  if (relativePath.startsWith('/') || relativePath.startsWith('\\')) refuse(400, 'Invalid relative path')
  const newParentDir = joinPath('/', parentDir, relativePath)

  let names: string[]
  let contents: () => Promise<IndexedContent[]>
  let tempPath: string | undefined
  try {
    if (range) {
      tempPath = await storeChunk(
        form,
        temp,
        repoId,
        { given: parentDir, target: newParentDir },
        chunkName,
        seaf.options.resumableStrict,
        range,
      )
      // A chunk that is not the last is acknowledged before any check of the folder, names or quota.
      if (!isLastChunk(range)) return jsonUtf8('{"success": true}', CORS_HEADERS)
      names = [baseName(chunkName!)]
      const path = tempPath
      contents = async () => [await temp.commit(repoId, path, seaf.blocks)]
    } else {
      if (form.files.length === 0) refuse(400, 'No file in multipart form.\n')
      names = form.files.map((f) => partFileName(f.filename))
      contents = async () => form.files.map((f) => f.content)
    }
    const repo = await seaf.repos.get(repoId)
    if (!repo) refuse(500, 'Failed to get repo.\n')
    const rootId = (await seaf.repos.head(repo)).root_id
    // checkParentDir looks at parent_dir itself; relative_path folders are made later.
    if (!(await listDir(seaf.fs, rootId, joinPath('/', parentDir.replace(/\\/g, '/')))))
      refuse(400, "Parent dir doesn't exist.\n")
    if (joinPath('/', headers.tokenParentDir) !== joinPath('/', parentDir))
      refuse(403, "Parent dir doesn't match.")
    const sizes = range ? [temp.uploadedBytes(repoId, tempPath!)] : form.files.map((f) => f.content.size)
    const total = sizes.reduce((a, b) => a + b, 0)
    if (seaf.options.maxUploadSize > 0 && total > seaf.options.maxUploadSize)
      refuse(442, 'File size is too large.\n')
    const contentLength = range ? range.total : (parseGoInt(c.req.header('content-length') ?? '') ?? -1)
    if (await overQuota(seaf, repoId, contentLength)) refuse(443, 'Out of quota.\n')
    if (relativePath !== '') {
      try {
        await seaf.repos.mutate(repoId, grant.user, async (head) => {
          const made = await mkdirWithParents(seaf.fs, head.root_id, parentDir, relativePath, nowSeconds())
          return { rootId: made?.rootId ?? head.root_id, description: made?.description ?? '', result: null }
        })
      } catch {
        refuse(500, 'Internal error.\n')
      }
    }
    const headRoot = (await seaf.repos.head((await seaf.repos.get(repoId))!)).root_id
    if (!replace && (await tooManySameNames(seaf.fs, headRoot, newParentDir, names)))
      refuse(400, 'Too many files with same name.\n')
    const invalid = names.find(isInvalidFileName)
    if (invalid !== undefined) refuse(400, `invalid fileName: ${invalid}.\n`)
    if (repo.encryption && !seaf.passwords.isSet(repoId, grant.user))
      refuse(400, 'Repo is encrypted. Please provide password to view it.')
    const indexed: Indexed[] = (await contents()).map((content, i) => ({ name: names[i]!, content }))
    const answer = await postAndCommit(seaf, repoId, grant.user, newParentDir, indexed, replace, mtime)
    if (formHas(query, fields, 'need_idx_progress') && seaf.options.idxProgress) {
      const taskId = randomUUID()
      uploadState(seaf).idxTasks.set(taskId, {
        total: total,
        retJson: answer,
        expiresAt: Date.now() + 3600_000,
      })
      return sniffedText(taskId, CORS_HEADERS)
    }
    if (formHas(query, fields, 'ret-json') || op === 'upload-aj') return jsonUtf8(answer, CORS_HEADERS)
    const ids = (JSON.parse(answer) as { id: string }[]).map((f) => f.id)
    return sniffedText(ids.join('\t'), CORS_HEADERS)
  } finally {
    // fileop.go::clearTmpFile (deferred): after the last chunk the temp file goes, whatever the outcome.
    if (range && isLastChunk(range) && tempPath !== undefined) await temp.remove(repoId, tempPath)
    await discardSpools(form)
  }
}

/** fileop.go::postFilesAndGenCommit: one commit for the whole request; answers formatJSONRet's array. */
async function postAndCommit(
  seaf: Seafile,
  repoId: string,
  user: string,
  dirPath: string,
  files: Indexed[],
  replace: boolean,
  lastModified: number,
): Promise<string> {
  const ids = await Promise.all(files.map((f) => seaf.storeFileObject(f.content)))
  const mtime = lastModified > 0 ? lastModified : nowSeconds()
  const first = files[0]!.name
  const { result: names } = await seaf.repos.mutate(repoId, user, async (head) => {
    const posted = await postFiles(
      seaf.fs,
      head.root_id,
      dirPath,
      files.map((f, i) => ({ name: f.name, id: ids[i]!, size: f.content.size, mtime, modifier: user })),
      replace,
    )
    return {
      rootId: posted.rootId,
      description: describe.addedMany(first, files.length - 1),
      result: posted.names,
    }
  })
  return goJson(files.map((f, i) => ({ id: ids[i], name: names[i], size: f.content.size })))
}
