/**
 * Messages of seahub 6 and earlier (seahub/api2/views.py of that era: UserMsgsView, GroupMsgsView,
 * GroupMsgView, NewReplyView, GroupAndContacts) and the unseen count that current seahub still serves
 * (UnseenMessagesCountView). Current seahub has dropped the other routes (Django's HTML 404); the mock keeps
 * the older behaviour so clients written against the document work.
 */
import { groupMessageRoutes } from './messages/group.ts'
import { messageOverviewRoutes } from './messages/overview.ts'
import { userMessageRoutes } from './messages/user.ts'
import type { RouteContext } from './types.ts'

/** Messages, one part per view family (mock/routes/messages/), registered in this order. */
export function messageRoutes(ctx: RouteContext): void {
  userMessageRoutes(ctx)
  groupMessageRoutes(ctx)
  messageOverviewRoutes(ctx)
}
