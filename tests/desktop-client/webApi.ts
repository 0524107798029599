/**
 * The web API calls the desktop-client tests make around seaf-cli: login, libraries, mkdir, upload through
 * an upload link, listing and download through a download link. Plain fetch on loopback.
 */

export class WebApi {
  private constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  static async login(url: string, username: string, password: string): Promise<WebApi> {
    const res = await fetch(`${url}/api2/auth-token/`, {
      method: 'POST',
      body: new URLSearchParams({ username, password }),
    })
    const { token } = (await expectOk(res, 'auth-token').json()) as { token: string }
    return new WebApi(url, token)
  }

  private async call(method: string, path: string, body?: BodyInit): Promise<Response> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      body,
      headers: { Authorization: `Token ${this.token}` },
    })
    return expectOk(res, `${method} ${path}`)
  }

  /** POST /api2/repos/ → the new library's id. */
  async createRepo(name: string): Promise<string> {
    const res = await this.call('POST', '/api2/repos/', new URLSearchParams({ name, desc: '' }))
    return ((await res.json()) as { repo_id: string }).repo_id
  }

  async mkdir(repoId: string, path: string): Promise<void> {
    const body = new URLSearchParams({ operation: 'mkdir' })
    await this.call('POST', `/api2/repos/${repoId}/dir/?p=${encodeURIComponent(path)}`, body)
  }

  /** Through the upload link, as the web UI does; `dir` must exist. */
  async upload(repoId: string, dir: string, name: string, content: Uint8Array): Promise<void> {
    const link = await this.call('GET', `/api2/repos/${repoId}/upload-link/?p=${encodeURIComponent(dir)}`)
    const form = new FormData()
    form.append('parent_dir', dir)
    form.append('replace', '1')
    form.append('file', new Blob([content as Uint8Array<ArrayBuffer>]), name)
    const res = await fetch(`${(await link.json()) as string}?ret-json=1`, { method: 'POST', body: form })
    await expectOk(res, `upload ${dir}/${name}`).arrayBuffer()
  }

  /** Names in a directory, or `undefined` when it does not exist. */
  async list(
    repoId: string,
    path: string,
  ): Promise<{ name: string; type: string; id: string }[] | undefined> {
    const res = await fetch(`${this.url}/api2/repos/${repoId}/dir/?p=${encodeURIComponent(path)}`, {
      headers: { Authorization: `Token ${this.token}` },
    })
    if (res.status === 404) return undefined
    return (await expectOk(res, `list ${path}`).json()) as { name: string; type: string; id: string }[]
  }

  /** A file's bytes through a download link, or `undefined` when the file does not exist. */
  async download(repoId: string, path: string): Promise<Buffer | undefined> {
    const res = await fetch(`${this.url}/api2/repos/${repoId}/file/?p=${encodeURIComponent(path)}`, {
      headers: { Authorization: `Token ${this.token}` },
    })
    if (res.status === 404) return undefined
    const link = (await expectOk(res, `download link ${path}`).json()) as string
    return Buffer.from(await expectOk(await fetch(link), `download ${path}`).arrayBuffer())
  }
}

function expectOk(res: Response, what: string): Response {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status}`)
  return res
}
