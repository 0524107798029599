/**
 * Validates traffic against spec/openapi.yaml: finds the operation for a method and a concrete path, and
 * checks a response's status, content type and body (Ajv, JSON Schema 2020-12). Used by the mock's tests
 * and by the conformance suites, so both judge a response by the same rules.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { parse } from 'yaml'

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
// ajv-formats ships CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020

export const SPEC_FILE = join(import.meta.dirname, 'openapi.yaml')
/** Prefixes under which the file server's routes are also served (Seafile behind a proxy). */
export const FILESERVER_PREFIXES = ['/seafhttp']
const METHODS = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options'] as const

export const loadSpec = (file = SPEC_FILE): Json => parse(readFileSync(file, 'utf8')) as Json

/** JSON pointer (RFC 6901) of a list of keys. */
export const pointer = (parts: string[]): string =>
  parts.map((p) => '/' + p.replace(/~/g, '~0').replace(/\//g, '~1')).join('')

/** An Ajv that knows the whole spec as `openapi.json`, so any schema in it can be compiled by pointer. */
export function createSchemaAjv(doc: Json): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, discriminator: false })
  addFormats(ajv)
  ajv.addSchema(doc, 'openapi.json')
  return ajv
}

export interface OperationMatch {
  /** The path template as written in the spec, e.g. `/api2/repos/{repo_id}/`. */
  template: string
  method: string
  operation: Json
  params: Record<string, string>
}

export interface ResponseCheck {
  method: string
  /** Concrete URL path (no query), e.g. `/api2/repos/0d4e…/dir/`. */
  path: string
  status: number
  contentType: string | null
  /** The raw body text; binary bodies may be passed as an empty string. */
  body: string
  /**
   * Judge at the `strict` level: answers the spec marks as the reference server's deviations
   * (`x-seafile-real-server`) are refused. At `core` (the default) they conform.
   */
  strict?: boolean
}

/**
 * Extension on a response or a media type: the reference Seafile server answers this way, against the
 * documents (a 500 for bad input, text labelled as JSON). Its value says why. Accepted at `core`, refused
 * at `strict`; on a JSON media type it means the body may be text that is not JSON (validated against the
 * same response's `text/plain` schema, if any). Evidence: docs/real-server-findings.md.
 */
export const REAL_SERVER_EXTENSION = 'x-seafile-real-server'
/** Extension on a media type: the schema of the body the reference server sends instead (core only). */
export const REAL_SERVER_SCHEMA = 'x-seafile-real-server-schema'

interface CompiledPath {
  template: string
  regex: RegExp
  names: string[]
  literalLength: number
}

export class SpecValidator {
  readonly doc: Json
  private readonly ajv: Ajv2020
  private readonly paths: CompiledPath[]

  constructor(doc: Json = loadSpec()) {
    this.doc = doc
    this.ajv = createSchemaAjv(doc)
    this.paths = Object.keys((doc.paths ?? {}) as Json)
      .map((template) => {
        const names: string[] = []
        const source = template
          .split(/(\{[^}]+\})/)
          .map((part) => {
            const m = /^\{(.+)\}$/.exec(part)
            if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
            names.push(m[1]!)
            return '([^/]+)'
          })
          .join('')
        const literalLength = template.replace(/\{[^}]+\}/g, '').length
        return { template, regex: new RegExp(`^${source}$`), names, literalLength }
      })
      // Prefer the template with the most literal text: /api2/repos/public/ before /api2/repos/{repo_id}/.
      .sort((a, b) => b.literalLength - a.literalLength)
  }

  /** Every documented method+template pair. */
  operations(): { method: string; template: string; operation: Json }[] {
    const out: { method: string; template: string; operation: Json }[] = []
    for (const [template, item] of Object.entries((this.doc.paths ?? {}) as Json))
      for (const method of METHODS)
        if (isObject(item) && isObject(item[method]))
          out.push({ method, template, operation: item[method] as Json })
    return out
  }

  findOperation(method: string, path: string): OperationMatch | undefined {
    const m = method.toLowerCase()
    const candidates = [
      path,
      ...FILESERVER_PREFIXES.filter((p) => path.startsWith(p + '/')).map((p) => path.slice(p.length)),
    ]
    for (const candidate of candidates) {
      for (const p of this.paths) {
        const hit = p.regex.exec(candidate)
        if (!hit) continue
        const item = (this.doc.paths as Json)[p.template] as Json
        const op = item[m] ?? (m === 'head' ? item.get : undefined)
        if (!isObject(op)) continue
        const params: Record<string, string> = {}
        p.names.forEach((name, i) => {
          params[name] = safeDecode(hit[i + 1]!)
        })
        return { template: p.template, method: m, operation: op, params }
      }
    }
    return undefined
  }

  /** Problems with a response; an empty list means it conforms. */
  checkResponse(res: ResponseCheck): string[] {
    const match = this.findOperation(res.method, res.path)
    if (!match) return [`${res.method.toUpperCase()} ${res.path} is not in the spec`]
    const responses = (match.operation.responses ?? {}) as Json
    const key = String(res.status)
    const statusKey =
      key in responses
        ? key
        : `${key[0]}XX` in responses
          ? `${key[0]}XX`
          : 'default' in responses
            ? 'default'
            : undefined
    const where = `${match.method.toUpperCase()} ${match.template} → ${res.status}`
    if (!statusKey)
      return [
        `${where}: status ${res.status} is not documented (documented: ${Object.keys(responses).join(', ')})`,
      ]
    const response = this.resolve(responses[statusKey]) as Json
    if (res.strict && typeof response[REAL_SERVER_EXTENSION] === 'string')
      return [
        `${where}: a deviation of the reference server, refused at strict: ${response[REAL_SERVER_EXTENSION]}`,
      ]
    const content = response.content as Json | undefined
    if (!content || Object.keys(content).length === 0 || match.method === 'head' || res.status === 304)
      return []
    const actual = (res.contentType ?? '').split(';')[0]!.trim().toLowerCase()
    const mediaType = Object.keys(content).find((declared) => mediaTypeMatches(declared, actual))
    if (!mediaType)
      return [
        `${where}: content type "${res.contentType}" is not documented (documented: ${Object.keys(content).join(', ')})`,
      ]
    const media = content[mediaType] as Json
    if (res.strict && typeof media[REAL_SERVER_EXTENSION] === 'string' && !/json/.test(mediaType))
      return [
        `${where}: a deviation of the reference server, refused at strict: ${media[REAL_SERVER_EXTENSION]}`,
      ]
    if (!media.schema) return []
    let value: unknown = res.body
    let schemaMedia = mediaType
    if (/json/.test(mediaType)) {
      try {
        value = JSON.parse(res.body)
      } catch {
        const mislabelled = media[REAL_SERVER_EXTENSION]
        if (res.strict || typeof mislabelled !== 'string')
          return [`${where}: body is not valid JSON: ${res.body.slice(0, 120)}`]
        // Text labelled as JSON by the reference server: judge it as the text it is.
        if (!isObject(content['text/plain']) || !content['text/plain'].schema) return []
        schemaMedia = 'text/plain'
      }
    } else if (!/^text\//.test(mediaType)) return []
    const schemaPath = this.responsePointer(match, statusKey, schemaMedia)
    const validate = this.ajv.getSchema(`openapi.json#${schemaPath}`)
    if (!validate) return [`${where}: schema at ${schemaPath} could not be compiled`]
    if (validate(value)) return []
    // At core, the body the reference server sends instead (`x-seafile-real-server-schema`) conforms too.
    const alternative = `${schemaPath.replace(/\/schema$/, '')}/${REAL_SERVER_SCHEMA}`
    if (!res.strict && schemaMedia === mediaType && media[REAL_SERVER_SCHEMA]) {
      const real = this.ajv.getSchema(`openapi.json#${alternative}`)
      if (real?.(value)) return []
    }
    return [
      `${where}: body does not match the schema: ${this.ajv.errorsText(validate.errors, { dataVar: 'body' })}`,
    ]
  }

  private responsePointer(match: OperationMatch, statusKey: string, mediaType: string): string {
    const methodKey = isObject(((this.doc.paths as Json)[match.template] as Json)[match.method])
      ? match.method
      : 'get'
    const raw = (((this.doc.paths as Json)[match.template] as Json)[methodKey] as Json).responses as Json
    const entry = raw[statusKey] as Json
    if (typeof entry.$ref === 'string') {
      const parts = entry.$ref.replace(/^#\//, '').split('/')
      return pointer([...parts, 'content', mediaType, 'schema'])
    }
    return pointer([
      'paths',
      match.template,
      methodKey,
      'responses',
      statusKey,
      'content',
      mediaType,
      'schema',
    ])
  }

  /** Follows a local `$ref` (one level is all the spec uses for responses and parameters). */
  resolve(node: unknown): unknown {
    if (!isObject(node) || typeof node.$ref !== 'string') return node
    let cur: unknown = this.doc
    for (const part of node.$ref.replace(/^#\//, '').split('/'))
      cur = isObject(cur) ? cur[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined
    return this.resolve(cur)
  }
}

/** decodeURIComponent, or the text as sent when it holds an escape that is not UTF-8 (`%FF`). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

function mediaTypeMatches(declared: string, actual: string): boolean {
  const d = declared.toLowerCase()
  if (d === actual || d === '*/*') return true
  if (d.endsWith('/*')) return actual.startsWith(d.slice(0, -1))
  return false
}
