/**
 * Library shares: api2 `shared-repos/` and `beshared-repos/` (seahub/api2/views.py::SharedRepos,
 * BeSharedRepos, SharedRepo), v2.1 `shared-repos/<id>/` (endpoints/shared_repos.py) and leaving a share
 * (endpoints/be_shared_repo.py). Batch sharing and public libraries are in mock/sharing/publicAndBatch.ts.
 */
import { api2SharedRepoRoutes } from './shared-repos/api2.ts'
import { sharedRepoListRoutes } from './shared-repos/lists.ts'
import { v21SharedRepoRoutes } from './shared-repos/v21.ts'
import type { RouteContext } from './types.ts'

/** Shared libraries, one part per view family (mock/routes/shared-repos/), registered in this order. */
export function sharedRepoRoutes(ctx: RouteContext): void {
  sharedRepoListRoutes(ctx)
  api2SharedRepoRoutes(ctx)
  v21SharedRepoRoutes(ctx)
}
