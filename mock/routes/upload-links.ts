/**
 * seahub's side of uploads (seahub/api2/views.py: UploadLinkView, UpdateLinkView, UploadBlksLinkView,
 * UpdateBlksLinkView; api2/endpoints/repo_file_uploaded_bytes.py): they check the folder, permission and
 * quota, then hand out a file-server URL carrying a reusable access token.
 */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { readForm } from '../http/form.ts'
import { pythonJson } from '../http/json.ts'
import { drfResponse, pyJsonResponse } from '../http/responses.ts'
import { listDir } from '../model/repoTree.ts'
import type { Permission, Seafile } from '../model/seafile.ts'
import { ownerQuota } from '../upload/fileserverHttp.ts'
import { uploadState } from '../upload/state.ts'
import { fileserverBlockRoutes } from './fileserver-blocks.ts'
import { fileserverUploadRoutes } from './fileserver-upload.ts'
import { fileserverZipRoutes } from './fileserver-zip.ts'
import type { RouteModule } from './types.ts'

/** seahub/api2/views.py: HTTP_443_ABOVE_QUOTA. */
const OUT_OF_QUOTA = seahubError(443, 'Out of quota.')
const FOLDER_DENIED = seahubError(403, 'You do not have permission to access this folder.')

/** FILE_SERVER_ROOT: the file server behind seahub's proxy, `<public url>/seafhttp`. */
export const fileServerRoot = (seaf: Seafile, requestUrl: string): string =>
  `${seaf.linkBase(requestUrl)}/seafhttp`

/** seahub/utils::gen_file_upload_url: `FILE_SERVER_ROOT/<op>/<token>`, `?replace=1` when asked. */
const uploadUrl = (root: string, op: string, token: string, replace = false): string =>
  `${root}/${op}/${token}${replace ? '?replace=1' : ''}`

/** seahub/utils::to_python_boolean; anything else raises (the view then takes False). */
function pythonBoolean(value: string): boolean | undefined {
  const v = value.toLowerCase()
  if (v === 't' || v === 'true' || v === '1') return true
  if (v === 'f' || v === 'false' || v === '0') return false
  return undefined
}

/** The checks every link view makes, in its order: library, `p`, folder, permission, quota. */
async function checkFolder(
  c: MockContext,
  allowed: (perm: Permission | undefined) => boolean,
  { emptyP }: { emptyP?: boolean } = {},
): Promise<{ repoId: string; parentDir: string }> {
  const seaf = c.get('seaf')
  const repoId = c.req.param('repo_id')!
  const repo = await seaf.repos.get(repoId)
  if (!repo) fail(seahubError(404, `Library ${repoId} not found.`))
  const parentDir = c.req.query('p') ?? '/'
  // UploadLinkView only: `p=` is refused; the others look the empty path up and find no folder.
  if (emptyP && parentDir === '') fail(seahubError(400, 'p invalid.'))
  if (!(await listDir(seaf.fs, (await seaf.repos.head(repo)).root_id, parentDir)))
    fail(seahubError(404, `Folder ${parentDir} not found.`))
  if (!allowed(await seaf.getPermission(c.get('user').email, repo))) fail(FOLDER_DENIED)
  // check_quota(repo_id) < 0: already over (seafile's quota check with no delta).
  const quota = await ownerQuota(seaf, repoId)
  if (quota && quota.usage > quota.quota) fail(OUT_OF_QUOTA)
  return { repoId, parentDir }
}

/** `from=api` (default) or `web`; anything else is 400 `from invalid.`. */
function readFrom(c: MockContext): 'api' | 'web' {
  const from = c.req.query('from') ?? 'api'
  if (from !== 'api' && from !== 'web') fail(seahubError(400, 'from invalid.'))
  return from
}

const isRw = (perm: Permission | undefined) => perm === 'rw'

function issue(c: MockContext, repoId: string, op: string, objId: string): string {
  const seaf = c.get('seaf')
  return seaf.accessTokens.create({ repoId, op, objId, user: c.get('user').email, oneTime: false }).token
}

/** json.dumps({'parent_dir': p}), the upload tokens' obj_id. */
const parentDirObj = (parentDir: string): string => pythonJson({ parent_dir: parentDir })

export const uploadLinkRoutes: RouteModule = ({ routes, seaf }) => {
  const repoPath = '/api2/repos/:repo_id'

  routes.get(
    `${repoPath}/upload-link/`,
    async (c) => {
      // parse_repo_perm(...).can_upload: rw (custom permissions are not modelled).
      const { repoId, parentDir } = await checkFolder(c, isRw, { emptyP: true })
      const token = issue(c, repoId, 'upload', parentDirObj(parentDir))
      const root = fileServerRoot(seaf, c.req.url)
      if (readFrom(c) === 'web') return drfResponse(uploadUrl(root, 'upload-aj', token))
      const replace = pythonBoolean(c.req.query('replace') ?? '0') ?? false
      return drfResponse(uploadUrl(root, 'upload-api', token, replace))
    },
    { selfChecked: ['p', 'replace', 'from'] },
  )

  routes.get(
    `${repoPath}/update-link/`,
    async (c) => {
      const { repoId } = await checkFolder(c, isRw)
      const token = issue(c, repoId, 'update', 'dummy')
      const op = readFrom(c) === 'web' ? 'update-aj' : 'update-api'
      return drfResponse(uploadUrl(fileServerRoot(seaf, c.req.url), op, token))
    },
    { selfChecked: ['p', 'from'] },
  )

  routes.get(
    `${repoPath}/upload-blks-link/`,
    async (c) => {
      const { repoId, parentDir } = await checkFolder(c, isRw)
      const token = issue(c, repoId, 'upload-blks-api', parentDirObj(parentDir))
      return drfResponse(uploadUrl(fileServerRoot(seaf, c.req.url), 'upload-blks-api', token))
    },
    { selfChecked: ['p'] },
  )

  routes.post(
    `${repoPath}/upload-blks-link/`,
    async (c) => {
      const { repoId, parentDir } = await checkFolder(c, isRw)
      const token = issue(c, repoId, 'upload', parentDirObj(parentDir))
      const root = fileServerRoot(seaf, c.req.url)
      const blks = (await readForm(c)).blklist
      const list = typeof blks === 'string' ? blks : (blks?.at(-1) ?? '')
      // get_blklist_missing: no list → []; else the ids the block store lacks, in the order sent.
      const ids = list === '' ? [] : list.split(',')
      const missing: string[] = []
      for (const id of ids) if (!(await seaf.blocks.has(id))) missing.push(id)
      return pyJsonResponse({
        rawblksurl: uploadUrl(root, 'upload-raw-blks-api', token),
        commiturl: `${uploadUrl(root, 'upload-blks-api', token)}?commitonly=true&ret-json=true`,
        blklist: missing,
      })
    },
    { selfChecked: ['p', 'blklist'] },
  )

  routes.get(
    `${repoPath}/update-blks-link/`,
    async (c) => {
      const { repoId } = await checkFolder(c, isRw)
      const token = issue(c, repoId, 'update-blks-api', 'dummy')
      return drfResponse(uploadUrl(fileServerRoot(seaf, c.req.url), 'update-blks-api', token))
    },
    { selfChecked: ['p'] },
  )

  routes.get(
    '/api/v2.1/repos/:repo_id/file-uploaded-bytes/',
    async (c) => {
      const parentDir = c.req.query('parent_dir') ?? ''
      if (parentDir === '') fail(seahubError(400, 'parent_dir invalid.'))
      const fileName = c.req.query('file_name') ?? ''
      if (fileName === '') fail(seahubError(400, 'file_name invalid.'))
      const repoId = c.req.param('repo_id')!
      const repo = await seaf.repos.get(repoId)
      if (!repo) fail(seahubError(404, `Library ${repoId} not found.`))
      if (!(await listDir(seaf.fs, (await seaf.repos.head(repo)).root_id, parentDir)))
        fail(seahubError(404, `Folder ${parentDir} not found.`))
      // posixpath.join, then repo-mgr.c tries the path with a leading slash (and without).
      const joined = fileName.startsWith('/')
        ? fileName
        : parentDir.endsWith('/')
          ? parentDir + fileName
          : `${parentDir}/${fileName}`
      const filePath = joined.startsWith('/') ? joined : `/${joined}`
      const temp = await uploadState(seaf).temp()
      const uploadedBytes = seaf.options.resumableStrict
        ? await temp.settledBytes(repoId, filePath)
        : temp.uploadedBytes(repoId, filePath)
      // Accept-Ranges only with ENABLE_RESUMABLE_FILEUPLOAD (on in the mock unless turned off).
      const resumable = seaf.options.resumableUpload
      return drfResponse({ uploadedBytes }, 200, resumable ? { 'Accept-Ranges': 'bytes' } : {})
    },
    // repo_file_uploaded_bytes.py declares no authentication or permission class.
    { auth: 'optional', selfChecked: ['parent_dir', 'file_name'] },
  )
}

/** Every upload-side module, for mock/routes/index.ts: links, file-server uploads, blocks and zips. */
export const uploadRouteModules: RouteModule[] = [
  uploadLinkRoutes,
  fileserverUploadRoutes,
  fileserverBlockRoutes,
  fileserverZipRoutes,
]
