/** The desktop sync protocol: heads, blocks, commits, permissions. */
import { bodyOf, pathOf, textOf, type Variant } from '../proxy.ts'
import { flipHex } from './shared.ts'

export const syncVariants: Variant[] = [
  {
    name: 'sync-head-stale',
    breaks: "the sync protocol's commit/HEAD is the head the web API shows",
    grep: 'commit/HEAD gives the head',
    // commit/HEAD is JSON written as text (mock/routes/seafhttp-sync.ts), so the text is rewritten.
    onResponse: (req, res) => {
      if (req.method !== 'GET' || !/\/repo\/[0-9a-f-]{36}\/commit\/HEAD\/?$/.test(pathOf(req))) return res
      const text = textOf(res.body)
      return { ...res, body: bodyOf(text.replace(/[0-9a-f]{40}/, flipHex)) }
    },
  },
  {
    name: 'sync-block-corrupted',
    breaks: 'a block fetched with the sync protocol holds the bytes the web API downloads',
    grep: 'a clone gets the tree and bytes',
    onResponse: (req, res) => {
      if (req.method !== 'GET' || !/\/repo\/[0-9a-f-]{36}\/block\/[0-9a-f]{40}$/.test(pathOf(req))) return res
      if (res.status !== 200 || res.body.byteLength === 0) return res
      const body = new Uint8Array(res.body)
      body[0] = body[0]! ^ 0xff
      return { ...res, body }
    },
  },
  {
    name: 'sync-check-blocks-none-missing',
    breaks: 'check-blocks answers the blocks the server lacks',
    grep: 'a client upload becomes the head',
    onResponse: (req, res) =>
      req.method === 'POST' &&
      /\/repo\/[0-9a-f-]{36}\/check-blocks\/$/.test(pathOf(req)) &&
      res.status === 200
        ? { ...res, body: bodyOf('[]') }
        : res,
  },
  {
    name: 'sync-update-unverified',
    // Required only at strict: seahub's reference server may do this at core (docs/real-server-findings.md).
    level: 'strict',
    breaks: 'update-branch refuses with 446 a head whose files have blocks the server lacks',
    grep: 'update-branch answers 446',
    onResponse: (req, res) =>
      req.method === 'PUT' && /\/commit\/HEAD\/$/.test(pathOf(req)) && res.status === 446
        ? { status: 200, headers: new Headers(), body: new Uint8Array() }
        : res,
  },
  {
    name: 'sync-protocol-version-1',
    breaks: 'the sync protocol-version answers version 2',
    grep: 'protocol-version answers version 2',
    onResponse: (req, res) =>
      /\/protocol-version$/.test(pathOf(req)) && res.status === 200
        ? { ...res, body: bodyOf('{"version": 1}') }
        : res,
  },
  {
    name: 'sync-unknown-library-404',
    breaks: 'the sync protocol answers 444 for a library that does not exist (the client\'s "repo deleted")',
    grep: 'an unknown library is 444',
    onResponse: (_req, res) => (res.status === 444 ? { ...res, status: 404 } : res),
  },
  {
    name: 'sync-owner-refused',
    breaks: "permission-check allows the library's owner to download and upload",
    grep: 'permission-check allows the owner',
    onResponse: (req, res) =>
      /\/repo\/[0-9a-f-]{36}\/permission-check\/$/.test(pathOf(req)) && res.status === 200
        ? { status: 403, headers: new Headers(), body: new Uint8Array() }
        : res,
  },
  {
    name: 'head-commits-multi-empty',
    breaks: 'head-commits-multi maps each library asked for to its head',
    grep: 'head-commits-multi maps',
    onResponse: (req, res) =>
      /\/repo\/head-commits-multi\/$/.test(pathOf(req)) && res.status === 200
        ? { ...res, body: bodyOf('{}') }
        : res,
  },
]
