/**
 * Folder download as zip: seahub's task token (api2/endpoints/zip_task.py::ZipTaskView, GET and POST),
 * its progress (query_zip_progress.py), and the file server's streamed archive (fileop.go::accessZipCB,
 * downloadZipFile, packDir, packFiles), at the root and under `/seafhttp`.
 */
import { Readable } from 'node:stream'
import type { Context } from 'hono'
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { readForm } from '../http/form.ts'
import { pythonJson } from '../http/json.ts'
import { drfResponse } from '../http/responses.ts'
import { lookup } from '../model/repoTree.ts'
import type { Seafile } from '../model/seafile.ts'
import { type FsDirent, isDirMode } from '../sync/fsObjects.ts'
import { joinPath } from '../upload/fileNames.ts'
import { uniqueZipName, type ZipEntry, zipStream } from '../upload/zipStream.ts'
import { goPathEscape, rawUtf8Header, withRawHeaderBytes } from './fileserver-headers.ts'
import type { RouteModule } from './types.ts'

const ZIP_OPS = new Set(['download-dir', 'download-dir-link', 'download-multi', 'download-multi-link'])

/** posixpath.join of a folder and a name. */
const pyJoin = (dir: string, name: string) =>
  name.startsWith('/') ? name : dir.endsWith('/') ? dir + name : `${dir}/${name}`

/** ZipTaskView: the same checks for the GET (query) and the POST (body). */
async function zipTask(c: MockContext, parentDir: string, dirents: string[]): Promise<Response> {
  const seaf = c.get('seaf')
  if (!parentDir) fail(seahubError(400, 'parent_dir invalid.'))
  if (dirents.length === 0) fail(seahubError(400, 'dirents invalid.'))
  const repoId = c.req.param('repo_id')!
  const repo = await seaf.repos.get(repoId)
  if (!repo) fail(seahubError(404, `Library ${repoId} not found.`))
  const rootId = (await seaf.repos.head(repo)).root_id
  const isFolder = async (path: string) => {
    const d = await lookup(seaf.fs, rootId, path)
    return d !== undefined && isDirMode(d.mode) ? d : undefined
  }
  if (!(await isFolder(parentDir))) fail(seahubError(404, `Folder ${parentDir} not found.`))
  if (!(await seaf.getPermission(c.get('user').email, repo))) fail(seahubError(403, 'Permission denied.'))
  let op: string
  let obj: Record<string, unknown>
  if (dirents.length === 1) {
    const dirName = dirents[0]!.replace(/^\/+|\/+$/g, '')
    const full = pyJoin(parentDir, dirName)
    const dir = await isFolder(full)
    if (!dir) fail(seahubError(404, `Folder ${full} not found.`))
    op = 'download-dir'
    obj = { obj_id: dir.id, dir_name: dirName, is_windows: 0 }
  } else {
    op = 'download-multi'
    obj = { parent_dir: parentDir, file_list: dirents.map((d) => d.replace(/^\/+|\/+$/g, '')), is_windows: 0 }
  }
  // FILESERVER_TOKEN_ONCE_ONLY (default True): the archive can be fetched once.
  const token = seaf.accessTokens.create({
    repoId,
    op,
    objId: pythonJson(obj),
    user: c.get('user').email,
    oneTime: true,
  })
  return drfResponse({ zip_token: token.token })
}

/** What a zip token names: the members, in the order packDir writes them, and the archive's name. */
interface ZipPlan {
  name: string
  entries: () => AsyncGenerator<ZipEntry>
  files: number
}

/** packDir: files under their path, an empty folder as `dir/`, entries in stored (name-descending) order. */
async function* packDir(seaf: Seafile, dirId: string, dirPath: string): AsyncGenerator<ZipEntry> {
  const dirents = (await seaf.fs.getDir(dirId)) ?? []
  if (dirents.length === 0) {
    yield { type: 'dir', path: dirPath, mtime: 0 }
    return
  }
  for (const d of dirents) yield* packDirent(seaf, d, joinPath(dirPath, d.name))
}

function packDirent(seaf: Seafile, d: FsDirent, path: string): AsyncGenerator<ZipEntry> {
  if (isDirMode(d.mode)) return packDir(seaf, d.id, path)
  return (async function* () {
    yield { type: 'file', path, mtime: d.mtime, open: () => seaf.readFile(d.id) }
  })()
}

async function countFiles(seaf: Seafile, dirents: FsDirent[]): Promise<number> {
  let n = 0
  for (const d of dirents) n += isDirMode(d.mode) ? (await seaf.fs.stats(d.id)).files : 1
  return n
}

/** downloadZipFile: reads the token's obj and resolves its members; `undefined` where Go fails with 500. */
async function planZip(
  seaf: Seafile,
  repoId: string,
  op: string,
  objId: string,
): Promise<ZipPlan | undefined> {
  const repo = await seaf.repos.get(repoId)
  if (!repo) return undefined
  let obj: Record<string, unknown>
  try {
    obj = JSON.parse(objId) as Record<string, unknown>
  } catch {
    return undefined
  }
  if (op.startsWith('download-dir')) {
    const dirName = obj.dir_name
    const dirId = obj.obj_id
    if (typeof dirName !== 'string' || !dirName || typeof dirId !== 'string' || !dirId) return undefined
    const dirents = await seaf.fs.getDir(dirId)
    if (!dirents) return undefined
    return {
      name: `${dirName}.zip`,
      entries: () => packDir(seaf, dirId, dirName),
      files: await countFiles(seaf, dirents),
    }
  }
  // parseDirFilelist: each name is an entry of parent_dir (or a path below it); any miss fails the zip.
  const parentDir = obj.parent_dir
  const list = obj.file_list
  if (typeof parentDir !== 'string' || !parentDir || !Array.isArray(list)) return undefined
  const rootId = (await seaf.repos.head(repo)).root_id
  const selected: FsDirent[] = []
  for (const name of list) {
    if (typeof name !== 'string' || name === '') return undefined
    const d = await lookup(seaf.fs, rootId, joinPath('/', parentDir, name))
    if (!d || (!name.includes('/') && d.name !== name)) return undefined
    selected.push(d)
  }
  const now = new Date()
  const taken = new Set<string>()
  const named = selected.map((d) => {
    const unique = uniqueZipName(d.name, taken)
    taken.add(unique)
    return { d, unique }
  })
  return {
    name: `documents-export-${now.getFullYear()}-${now.getMonth() + 1}-${now.getDate()}.zip`,
    entries: async function* () {
      for (const { d, unique } of named) yield* packDirent(seaf, d, unique)
    },
    files: await countFiles(seaf, selected),
  }
}

/** Go's `time.Format("Mon, 2 Jan 2006 15:04:05 GMT")` of the local clock, as accessZipCB writes it. */
function goHttpDate(date: Date): string {
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][date.getDay()]
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
    date.getMonth()
  ]
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${day}, ${date.getDate()} ${month} ${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} GMT`
}

const plain = (status: number, msg: string) =>
  new Response(`${msg}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  })

/** fileop.go::accessZipCB + downloadZipFile. */
async function serveZip(seaf: Seafile, c: Context, prefix: string): Promise<Response> {
  const parts = new URL(c.req.url).pathname.slice(prefix.length + 1).split('/')
  if (parts.length !== 2) return plain(400, 'Invalid URL')
  const grant = seaf.accessTokens.query(parts[1]!)
  if (!grant) return plain(403, 'Access token not found')
  if (!ZIP_OPS.has(grant.op)) return plain(403, 'Operation does not match access token')
  if (c.req.header('if-modified-since') !== undefined) return new Response(null, { status: 304 })
  const repo = await seaf.repos.get(grant.repoId)
  if (!repo) return plain(400, 'Failed to get repo')
  if (repo.encryption && !seaf.passwords.isSet(repo.id, grant.user))
    return plain(400, 'Repo is encrypted. Please provide password to view it.')
  const plan = await planZip(seaf, grant.repoId, grant.op, grant.objId)
  if (!plan) return plain(500, '')
  const single = grant.op.startsWith('download-dir')
  // The single-folder name is quoted as is and escaped as utf-8; the multi one says "utf8" (sic).
  const disposition = `attachment;filename="${rawUtf8Header(plan.name)}";filename*=${single ? 'utf-8' : 'utf8'}''${goPathEscape(plan.name)}`
  return withRawHeaderBytes(
    new Response(Readable.toWeb(zipStream(plan.entries())) as ReadableStream, {
      status: 200,
      headers: {
        // downloadZipFile overrides setCommonHeaders' application/zip with octet-stream (the C server: zip).
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': disposition,
        'X-Content-Type-Options': 'nosniff',
        'Last-Modified': goHttpDate(new Date()),
        'Cache-Control': 'max-age=3600',
      },
    }),
  )
}

export const fileserverZipRoutes: RouteModule = ({ routes, app, seaf }) => {
  routes.get(
    '/api/v2.1/repos/:repo_id/zip-task/',
    (c) => zipTask(c, c.req.query('parent_dir') ?? '', c.req.queries('dirents') ?? []),
    { selfChecked: ['parent_dir', 'dirents'] },
  )
  routes.post(
    '/api/v2.1/repos/:repo_id/zip-task/',
    async (c) => {
      const form = await readForm(c)
      const parentDir = form.parent_dir
      const dirents = form.dirents
      return zipTask(
        c,
        Array.isArray(parentDir) ? (parentDir.at(-1) ?? '') : (parentDir ?? ''),
        dirents === undefined ? [] : Array.isArray(dirents) ? dirents : [dirents],
      )
    },
    { selfChecked: ['parent_dir', 'dirents'] },
  )
  // query_zip_progress.py: the archive is streamed on demand, so a live task is always complete.
  routes.get(
    '/api/v2.1/query-zip-progress/',
    async (c) => {
      const token = c.req.query('token') ?? ''
      if (!token) fail(seahubError(400, 'token invalid.'))
      const grant = seaf.accessTokens.query(token, { peek: true })
      const plan =
        grant && ZIP_OPS.has(grant.op) ? await planZip(seaf, grant.repoId, grant.op, grant.objId) : undefined
      // zip-download-mgr.c: no progress object → NULL without error → seahub's 404 'progress not found.'
      if (!plan) fail(seahubError(404, 'progress not found.'))
      return drfResponse({ zipped: plan.files, total: plan.files, failed: 0, failed_reason: '', canceled: 0 })
    },
    // query_zip_progress.py declares no permission class: the zip token is the credential.
    { auth: 'optional', selfChecked: ['token'] },
  )
  for (const prefix of ['', '/seafhttp']) app.get(`${prefix}/zip/*`, (c) => serveZip(seaf, c, prefix))
}
