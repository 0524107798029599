/**
 * Checks that every example in the spec validates against the schema it illustrates: media-type
 * `example`/`examples`, parameter examples and component schemas' own `example`.
 */
import { createSchemaAjv, pointer } from '../validator.ts'

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

export interface ExampleProblem {
  where: string
  message: string
}

export function validateExamples(doc: Json): { checked: number; problems: ExampleProblem[] } {
  const ajv = createSchemaAjv(doc)
  const problems: ExampleProblem[] = []
  let checked = 0
  const check = (schemaPath: string[], value: unknown, where: string) => {
    checked++
    const validate = ajv.getSchema(`openapi.json#${pointer(schemaPath)}`)
    if (!validate) {
      problems.push({ where, message: 'schema could not be compiled' })
      return
    }
    if (!validate(value)) problems.push({ where, message: ajv.errorsText(validate.errors) })
  }
  const visitContent = (content: unknown, base: string[]) => {
    if (!isObject(content)) return
    for (const [mediaType, media] of Object.entries(content)) {
      if (!isObject(media) || !media.schema) continue
      const schemaPath = [...base, mediaType, 'schema']
      if ('example' in media) check(schemaPath, media.example, schemaPath.join(' '))
      if (isObject(media.examples))
        for (const [name, ex] of Object.entries(media.examples))
          if (isObject(ex) && 'value' in ex) check(schemaPath, ex.value, `${schemaPath.join(' ')} (${name})`)
    }
  }
  const visitParams = (params: unknown, base: string[]) => {
    if (!Array.isArray(params)) return
    params.forEach((p, i) => {
      if (isObject(p) && p.schema && 'example' in p)
        check([...base, String(i), 'schema'], p.example, `${base.join(' ')} ${String(p.name)}`)
    })
  }
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Json)) {
    if (!isObject(item)) continue
    visitParams(item.parameters, ['paths', path, 'parameters'])
    for (const [method, op] of Object.entries(item)) {
      if (!isObject(op) || method === 'parameters') continue
      const base = ['paths', path, method]
      visitParams(op.parameters, [...base, 'parameters'])
      if (isObject(op.requestBody)) visitContent(op.requestBody.content, [...base, 'requestBody', 'content'])
      for (const [status, res] of Object.entries((op.responses ?? {}) as Json))
        if (isObject(res)) visitContent(res.content, [...base, 'responses', status, 'content'])
    }
  }
  const components = (doc.components ?? {}) as Record<string, Json>
  for (const [name, schema] of Object.entries(components.schemas ?? {}))
    if (isObject(schema) && 'example' in schema)
      check(['components', 'schemas', name], schema.example, `components.schemas.${name}`)
  for (const [name, res] of Object.entries(components.responses ?? {}))
    if (isObject(res)) visitContent(res.content, ['components', 'responses', name, 'content'])
  return { checked, problems }
}
