/**
 * A minimal Seafile Web API client over `fetch`, as a web app would write it: the example page and the
 * msw tests use it unchanged in the browser and in Node.
 */

export interface Library {
  id: string
  name: string
  size: number
  encrypted: boolean
}

export interface Dirent {
  type: 'file' | 'dir'
  name: string
  id: string
  size?: number
}

export class SeafileError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 200)}`)
  }
}

export class SeafileClient {
  private constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  /** `POST /api2/auth-token/` with the account's credentials. */
  static async login(baseUrl: string, username: string, password: string): Promise<SeafileClient> {
    const root = baseUrl.replace(/\/+$/, '')
    const res = await fetch(`${root}/api2/auth-token/`, {
      method: 'POST',
      body: new URLSearchParams({ username, password }),
    })
    const { token } = (await expectOk(res, 'login')) as { token: string }
    return new SeafileClient(root, token)
  }

  private async call(what: string, path: string, init: RequestInit = {}): Promise<unknown> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      ...init,
      headers: { Authorization: `Token ${this.token}`, Accept: 'application/json', ...init.headers },
    })
    return expectOk(res, what)
  }

  listLibraries(): Promise<Library[]> {
    return this.call('list libraries', '/api2/repos/?type=mine') as Promise<Library[]>
  }

  async createLibrary(name: string): Promise<string> {
    const body = new URLSearchParams({ name })
    const created = (await this.call('create library', '/api2/repos/', { method: 'POST', body })) as {
      repo_id: string
    }
    return created.repo_id
  }

  listDir(repoId: string, path = '/'): Promise<Dirent[]> {
    return this.call('list directory', `/api2/repos/${repoId}/dir/?p=${encodeURIComponent(path)}`) as Promise<
      Dirent[]
    >
  }

  /** Asks for an upload link, then posts the file to it as multipart (`ret-json=1`). */
  async upload(
    repoId: string,
    parentDir: string,
    file: Blob,
    name: string,
  ): Promise<{ name: string; id: string }> {
    const link = (await this.call(
      'upload link',
      `/api2/repos/${repoId}/upload-link/?p=${encodeURIComponent(parentDir)}`,
    )) as string
    const form = new FormData()
    form.append('parent_dir', parentDir)
    form.append('file', file, name)
    const res = await fetch(`${link}?ret-json=1`, { method: 'POST', body: form })
    const [uploaded] = (await expectOk(res, 'upload')) as { name: string; id: string }[]
    return uploaded!
  }

  /** Asks for a download link, then fetches the bytes from it. */
  async download(repoId: string, path: string): Promise<ArrayBuffer> {
    const link = (await this.call(
      'download link',
      `/api2/repos/${repoId}/file/?p=${encodeURIComponent(path)}`,
    )) as string
    const res = await fetch(link)
    if (!res.ok) throw new SeafileError(res.status, await res.text(), 'download')
    return res.arrayBuffer()
  }
}

async function expectOk(res: Response, what: string): Promise<unknown> {
  const text = await res.text()
  if (!res.ok) throw new SeafileError(res.status, text, what)
  return JSON.parse(text)
}
