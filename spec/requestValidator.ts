/**
 * Checks a request's query parameters and form fields against spec/openapi.yaml: required ones present,
 * present ones of the documented type (strings coerced as Django would read them). Used by the mock to
 * answer 400 instead of failing later. Operations not (yet) in the spec pass unchecked.
 */

import type { ValidateFunction } from 'ajv'
import type { Ajv2020 } from 'ajv/dist/2020.js'
import { createSchemaAjv, pointer, SpecValidator } from './validator.ts'

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

export interface RequestInput {
  method: string
  /** Concrete URL path, no query. */
  path: string
  query: URLSearchParams
  /** The parsed body (form, multipart or JSON) as flat strings; absent for bodiless requests. */
  form?: Record<string, string | string[]>
  /** The request's media type, to pick the documented body schema. */
  contentType?: string
}

export interface RequestProblem {
  in: 'query' | 'body'
  name: string
  reason: 'missing' | 'invalid'
  message: string
}

interface FieldRule {
  name: string
  in: 'query' | 'body'
  required: boolean
  /** JSON pointers of the field's schemas (one per oneOf branch declaring it); valid if any accepts. */
  schemaPointers: string[]
}

/** Coerces a string as a Django view would parse it, guided by the schema's type. */
function coerce(value: string, schema: Json): unknown {
  const type = schema.type
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value)
  if (type === 'boolean') {
    const v = value.toLowerCase()
    if (v === 'true' || v === '1') return true
    if (v === 'false' || v === '0') return false
  }
  return value
}

export class RequestValidator {
  readonly #compiled = new Map<string, ValidateFunction | undefined>()
  readonly #ajv: Ajv2020

  constructor(readonly spec: SpecValidator = new SpecValidator()) {
    this.#ajv = createSchemaAjv(spec.doc)
  }

  /** Problems with the request; an empty list when it conforms or its operation is not in the spec. */
  check(input: RequestInput): RequestProblem[] {
    const match = this.spec.findOperation(input.method, input.path)
    if (!match) return []
    const problems: RequestProblem[] = []
    for (const rule of this.#rules(match.template, match.method, input.contentType)) {
      const values =
        rule.in === 'query'
          ? input.query.getAll(rule.name)
          : ([] as string[]).concat(input.form?.[rule.name] ?? [])
      if (rule.in === 'body' && input.form === undefined) continue
      if (values.length === 0) {
        if (rule.required) problems.push({ ...rule, reason: 'missing', message: `${rule.name} is required` })
        continue
      }
      let detail: string | undefined
      for (const ptr of rule.schemaPointers) {
        const validate = this.#validator(ptr)
        if (!validate) {
          detail = undefined
          break
        }
        const schema = (this.spec.resolve(this.#at(ptr)) as Json | undefined) ?? {}
        const value =
          schema.type === 'array'
            ? values.map((v) => coerce(v, (this.spec.resolve(schema.items) as Json | undefined) ?? {}))
            : coerce(values[values.length - 1]!, schema)
        if (validate(value)) {
          detail = undefined
          break
        }
        detail = validate.errors?.[0]?.message ?? 'is invalid'
      }
      if (detail !== undefined)
        problems.push({ ...rule, reason: 'invalid', message: `${rule.name} ${detail}` })
    }
    return problems
  }

  /**
   * The media type of the operation's documented 400 (`application/json`, `text/plain`, …), or
   * `undefined` when the spec does not document one: then the real server does not refuse bad input
   * with a 400, and neither should a server built from the spec.
   */
  badRequestMediaType(method: string, path: string): string | undefined {
    const match = this.spec.findOperation(method, path)
    const responses = match && isObject(match.operation.responses) ? match.operation.responses : undefined
    const response =
      responses && (this.spec.resolve(responses['400'] ?? responses['4XX']) as Json | undefined)
    if (!isObject(response)) return undefined
    return Object.keys(isObject(response.content) ? response.content : {})[0] ?? 'application/json'
  }

  #rules(template: string, method: string, contentType: string | undefined): FieldRule[] {
    const item = (this.spec.doc.paths as Json)[template] as Json
    const opKey = isObject(item[method]) ? method : 'get'
    const op = item[opKey] as Json
    const rules: FieldRule[] = []
    const params: [unknown, string[]][] = [
      ...((item.parameters as unknown[]) ?? []).map((p, i): [unknown, string[]] => [
        p,
        ['paths', template, 'parameters', String(i)],
      ]),
      ...((op.parameters as unknown[]) ?? []).map((p, i): [unknown, string[]] => [
        p,
        ['paths', template, opKey, 'parameters', String(i)],
      ]),
    ]
    for (const [raw, where] of params) {
      const ref = isObject(raw) && typeof raw.$ref === 'string' ? raw.$ref : undefined
      const param = this.spec.resolve(raw) as Json
      if (!isObject(param) || param.in !== 'query' || typeof param.name !== 'string') continue
      const base = ref ? ref.replace(/^#\//, '').split('/') : where
      rules.push({
        name: param.name,
        in: 'query',
        required: param.required === true,
        schemaPointers: param.schema ? [pointer([...base, 'schema'])] : [],
      })
    }
    const bodyRef = isObject(op.requestBody) ? (op.requestBody.$ref as string | undefined) : undefined
    const body = this.spec.resolve(op.requestBody) as Json | undefined
    const content = isObject(body?.content) ? (body.content as Json) : undefined
    const media = content && this.#pickMedia(Object.keys(content), contentType)
    if (media) {
      const base = bodyRef
        ? bodyRef.replace(/^#\//, '').split('/')
        : ['paths', template, opKey, 'requestBody']
      rules.push(...this.#bodyRules(pointer([...base, 'content', media, 'schema'])))
    }
    return rules
  }

  #pickMedia(declared: string[], contentType: string | undefined): string | undefined {
    const actual = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
    return declared.find((d) => d.toLowerCase() === actual)
  }

  /** Fields of an object schema (through $ref, allOf, oneOf/anyOf: required only if every branch requires it). */
  #bodyRules(schemaPointer: string): FieldRule[] {
    const fields = new Map<string, string[]>()
    const requiredIn = (ptr: string, depth = 0): Set<string> => {
      const node = this.#at(ptr)
      if (!isObject(node) || depth > 8) return new Set()
      if (typeof node.$ref === 'string') return requiredIn(node.$ref.replace(/^#/, ''), depth + 1)
      const required = new Set<string>(Array.isArray(node.required) ? (node.required as string[]) : [])
      if (isObject(node.properties))
        for (const name of Object.keys(node.properties))
          fields.set(name, [...(fields.get(name) ?? []), `${ptr}${pointer(['properties', name])}`])
      const list = (key: string) => (Array.isArray(node[key]) ? (node[key] as unknown[]) : [])
      list('allOf').forEach((_, i) => {
        for (const r of requiredIn(`${ptr}${pointer(['allOf', String(i)])}`, depth + 1)) required.add(r)
      })
      for (const key of ['oneOf', 'anyOf']) {
        const branches = list(key).map((_, i) => requiredIn(`${ptr}${pointer([key, String(i)])}`, depth + 1))
        if (branches.length > 0)
          for (const r of branches[0]!) if (branches.every((b) => b.has(r))) required.add(r)
      }
      return required
    }
    const required = requiredIn(schemaPointer)
    return [...new Set([...fields.keys(), ...required])].map((name) => ({
      name,
      in: 'body' as const,
      required: required.has(name),
      schemaPointers: fields.get(name) ?? [],
    }))
  }

  #at(ptr: string): unknown {
    let cur: unknown = this.spec.doc
    for (const part of ptr.split('/').slice(1)) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~')
      cur = Array.isArray(cur) ? cur[Number(key)] : isObject(cur) ? cur[key] : undefined
    }
    return cur
  }

  #validator(schemaPointer: string): ValidateFunction | undefined {
    if (!this.#compiled.has(schemaPointer)) {
      let validate: ValidateFunction | undefined
      try {
        validate = this.#ajv.getSchema(`openapi.json#${schemaPointer}`)
      } catch {
        validate = undefined
      }
      this.#compiled.set(schemaPointer, validate)
    }
    return this.#compiled.get(schemaPointer)
  }
}
