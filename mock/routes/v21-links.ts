/**
 * The v2.1 views of links, stars, activities and the sharing dialogs (issue 19), for mock/routes/index.ts:
 * each module works on the same model as its api2 counterpart.
 */
import type { RouteModule } from './types.ts'
import { v21ActivityRoutes } from './v21-activities.ts'
import { v21ShareLinkRoutes } from './v21-share-links.ts'
import { v21SharingViewRoutes } from './v21-sharing-views.ts'
import { v21StarredRoutes } from './v21-starred.ts'
import { v21UploadLinkRoutes } from './v21-upload-links.ts'

export const v21LinkRouteModules: RouteModule[] = [
  v21ShareLinkRoutes,
  v21UploadLinkRoutes,
  v21StarredRoutes,
  v21ActivityRoutes,
  v21SharingViewRoutes,
]
