/**
 * The spec's operations as the negative-request generator sees them: each parameter (path, query, header,
 * body field) with its schema, whether it is required, and a plausible value, `$ref`s resolved. Everything
 * here is read from spec/openapi.yaml; nothing is listed by hand.
 */

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

export type ParamIn = 'path' | 'query' | 'header' | 'body'

export interface ParamModel {
  name: string
  in: ParamIn
  required: boolean
  schema: Json
  /** The spec's example, when it gives one. */
  example?: unknown
}

export interface BodyModel {
  /** Documented media types, the first preferred. */
  mediaTypes: string[]
  required: boolean
}

export interface OperationModel {
  method: string
  /** The path template, e.g. `/api2/repos/{repo_id}/dir/`. */
  template: string
  /** `GET /api2/repos/{repo_id}/dir/`. */
  label: string
  /** Whether the operation needs a token (`security` is not empty). */
  authenticated: boolean
  /** A file-server route, sent to FILE_SERVER_ROOT (the `{token}` in the path is a file-server token). */
  fileserver: boolean
  params: ParamModel[]
  body?: BodyModel
  /** Documented response statuses. */
  statuses: number[]
  summary: string
  operation: Json
}

const METHODS = ['get', 'post', 'put', 'delete', 'patch', 'head'] as const

/**
 * Whether the spec serves the operation from the file server: its `servers` (the operation's, else the
 * path's) name the `{fileserver}` root (FILE_SERVER_ROOT), as every file-server route declares.
 */
const onFileServer = (op: Json, item: Json): boolean => {
  const servers = (op.servers ?? item.servers) as unknown[] | undefined
  return (servers ?? []).some((s) => isObject(s) && String(s.url).includes('{fileserver}'))
}

/** Follows local `$ref`s until a node without one. */
export function resolveRef(doc: Json, node: unknown): unknown {
  let cur = node
  for (let depth = 0; isObject(cur) && typeof cur.$ref === 'string' && depth < 20; depth++) {
    let target: unknown = doc
    for (const part of (cur.$ref as string).replace(/^#\//, '').split('/'))
      target = isObject(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined
    cur = target
  }
  return cur
}

/** The properties a body schema can carry: its own, and those of every allOf/oneOf/anyOf branch. */
function bodyFields(doc: Json, schema: unknown, out: Map<string, ParamModel>, required: Set<string>): void {
  const s = resolveRef(doc, schema)
  if (!isObject(s)) return
  for (const name of (s.required as string[] | undefined) ?? []) required.add(name)
  for (const [name, prop] of Object.entries((s.properties as Json | undefined) ?? {})) {
    if (out.has(name)) continue
    const resolved = (resolveRef(doc, prop) ?? {}) as Json
    out.set(name, { name, in: 'body', required: false, schema: resolved, example: resolved.example })
  }
  for (const key of ['allOf', 'oneOf', 'anyOf'])
    for (const branch of (s[key] as unknown[] | undefined) ?? []) {
      // A field required in only one oneOf branch is not required overall.
      bodyFields(doc, branch, out, key === 'allOf' ? required : new Set())
    }
}

function paramModel(doc: Json, raw: unknown): ParamModel | undefined {
  const p = resolveRef(doc, raw)
  if (!isObject(p) || typeof p.name !== 'string') return undefined
  const where = p.in as string
  if (!['path', 'query', 'header'].includes(where)) return undefined
  const schema = (resolveRef(doc, p.schema) ?? {}) as Json
  return {
    name: p.name,
    in: where as ParamIn,
    required: p.required === true || where === 'path',
    schema,
    example: p.example ?? schema.example,
  }
}

/** Every operation of the spec, in the spec's order. */
export function operationsOf(doc: Json): OperationModel[] {
  const out: OperationModel[] = []
  const globalSecurity = (doc.security as unknown[] | undefined) ?? []
  for (const [template, rawItem] of Object.entries((doc.paths ?? {}) as Json)) {
    if (!isObject(rawItem)) continue
    for (const method of METHODS) {
      const op = rawItem[method]
      if (!isObject(op)) continue
      const params = new Map<string, ParamModel>()
      for (const raw of [
        ...((rawItem.parameters as unknown[]) ?? []),
        ...((op.parameters as unknown[]) ?? []),
      ]) {
        const p = paramModel(doc, raw)
        if (p) params.set(`${p.in}:${p.name}`, p)
      }
      let body: BodyModel | undefined
      const requestBody = resolveRef(doc, op.requestBody)
      if (isObject(requestBody) && isObject(requestBody.content)) {
        const fields = new Map<string, ParamModel>()
        const required = new Set<string>()
        for (const media of Object.values(requestBody.content))
          if (isObject(media)) bodyFields(doc, media.schema, fields, required)
        for (const [name, f] of fields) params.set(`body:${name}`, { ...f, required: required.has(name) })
        body = { mediaTypes: Object.keys(requestBody.content), required: requestBody.required === true }
      }
      const security = (op.security as unknown[] | undefined) ?? globalSecurity
      out.push({
        method: method.toUpperCase(),
        template,
        label: `${method.toUpperCase()} ${template}`,
        // `[{}, {TokenAuth: []}]`: a token is optional (seahub views without a permission class).
        authenticated:
          security.length > 0 && !security.some((s) => isObject(s) && Object.keys(s).length === 0),
        fileserver: onFileServer(op, rawItem),
        params: [...params.values()],
        body,
        statuses: Object.keys((op.responses as Json | undefined) ?? {})
          .map(Number)
          .filter(Number.isInteger),
        summary: String(op.summary ?? ''),
        operation: op,
      })
    }
  }
  return out
}

/** The repo-scoped operations: their path names a library (`{repo_id}`). */
export const isLibraryScoped = (op: OperationModel): boolean => op.template.includes('{repo_id}')

/**
 * Admin-only operations, from the spec: the 403 they document is the admin refusal (`AccountAdminForbidden`,
 * DRF's IsAdminUser), or their summary says "(admin)".
 */
export function isAdminOnly(doc: Json, op: OperationModel): boolean {
  const forbidden = (op.operation.responses as Json | undefined)?.['403']
  if (isObject(forbidden) && forbidden.$ref === '#/components/responses/AccountAdminForbidden') return true
  return /\(admin\)/i.test(op.summary) && resolveRef(doc, forbidden) !== undefined
}

/** The real server no longer has the route (the spec answers it with a `*RouteRemoved` HTML 404). */
export function routeRemoved(op: OperationModel): boolean {
  return Object.values((op.operation.responses as Json | undefined) ?? {}).some(
    (r) => isObject(r) && typeof r.$ref === 'string' && /RouteRemoved$/.test(r.$ref),
  )
}
