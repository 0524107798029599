/**
 * Names that node:http cannot put into a header as they are (non-Latin-1, control characters) must not turn
 * a download or a zip into a 500 over a real socket (in process, fetch's Headers accept what node:http
 * refuses, so only a listening server shows it). Go writes the name's UTF-8 bytes raw.
 */
import { describe, expect, test } from 'vitest'
import { login, putFile, startServer } from '../../mock/testing/harness.ts'

const NAMES = ['名前 ünï.txt', 'emoji 😀.txt', 'tab\tname.txt']

describe('file names in headers over HTTP', () => {
  test('downloads and zips of non-ASCII names answer 200 with the name as UTF-8 bytes', async () => {
    const server = await startServer()
    const client = await login(server)
    const { url, close } = await server.listen(0, '127.0.0.1')
    const { repo_id } = await client.json<{ repo_id: string }>('POST', '/api2/repos/', {
      form: { name: 'names' },
    })
    const base = `/api2/repos/${repo_id}`
    for (const name of NAMES) {
      await putFile(server, repo_id, `/${name}`, `content of ${name}`)
      const link = (
        await client.json<string>('GET', `${base}/file/?p=${encodeURIComponent(`/${name}`)}`)
      ).replace(/^http:\/\/[^/]+/, url)
      const res = await fetch(link)
      expect(res.status, name).toBe(200)
      expect(await res.text()).toBe(`content of ${name}`)
      const header = Buffer.from(res.headers.get('content-disposition') ?? '', 'latin1').toString('utf8')
      expect(header).toContain(`filename="${name.replace('\t', ' ')}"`)
    }
    await client.call('POST', `${base}/dir/?p=${encodeURIComponent('/フォルダ')}`, {
      form: { operation: 'mkdir' },
    })
    const { zip_token } = await client.json<{ zip_token: string }>(
      'GET',
      `/api/v2.1/repos/${repo_id}/zip-task/?parent_dir=/&dirents=${encodeURIComponent('フォルダ')}`,
    )
    const zip = await fetch(`${url}/seafhttp/zip/${zip_token}`)
    expect(zip.status).toBe(200)
    expect(Buffer.from(zip.headers.get('content-disposition') ?? '', 'latin1').toString('utf8')).toContain(
      'フォルダ.zip',
    )
    await close()
    await server.close()
  })
})
