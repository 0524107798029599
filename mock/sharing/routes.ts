/**
 * The sharing route modules (and move-folder-merge, which the brief gave the sharing work), in registration
 * order. `mock/routes/index.ts` spreads them first: seahub's URL
 * patterns list `repos/public/` before `repos/<repo_id>/`, and Hono, like Django, takes the first match.
 */
import { dirShareRoutes } from '../routes/dir-shares.ts'
import { groupRoutes } from '../routes/groups.ts'
import { messageRoutes } from '../routes/messages.ts'
import { moveFolderMergeRoutes } from '../routes/move-folder-merge.ts'
import { orgRoutes } from '../routes/org.ts'
import { shareLinkRoutes } from '../routes/share-links.ts'
import { sharedRepoRoutes } from '../routes/shared-repos.ts'
import type { RouteModule } from '../routes/types.ts'
import { batchShareRoutes } from './batchRoutes.ts'
import { privateFileRoutes } from './privateFileRoutes.ts'
import { publicRepoRoutes } from './publicRoutes.ts'
import { virtualRepoRoutes } from './virtualRepoRoutes.ts'

export const sharingRouteModules: RouteModule[] = [
  publicRepoRoutes,
  groupRoutes,
  sharedRepoRoutes,
  batchShareRoutes,
  shareLinkRoutes,
  privateFileRoutes,
  dirShareRoutes,
  virtualRepoRoutes,
  messageRoutes,
  orgRoutes,
  moveFolderMergeRoutes,
]
