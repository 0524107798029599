/** The share entries of `dir/shared_items/` (seahub/api2/endpoints/dir_shared_items.py). */
import type { Seafile } from '../model/seafile.ts'
import { userInfo } from '../views/format.ts'
import type { GroupRecord } from './groups.ts'
import type { GroupShare, UserShare } from './shares.ts'

/** api_avatar_url(email): the default picture at AVATAR_DEFAULT_SIZE (80). */
export const avatarUrl = (seaf: Seafile, requestUrl: string): string =>
  `${seaf.linkBase(requestUrl)}/media/avatars/resized/80/default.png`

export async function userShareItem(
  seaf: Seafile,
  requestUrl: string,
  share: Pick<UserShare, 'to' | 'perm' | 'isAdmin'>,
) {
  const info = await userInfo(seaf, share.to)
  return {
    share_type: 'user',
    user_info: {
      name: share.to,
      nickname: info.name,
      contact_email: info.contact_email,
      avatar_url: avatarUrl(seaf, requestUrl),
    },
    permission: share.perm,
    is_admin: share.isAdmin,
  }
}

export const groupShareItem = (group: GroupRecord, share: Pick<GroupShare, 'perm' | 'isAdmin'>) => ({
  share_type: 'group',
  group_info: { id: group.id, name: group.name },
  permission: share.perm,
  is_admin: share.isAdmin,
})
