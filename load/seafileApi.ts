/**
 * The few Seafile calls a scenario needs before and after its timed part: log in, create and delete a
 * library, upload its files. Problems the user can fix (wrong URL or password, unreachable server) are
 * thrown as one-line `UserError`s.
 */
import { notSeafile } from '../cli/identify.ts'
import { UserError } from '../cli/userError.ts'
import { MULTIPART_TYPE, multipartBody } from './multipart.ts'

export class SeafileApi {
  private constructor(
    /** Target URL without a trailing slash; may carry a path prefix (Seafile under a sub-path). */
    readonly base: string,
    readonly token: string,
  ) {}

  /** `POST /api2/auth-token/` (seahub `ObtainAuthToken`), or a given token checked with `/api2/auth/ping/`. */
  static async connect(base: string, credentials: { user?: string; password?: string; token?: string }) {
    const root = base.replace(/\/+$/, '')
    const why = await notSeafile(root)
    if (why) throw new UserError(why)
    if (credentials.token) {
      const api = new SeafileApi(root, credentials.token)
      const res = await api.send('GET', '/api2/auth/ping/')
      if (res.status === 401 || res.status === 403) throw new UserError(`the token was refused by ${root}`)
      await expectOk(res, 'GET /api2/auth/ping/', root)
      return api
    }
    if (!credentials.user || !credentials.password) {
      throw new UserError('give --user and --password (or SEAFILE_USER and SEAFILE_PASSWORD), or --token')
    }
    const form = new URLSearchParams({ username: credentials.user, password: credentials.password })
    const res = await request(root, '/api2/auth-token/', { method: 'POST', body: form })
    // ObtainAuthToken: wrong credentials → 400 {"non_field_errors":["Unable to login with provided credentials."]}
    if (res.status === 400)
      throw new UserError(`${root} refused the login of ${credentials.user} (wrong password?)`)
    await expectOk(res, 'POST /api2/auth-token/', root)
    const body = (await res.json().catch(() => ({}))) as { token?: unknown }
    if (typeof body.token !== 'string')
      throw new UserError(`${root} is not a Seafile server (no token in the login answer)`)
    return new SeafileApi(root, body.token)
  }

  async createLibrary(name: string): Promise<string> {
    const res = await this.send('POST', '/api2/repos/', new URLSearchParams({ name }))
    await expectOk(res, 'POST /api2/repos/', this.base)
    const body = (await res.json()) as { repo_id?: string }
    if (!body.repo_id) throw new UserError(`${this.base}: POST /api2/repos/ answered without repo_id`)
    return body.repo_id
  }

  async deleteLibrary(id: string): Promise<void> {
    const res = await this.send('DELETE', `/api2/repos/${id}/`)
    await expectOk(res, `DELETE /api2/repos/${id}/`, this.base)
  }

  /** `GET /api2/repos/{id}/upload-link/?p=/`: the absolute upload URL. */
  async uploadLink(repoId: string, dir = '/'): Promise<string> {
    const res = await this.send('GET', `/api2/repos/${repoId}/upload-link/?p=${encodeURIComponent(dir)}`)
    await expectOk(res, 'GET upload-link', this.base)
    return (await res.json()) as string
  }

  /** One multipart upload per file into `dir` (replacing a file of the same name). */
  async uploadFile(link: string, name: string, content: Buffer, dir = '/'): Promise<void> {
    const body = Buffer.concat(multipartBody({ parent_dir: dir, replace: '1' }, name, content))
    const res = await fetch(link, {
      method: 'POST',
      headers: { Authorization: `Token ${this.token}`, 'Content-Type': MULTIPART_TYPE },
      body,
    }).catch((err: unknown) => unreachable(link, err))
    await expectOk(res, `POST ${new URL(link).pathname}`, this.base)
    await res.arrayBuffer()
  }

  send(method: string, path: string, body?: URLSearchParams): Promise<Response> {
    return request(this.base, path, { method, headers: { Authorization: `Token ${this.token}` }, body })
  }
}

async function request(base: string, path: string, init: RequestInit): Promise<Response> {
  return fetch(base + path, { ...init, signal: AbortSignal.timeout(30_000) }).catch((err: unknown) =>
    unreachable(base, err),
  )
}

function unreachable(url: string, err: unknown): never {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause
  const why = cause?.code ?? cause?.message ?? (err as Error).message
  throw new UserError(`cannot reach ${url} (${why})`)
}

async function expectOk(res: Response, what: string, base: string): Promise<void> {
  if (res.ok) return
  // One line even for Django's HTML error pages.
  const text = (await res.text().catch(() => ''))
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 160)
  if (res.status === 404 && what.includes('auth')) {
    throw new UserError(`${base} is not a Seafile server (${what} answered 404)`)
  }
  throw new UserError(`${base}: ${what} answered ${res.status}${text ? ` ${text}` : ''}`)
}
