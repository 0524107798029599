// Sharing, groups, messages and organizations (mock/sharing/routes.ts lists them; they go first, see there);
// keep when regenerating this list.
import { sharingRouteModules } from '../sharing/routes.ts'
import { accountRoutes } from './accounts.ts'
// Block download and repo_history_changes (api2, mock/routes/api2-blocks-history.ts); keep when regenerating this list.
import { api2BlocksHistoryRoutes } from './api2-blocks-history.ts'
import { authRoutes } from './auth.ts'
// Client bootstrap, library API tokens and v2.1 library extras (issues #18/#19); keep when regenerating.
import { clientBootstrapRoutes } from './client-bootstrap.ts'
import { dirExtraRoutes } from './dirExtras.ts'
import { dirRoutes } from './dirs.ts'
import { fileOpRoutes } from './fileOps.ts'
import { fileRoutes } from './files.ts'
import { fileserverFileRoutes } from './fileserver-files.ts'
import { historyRoutes } from './history.ts'
import { miscRoutes } from './misc.ts'
import { repoApiTokenRoutes } from './repo-api-tokens.ts'
import { repoSettingsRoutes } from './repoSettings.ts'
import { repoRoutes } from './repos.ts'
// The desktop client's sync protocol under /seafhttp (mock/routes/seafhttp-sync.ts); keep when regenerating this list.
import { seafhttpSyncModule } from './seafhttp-sync.ts'
import { starredRoutes } from './starred.ts'
import { trashRoutes } from './trash.ts'
import type { RouteModule } from './types.ts'
// Upload, block and zip routes (mock/routes/upload-links.ts lists them); keep when regenerating this list.
import { uploadRouteModules } from './upload-links.ts'
// api/v2.1 batch copy/move/delete and copy-move tasks (mock/routes/v21-batch*.ts); keep when regenerating this list.
import { v21BatchRoutes } from './v21-batch.ts'
import { v21BatchAsyncRoutes } from './v21-batch-async.ts'
import { v21LibraryExtraRoutes } from './v21-library-extras.ts'
// v2.1 links, stars, activities and sharing dialogs (mock/routes/v21-links.ts lists them); keep when regenerating.
import { v21LinkRouteModules } from './v21-links.ts'
// api/v2.1 libraries, folders, files and history (mock/routes/v21-routes.ts lists them); keep when regenerating.
import { v21RouteModules } from './v21-routes.ts'
import { viaRepoTokenRoutes } from './via-repo-token.ts'

/** The built-in route modules, in registration order. */
export const seahubRouteModules: RouteModule[] = [
  authRoutes,
  ...sharingRouteModules,
  accountRoutes,
  repoRoutes,
  repoSettingsRoutes,
  historyRoutes,
  trashRoutes,
  dirRoutes,
  dirExtraRoutes,
  fileRoutes,
  fileOpRoutes,
  v21BatchRoutes,
  v21BatchAsyncRoutes,
  api2BlocksHistoryRoutes,
  fileserverFileRoutes,
  starredRoutes,
  miscRoutes,
  clientBootstrapRoutes,
  repoApiTokenRoutes,
  viaRepoTokenRoutes,
  v21LibraryExtraRoutes,
  ...uploadRouteModules,
  ...v21LinkRouteModules,
  ...v21RouteModules,
  seafhttpSyncModule,
]
