/** download: ask for a (reusable) download link, then fetch the file's bytes from the file server. */
import { type Flow, keepLink } from './types.ts'

export const DOWNLOAD_FILE = 'download.bin'

export const download: Flow = {
  name: 'download',
  stepNames: ['download-link', 'download'],
  async seed(env) {
    const upload = await env.api.uploadLink(env.repoId, '/')
    await env.api.uploadFile(upload, DOWNLOAD_FILE, env.payload)
    const linkPath = `${env.prefix}/api2/repos/${env.repoId}/file/?p=/${DOWNLOAD_FILE}&reuse=1`
    // One link now, so that a file server on another origin is refused before the timed part.
    const res = await env.api.send('GET', linkPath.slice(env.prefix.length))
    env.pathOf((await res.json()) as string)
    return [
      {
        name: 'download-link',
        request: (ctx) => {
          delete ctx.download
          return { method: 'GET', path: linkPath }
        },
        read: keepLink(env, 'download'),
      },
      {
        name: 'download',
        request: (ctx) => (typeof ctx.download === 'string' ? { method: 'GET', path: ctx.download } : null),
      },
    ]
  },
}
