/** History: commits, revert, diffs, history limits, the trash. */
import { pathOf, type Variant } from '../proxy.ts'
import { formField, mapJson, ok } from './shared.ts'

export const historyVariants: Variant[] = [
  {
    name: 'history-empty',
    breaks: 'library history grows with each change',
    grep: 'file history grows with each change',
    onResponse: mapJson(
      (req) => /\/history\/$/.test(pathOf(req)),
      (body) => (body && typeof body === 'object' && 'commits' in body ? { ...body, commits: [] } : body),
    ),
  },
  {
    name: 'trash-clean-dropped',
    breaks: 'cleaning the trash with keep_days 0 empties it',
    grep: 'trash lists a deleted file and clean empties it',
    onRequest: (req) =>
      req.method === 'DELETE' && /^\/api\/v2\.1\/repos\/[0-9a-f-]{36}\/trash\/$/.test(pathOf(req))
        ? ok({ success: true })
        : undefined,
  },
  {
    name: 'history-limit-dropped',
    breaks: 'a history limit set with PUT history-limit/ is what GET reads back',
    grep: 'history limit: set, then read back',
    onRequest: (req) =>
      req.method === 'PUT' && /^\/api2\/repos\/[0-9a-f-]{36}\/history-limit\/$/.test(pathOf(req))
        ? ok({ keep_days: Number(formField(req, 'keep_days')) })
        : undefined,
  },
  {
    name: 'history-oldest-first',
    breaks: 'v2.1 library history lists commits newest first',
    grep: 'v2.1 history lists commits newest first',
    onResponse: mapJson(
      (req) => req.method === 'GET' && /^\/api\/v2\.1\/repos\/[0-9a-f-]{36}\/history\/$/.test(pathOf(req)),
      (body) => {
        const b = body as { data?: unknown[] }
        return Array.isArray(b.data) ? { ...b, data: [...b.data].reverse() } : body
      },
    ),
  },
  {
    name: 'dir-revert-dropped',
    breaks: 'dir/revert brings a deleted folder back',
    grep: 'a deleted folder comes back with dir/revert',
    onRequest: (req) =>
      req.method === 'PUT' && /\/dir\/revert\/$/.test(pathOf(req)) ? ok({ success: true }) : undefined,
  },
  {
    name: 'file-revert-dropped',
    breaks: 'file/revert restores the bytes of the older version',
    grep: 'file revert restores the bytes',
    onRequest: (req) =>
      req.method === 'PUT' && /\/file\/revert\/$/.test(pathOf(req)) ? ok({ success: true }) : undefined,
  },
  {
    name: 'commit-diff-empty',
    breaks: 'commit info lists the changes of the commit (commit_diffs)',
    grep: 'commit info shows the diff',
    onResponse: mapJson(
      (req) => /^\/api\/v2\.1\/repos\/[0-9a-f-]{36}\/commits\/[0-9a-f]{40}\/$/.test(pathOf(req)),
      (body) =>
        body && typeof body === 'object' && 'commit_diffs' in body ? { ...body, commit_diffs: [] } : body,
    ),
  },
  {
    name: 'history-uploader-wrong',
    breaks: 'v2.1 library history names the user who made each commit',
    grep: 'library history \\(v2\\.1\\) names the uploader',
    onResponse: mapJson(
      (req) => req.method === 'GET' && /^\/api\/v2\.1\/repos\/[0-9a-f-]{36}\/history\/$/.test(pathOf(req)),
      (body) => {
        const b = body as { data?: { email?: string }[] }
        return Array.isArray(b.data)
          ? { ...b, data: b.data.map((c) => ({ ...c, email: 'someone-else@example.com' })) }
          : body
      },
    ),
  },
]
