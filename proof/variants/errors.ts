/** Error answers: their shape, status and plain-text bodies. */
import { bodyOf, pathOf, queryOf, textOf, type Variant } from '../proxy.ts'
import { mapJson } from './shared.ts'

export const errorVariants: Variant[] = [
  {
    name: 'error-shape',
    breaks: 'seahub errors are {"error_msg": ...}',
    grep: 'listing a missing directory answers 404|creating a library without a name',
    onResponse: mapJson(
      (_req, res) => res.status === 404 || res.status === 400,
      (body) =>
        body && typeof body === 'object' && 'error_msg' in body
          ? { error: (body as { error_msg: string }).error_msg }
          : body,
    ),
  },
  {
    name: 'bad-param-500',
    breaks: 'a bad parameter gets a 4xx, never a 5xx',
    grep: 'file operation other than rename|creating a library without a name',
    onResponse: (_req, res) => (res.status === 400 ? { ...res, status: 500 } : res),
  },
  {
    name: 'wrong-method-404',
    breaks: 'a wrong method answers 405 as Django does',
    grep: 'method',
    onResponse: (_req, res) => (res.status === 405 ? { ...res, status: 404 } : res),
  },
  {
    name: 'plain-answer-newlines',
    breaks: 'an upload without ret-json answers the ids joined by tabs',
    grep: 'plain answer \\(no ret-json\\)',
    onResponse: (req, res) =>
      /\/upload-api\//.test(pathOf(req)) && !queryOf(req).has('ret-json') && res.status === 200
        ? { ...res, body: bodyOf(`${textOf(res.body).replaceAll('\t', '\n')}\n`) }
        : res,
  },
]
