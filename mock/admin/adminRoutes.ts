/**
 * The mock's own endpoints, under `/__mock__/` (no Seafile route starts with `/__`): reset a namespace to
 * its seed, dump it, add seed data to it, list namespaces. Each applies to the request's namespace (the
 * `X-Mock-Namespace` header or the `/__ns/<name>/` prefix; `default` without either).
 */
import type { Namespaces } from '../namespaces/registry.ts'
import { applySeed } from '../seed/applySeed.ts'
import { parseSeed, SeedError } from '../seed/loadSeed.ts'
import { approveClientSso, CLIENT_SSO_PREFIX } from './clientSso.ts'
import { dumpState } from './dump.ts'

export const ADMIN_PREFIX = '/__mock__/'

const ENDPOINTS = {
  'POST /__mock__/reset': 'replace the namespace with a fresh copy of its seed',
  'GET /__mock__/dump': 'accounts and libraries (every path) of the namespace, as JSON',
  'POST /__mock__/seed': 'add users and libraries from a YAML or JSON seed in the body',
  'GET /__mock__/namespaces': 'the namespaces in use, least recently used first',
  'POST /__mock__/client-sso/<token>': 'complete a client SSO login: {"username": …} or {"status": "error"}',
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(`${JSON.stringify(body, null, 2)}\n`, {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers },
  })

/** Answers `/__mock__/…`; `undefined` for every other path. */
export async function adminRoutes(
  req: Request,
  pathname: string,
  namespace: string,
  namespaces: Namespaces,
): Promise<Response | undefined> {
  if (!pathname.startsWith(ADMIN_PREFIX) && pathname !== '/__mock__') return undefined
  if (pathname.startsWith(CLIENT_SSO_PREFIX))
    return approveClientSso(req, pathname, (await namespaces.get(namespace)).seaf)
  const endpoint = `${req.method === 'HEAD' ? 'GET' : req.method} ${pathname.replace(/\/+$/, '')}`
  switch (endpoint) {
    case 'POST /__mock__/reset': {
      const started = performance.now()
      await namespaces.reset(namespace)
      const ms = Math.round((performance.now() - started) * 100) / 100
      return json({ namespace, reset: true, ms }, 200, { 'Server-Timing': `reset;dur=${ms}` })
    }
    case 'GET /__mock__/dump':
      return json(await dumpState((await namespaces.get(namespace)).seaf, namespace))
    case 'POST /__mock__/seed': {
      try {
        const seed = await parseSeed(await req.text(), { source: 'POST /__mock__/seed' })
        const applied = await applySeed((await namespaces.get(namespace)).seaf, seed)
        return json({ namespace, ...applied })
      } catch (err) {
        if (err instanceof SeedError) return json({ error: err.message }, 400)
        throw err
      }
    }
    case 'GET /__mock__/namespaces':
      return json({ namespaces: namespaces.names() })
    case 'GET /__mock__':
      return json({ namespace, endpoints: ENDPOINTS })
  }
  const known = Object.keys(ENDPOINTS).find((e) => e.endsWith(` ${pathname.replace(/\/+$/, '')}`))
  if (known) return json({ error: `use ${known}` }, 405, { Allow: known.split(' ')[0]! })
  return json({ error: `no mock endpoint ${endpoint}`, endpoints: ENDPOINTS }, 404)
}
