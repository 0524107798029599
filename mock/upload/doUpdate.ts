/** fileop.go::doUpdate and putFile: new content for an existing file, whole or in resumable chunks. */
import type { Context } from 'hono'
import { describe } from '../model/commits.ts'
import { listDir, lookup, nowSeconds } from '../model/repoTree.ts'
import type { Seafile } from '../model/seafile.ts'
import type { IndexedContent } from './blockChunker.ts'
import { isLastChunk } from './contentRange.ts'
import { baseName, dirName, isInvalidFileName, joinPath } from './fileNames.ts'
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
import { formValue } from './multipart.ts'
import { postFiles } from './postFiles.ts'
import { discardSpools, lastModify, receiveRequest, storeChunk, type UploadOp } from './uploadForm.ts'

/** fileop.go::doUpdate and putFile: one file replaces `target_file`'s content. */
export async function doUpdate(
  seaf: Seafile,
  c: Context,
  op: UploadOp,
  headers: UploadHeaders,
  cors: { value: boolean },
): Promise<Response> {
  const { grant, range, repoId, query, temp, chunkName, form } = await receiveRequest(
    seaf,
    c,
    'update',
    headers,
    cors,
  )
  const targetFile = formValue(query, form.fields, 'target_file').normalize('NFC')
  if (targetFile === '') refuse(400, 'No target_file given.\n')
  const mtime = lastModify(formValue(query, form.fields, 'last_modify').normalize('NFC'))
  // Go's filepath.Dir/Base of the target as given ("a.txt" has the parent "."); folders resolve from the root.
  const parentDir = dirName(targetFile)
  const folder = joinPath('/', parentDir)
  const fileName = baseName(targetFile)
  let tempPath: string | undefined
  try {
    let content: () => Promise<IndexedContent>
    if (range) {
      tempPath = await storeChunk(
        form,
        temp,
        repoId,
        { given: parentDir, target: parentDir },
        chunkName,
        seaf.options.resumableStrict,
        range,
      )
      if (!isLastChunk(range)) return jsonUtf8('{"success": true}', CORS_HEADERS)
      const path = tempPath
      content = () => temp.commit(repoId, path, seaf.blocks)
    } else {
      if (form.files.length === 0) refuse(400, 'No file in multipart form.\n')
      if (form.files.length > 1) refuse(400, 'More files in one request')
      content = async () => form.files[0]!.content
    }
    const repo = await seaf.repos.get(repoId)
    if (!repo) refuse(500, 'Failed to get repo.\n')
    const rootId = (await seaf.repos.head(repo)).root_id
    if (!(await listDir(seaf.fs, rootId, folder))) refuse(400, "Parent dir doesn't exist.\n")
    const size = range ? temp.uploadedBytes(repoId, tempPath!) : form.files[0]!.content.size
    if (seaf.options.maxUploadSize > 0 && size > seaf.options.maxUploadSize)
      refuse(442, 'File size is too large.\n')
    const contentLength = range ? range.total : (parseGoInt(c.req.header('content-length') ?? '') ?? -1)
    if (await overQuota(seaf, repoId, contentLength)) refuse(443, 'Out of quota.\n')
    if (isInvalidFileName(fileName)) refuse(400, `invalid fileName: ${fileName}.\n`)
    // checkFileExists: any entry of that name in the folder counts.
    const entries = await listDir(seaf.fs, rootId, folder)
    if (!entries?.some((d) => d.name === fileName)) refuse(441, 'File does not exist.\n')
    if (repo.encryption && !seaf.passwords.isSet(repoId, grant.user))
      refuse(400, 'Repo is encrypted. Please provide password to view it.')
    const indexed = await content()
    const fileId = await seaf.storeFileObject(indexed)
    const oldId = (await lookup(seaf.fs, rootId, joinPath(folder, fileName)))?.id
    const ajax = op === 'update-aj'
    const ajaxBody = () => goJson([{ id: fileId, name: fileName, size: indexed.size }])
    // Same content: no commit, the same answer (and for update-aj, Go forgets the JSON content type).
    if (fileId === oldId) return sniffedText(ajax ? ajaxBody() : fileId, CORS_HEADERS)
    await seaf.repos.mutate(repoId, grant.user, async (head) => {
      const posted = await postFiles(
        seaf.fs,
        head.root_id,
        folder,
        [
          {
            name: fileName,
            id: fileId,
            size: indexed.size,
            mtime: mtime > 0 ? mtime : nowSeconds(),
            modifier: grant.user,
          },
        ],
        true,
      )
      return { rootId: posted.rootId, description: describe.modified(fileName), result: null }
    })
    return ajax ? jsonUtf8(ajaxBody(), CORS_HEADERS) : sniffedText(fileId, CORS_HEADERS)
  } finally {
    if (range && isLastChunk(range) && tempPath !== undefined) await temp.remove(repoId, tempPath)
    await discardSpools(form)
  }
}
