/** Directories: mkdir, rename, listing, deletion, moves and copies. */
import { bodyOf, type ProxiedRequest, pathOf, queryOf, textOf, type Variant } from '../proxy.ts'
import { formField, mapJson, ok, seenPaths } from './shared.ts'

/** views.py::DirView.post: Location …/dir/?p=<quote(parent + '/' + name)>, `//docs` for the root. */
const mkdirLocation = (req: ProxiedRequest): string => {
  const p = queryOf(req).get('p') ?? ''
  const cut = p.lastIndexOf('/')
  return `${pathOf(req)}?p=${encodeURI(`${p.slice(0, cut) || '/'}/${p.slice(cut + 1)}`)}`
}

/** Moves sent on as copies, for move-copies. */
const movedAsCopy = new WeakSet<ProxiedRequest>()

export const directoryVariants: Variant[] = [
  {
    name: 'mkdir-200',
    breaks: 'mkdir answers 201 "success" with Location',
    grep: 'mkdir answers 201',
    onResponse: (req, res) =>
      req.method === 'POST' && /\/dir\/$/.test(pathOf(req)) && res.status === 201
        ? { ...res, status: 200 }
        : res,
  },
  {
    name: 'mkdir-dropped',
    breaks: 'a created directory is visible in the listing (dropped write)',
    grep: 'mkdir answers 201',
    onRequest: (req) =>
      req.method === 'POST' &&
      /\/api2\/repos\/[^/]+\/dir\/$/.test(pathOf(req)) &&
      formField(req, 'operation') === 'mkdir'
        ? {
            status: 201,
            // The answer the real server gives (views.py::DirView.post), so that only the listing can tell.
            headers: new Headers({ 'content-type': 'application/json', location: mkdirLocation(req) }),
            body: bodyOf('"success"'),
          }
        : undefined,
  },
  {
    name: 'rename-200',
    breaks: 'file rename answers 301 with Location',
    grep: 'file rename answers 301',
    onResponse: (req, res) => (req.method === 'POST' && res.status === 301 ? { ...res, status: 200 } : res),
  },
  {
    name: 'oid-never-uptodate',
    breaks: 'a directory listing with the current oid answers "uptodate"',
    grep: 'current oid answers',
    onRequest: (req) => {
      if (req.method === 'GET' && /\/dir\/$/.test(pathOf(req)) && queryOf(req).has('oid')) {
        const q = queryOf(req)
        q.delete('oid')
        req.url = `${pathOf(req)}?${q}`
      }
      return undefined
    },
  },
  {
    name: 'copy-dropped',
    breaks: 'fileops/copy puts a copy of the file in the destination folder',
    grep: 'fileops/copy copies',
    onRequest: (req) => {
      if (req.method !== 'POST' || !/\/fileops\/copy\/$/.test(pathOf(req))) return undefined
      const names = (formField(req, 'file_names') ?? '').split(':').filter(Boolean)
      const [repoId, dir] = [formField(req, 'dst_repo') ?? '', formField(req, 'dst_dir') ?? '/']
      return ok(names.map((name) => ({ repo_id: repoId, parent_dir: dir, obj_name: name })))
    },
  },
  {
    name: 'move-folder-merge-dropped',
    breaks: 'move-folder-merge moves the folder into the destination',
    grep: 'move-folder-merge moves a folder',
    onRequest: (req) =>
      req.method === 'POST' && pathOf(req) === '/api/v2.1/move-folder-merge/'
        ? ok({ success: true })
        : undefined,
  },
  {
    name: 'dir-listing-unsorted',
    breaks: 'a directory listing puts directories first, each kind sorted by name',
    grep: 'directories first, sorted by name',
    onResponse: mapJson(
      (req) => req.method === 'GET' && /^\/api2\/repos\/[0-9a-f-]{36}\/dir\/$/.test(pathOf(req)),
      (body) => (Array.isArray(body) ? [...body].reverse() : body),
    ),
  },
  {
    name: 'dir-type-filter-ignored',
    breaks: 'a directory listing with t=f lists only files and with t=d only directories',
    grep: 'filters files with t=f',
    onRequest: (req) => {
      const q = queryOf(req)
      if (req.method !== 'GET' || !/\/dir\/$/.test(pathOf(req)) || !['f', 'd'].includes(q.get('t') ?? ''))
        return undefined
      q.delete('t')
      req.url = `${pathOf(req)}?${q}`
      return undefined
    },
  },
  {
    name: 'recursive-listing-flat',
    breaks: 'a directory listing with recursive=1 gives every entry below, each with its parent_dir',
    grep: 'recursive directory listing gives',
    onRequest: (req) => {
      const q = queryOf(req)
      if (req.method !== 'GET' || !/\/dir\/$/.test(pathOf(req)) || !q.has('recursive')) return undefined
      q.delete('recursive')
      req.url = `${pathOf(req)}?${q}`
      return undefined
    },
  },
  {
    name: 'rename-same-name-accepted',
    breaks: 'renaming a file to its own name answers 409 "The new name is the same to the old"',
    grep: 'file rename to the same name answers 409',
    onResponse: (req, res) =>
      req.method === 'POST' && /\/file\/$/.test(pathOf(req)) && res.status === 409 ? ok('success') : res,
  },
  {
    name: 'dir-delete-dropped',
    breaks: 'a deleted directory is gone: listing it answers 404',
    grep: 'directory delete answers 200',
    onRequest: (req) =>
      req.method === 'DELETE' && /^\/api2\/repos\/[0-9a-f-]{36}\/dir\/$/.test(pathOf(req))
        ? ok('success')
        : undefined,
  },
  {
    name: 'dir-rename-dropped',
    breaks: 'a renamed directory is listed under its new name only',
    grep: 'directory rename answers 200',
    onRequest: (req) =>
      req.method === 'POST' &&
      /^\/api2\/repos\/[0-9a-f-]{36}\/dir\/$/.test(pathOf(req)) &&
      formField(req, 'operation') === 'rename'
        ? ok('success')
        : undefined,
  },
  {
    name: 'mkdir-clash-dropped',
    breaks: 'mkdir of an existing name creates "name (1)"',
    grep: 'mkdir of an existing directory name',
    // The second mkdir of a path answers as if it made it again, and nothing is created.
    onRequest: (req) => {
      if (req.method !== 'POST' || !/\/dir\/$/.test(pathOf(req)) || formField(req, 'operation') !== 'mkdir')
        return undefined
      if (!seenPaths.has(req.url)) return void seenPaths.add(req.url)
      return {
        status: 201,
        headers: new Headers({ 'content-type': 'application/json', location: mkdirLocation(req) }),
        body: bodyOf('"success"'),
      }
    },
  },
  {
    name: 'move-copies',
    breaks: 'a moved file leaves its directory',
    grep: 'file move answers 301',
    // The move is carried out as a copy and answered as the move would be.
    onRequest: (req) => {
      if (req.method !== 'POST' || !/\/file\/$/.test(pathOf(req)) || formField(req, 'operation') !== 'move')
        return undefined
      const form = new URLSearchParams(textOf(req.body))
      form.set('operation', 'copy')
      req.body = bodyOf(form.toString())
      movedAsCopy.add(req)
      return undefined
    },
    onResponse: (req, res) => (movedAsCopy.has(req) && res.status === 200 ? { ...res, status: 301 } : res),
  },
]
