/**
 * Test helpers: an in-process server, login, and response validation against the spec for the
 * operations it has (others are skipped, and checked automatically once they land in the spec).
 */
import { expect } from 'vitest'
import { SpecValidator } from '../../spec/validator.ts'
import { createMockServer, type MockOptions, type MockServer } from '../index.ts'

let spec: SpecValidator | null | undefined

function specValidator(): SpecValidator | null {
  if (spec === undefined) {
    try {
      spec = new SpecValidator()
    } catch {
      spec = null
    }
  }
  return spec
}

/** Asserts `res` conforms to the spec when the spec documents its operation; returns the body text. */
export async function conforms(res: Response, method: string, url: string): Promise<string> {
  const body = await res.clone().text()
  const v = specValidator()
  const path = new URL(url, 'http://localhost').pathname
  if (v?.findOperation(method, path)) {
    const problems = v.checkResponse({
      method,
      path,
      status: res.status,
      contentType: res.headers.get('content-type'),
      body: /json|text/.test(res.headers.get('content-type') ?? '') ? body : '',
    })
    expect(problems).toEqual([])
  }
  return body
}

export interface TestClient {
  server: MockServer
  token: string
  /** A request with the user's token; validated against the spec when documented. */
  call(
    method: string,
    url: string,
    init?: { form?: Record<string, string | string[]>; json?: unknown; headers?: Record<string, string> },
  ): Promise<Response>
  json<T = unknown>(method: string, url: string, init?: Parameters<TestClient['call']>[2]): Promise<T>
}

export const silent = { log: () => {} }

export async function startServer(options: Partial<MockOptions> = {}): Promise<MockServer> {
  return createMockServer({ ...silent, ...options })
}

export async function login(
  server: MockServer,
  username = 'user@example.com',
  password = 'user',
): Promise<TestClient> {
  const res = await server.request('/api2/auth-token/', {
    method: 'POST',
    body: new URLSearchParams({ username, password }),
  })
  const { token } = (await res.json()) as { token: string }
  const call: TestClient['call'] = async (method, url, init = {}) => {
    const headers: Record<string, string> = { Authorization: `Token ${token}`, ...init.headers }
    let body: BodyInit | undefined
    if (init.form) {
      const params = new URLSearchParams()
      for (const [k, v] of Object.entries(init.form))
        for (const x of ([] as string[]).concat(v)) params.append(k, x)
      body = params
    } else if (init.json !== undefined) {
      body = JSON.stringify(init.json)
      headers['Content-Type'] = 'application/json'
    }
    const res = await server.request(url, { method, headers, body, redirect: 'manual' })
    await conforms(res, method, url)
    return res
  }
  return {
    server,
    token,
    call,
    async json(method, url, init) {
      const res = await call(method, url, init)
      expect(res.status, await res.clone().text()).toBeLessThan(400)
      return res.json()
    },
  }
}

/** Stores `content` and commits it at `path` through the model (the upload routes live elsewhere). */
export async function putFile(
  server: MockServer,
  repoId: string,
  path: string,
  content: string | Uint8Array,
  user = 'user@example.com',
): Promise<{ fileId: string; name: string }> {
  const { commitNewFile } = await import('../model/treeOps.ts')
  const { splitPath } = await import('../model/names.ts')
  const bytes = typeof content === 'string' ? Buffer.from(content) : content
  const stored = await server.seaf.storeFileFromStream(bytes)
  const { parent, name } = splitPath(path)
  const added = await commitNewFile(server.seaf, repoId, parent, name, stored, user, { replace: true })
  return { fileId: stored.fileId, name: added.name }
}

/** Logs in as user@example.com and creates a library; returns the client and the repo id. */
export async function withRepo(options: Partial<MockOptions> = {}, name = 'lib') {
  const server = await startServer(options)
  const client = await login(server)
  const { repo_id } = await client.json<{ repo_id: string }>('POST', '/api2/repos/', { form: { name } })
  return { server, client, repoId: repo_id, base: `/api2/repos/${repo_id}` }
}
