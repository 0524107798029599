/**
 * upload: ask for an upload link, upload the generated file in one multipart request, then upload it again
 * resumably in `Content-Range` chunks (seafile-server-semantics §2, §3). Each connection writes its own
 * two files with `replace=1`, so the library does not grow during the run.
 */
import { MULTIPART_TYPE, multipartBody } from '../multipart.ts'
import { type Flow, type FlowContext, keepLink, type Step, type StepRequest } from './types.ts'

export const upload: Flow = {
  name: 'upload',
  stepNames: ['upload-link', 'upload', 'upload-chunk'],
  async seed(env) {
    env.pathOf(await env.api.uploadLink(env.repoId, '/'))
    const linkPath = `${env.prefix}/api2/repos/${env.repoId}/upload-link/?p=/`
    const fields = { parent_dir: '/', replace: '1' }
    const post = (
      ctx: FlowContext,
      body: Buffer[],
      headers: Record<string, string> = {},
    ): StepRequest | null =>
      typeof ctx.upload === 'string'
        ? { method: 'POST', path: ctx.upload, headers: { 'Content-Type': MULTIPART_TYPE, ...headers }, body }
        : null
    const total = env.payload.length
    const chunks: Step[] = []
    for (let start = 0; start < total; start += env.chunkSize) {
      const end = Math.min(total, start + env.chunkSize) - 1
      const content = env.payload.subarray(start, end + 1)
      chunks.push({
        name: 'upload-chunk',
        request: (ctx) => {
          const name = `resumable-c${ctx.conn}.bin`
          // fileop.go: the chunk's file name comes from the request-level Content-Disposition.
          return post(ctx, multipartBody(fields, name, content), {
            'Content-Range': `bytes ${start}-${end}/${total}`,
            'Content-Disposition': `attachment; filename="${name}"`,
          })
        },
      })
    }
    return [
      {
        name: 'upload-link',
        request: (ctx) => {
          delete ctx.upload
          return { method: 'GET', path: linkPath }
        },
        read: keepLink(env, 'upload'),
      },
      {
        name: 'upload',
        request: (ctx) => post(ctx, multipartBody(fields, `upload-c${ctx.conn}.bin`, env.payload)),
      },
      ...chunks,
    ]
  },
}
