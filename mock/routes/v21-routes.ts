/** The api/v2.1 library, folder, file and history views real clients call (rclone, the mobile apps, seafile-js). */
import type { RouteModule } from './types.ts'
import { v21DirRoutes } from './v21-dir.ts'
import { v21FileRoutes } from './v21-file.ts'
import { v21HistoryRoutes } from './v21-history.ts'
import { v21RepoRoutes } from './v21-repos.ts'
import { v21SearchRoutes } from './v21-search.ts'

export const v21RouteModules: RouteModule[] = [
  v21RepoRoutes,
  v21DirRoutes,
  v21FileRoutes,
  v21HistoryRoutes,
  v21SearchRoutes,
]
