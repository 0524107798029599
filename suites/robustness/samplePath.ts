/**
 * A concrete URL path for an operation whose path parameters only have to be well-formed (the server
 * checks authentication or permission before it looks anything up): the spec's example, else a value that
 * matches the parameter's pattern or type, so that Django's URL patterns match and the view is reached.
 */
import { randomUUID } from 'node:crypto'
import type { OperationModel, ParamModel } from './fuzz/operations.ts'

function sample(p: ParamModel, repoId: string | undefined): string {
  if (p.name === 'repo_id') return repoId ?? randomUUID()
  if (p.example !== undefined && typeof p.example !== 'object') return String(p.example)
  const pattern = typeof p.schema.pattern === 'string' ? p.schema.pattern : ''
  if (pattern.includes('{40}')) return 'a'.repeat(40)
  if (pattern.includes('{12}')) return randomUUID()
  if (pattern.includes('a-f0-9') || pattern.includes('0-9a-f')) return 'abcdef0123456789abcd'
  if (p.schema.type === 'integer') return '1'
  if (/email|user/.test(p.name)) return 'nobody@example.com'
  return 'x'
}

/** The operation's path with every `{param}` filled (the library's id for `{repo_id}` when given). */
export function samplePath(op: OperationModel, repoId?: string): string {
  const params = new Map(op.params.filter((p) => p.in === 'path').map((p) => [p.name, p]))
  return op.template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const p = params.get(name)
    return encodeURIComponent(p ? sample(p, repoId) : 'x')
  })
}
