import { EntryRefusal } from './entry-judging';
import { AutoRejectReason } from './moderation';
import { VoteReason, VoteVerdict } from './vote-judging';

/**
 * Short replies for the channel, per verdict: Chinese for the Weibo/WeChat audience, English (the
 * default) for the rest.
 * They never echo a matched blocked word: that would teach the way around it.
 */
export type MessageLocale = 'zh' | 'en';

type Texts = Record<MessageLocale, string>;

const VOTE_TEXTS: Record<VoteReason | 'VALID' | 'WAITING', Texts> = {
  VALID: { zh: '投票成功，谢谢支持！', en: 'Your vote is in. Thank you!' },
  WAITING: { zh: '已收到投票，作品还在同步中，同步后即计入。', en: 'Vote received; the entry has not reached us yet and your vote counts once it does.' },
  SELF_VOTE: { zh: '不能给自己的作品投票哦。', en: 'You cannot vote for your own entry.' },
  EXTRA_VOTE_IN_PERIOD: { zh: '这个投票周期内已经投过票了，下个周期再来吧。', en: 'You have already voted in this voting period; come back in the next one.' },
  OUTSIDE_VOTING_WINDOW: { zh: '现在不在投票时间内。', en: 'Voting is not open at this time.' },
  UNKNOWN_ENTRY: { zh: '没有找到这个作品。', en: 'We could not find that entry.' },
  ENTRY_NOT_APPROVED: { zh: '这个作品还不能投票（未通过审核）。', en: 'That entry cannot receive votes: it has not been approved.' },
};

export function voteMessage(verdict: Pick<VoteVerdict, 'status' | 'reason'>, locale: MessageLocale = 'en'): string {
  const key = verdict.status === 'valid' ? 'VALID' : verdict.status === 'waiting' ? 'WAITING' : (verdict.reason ?? 'UNKNOWN_ENTRY');
  return VOTE_TEXTS[key][locale];
}

export type EntryMessageKey = 'APPROVED' | 'PENDING' | 'REJECTED_IN_REVIEW' | AutoRejectReason | EntryRefusal;

const ENTRY_TEXTS: Record<EntryMessageKey, Texts> = {
  APPROVED: { zh: '作品已通过，快邀请好友投票吧！', en: 'Your entry is approved. Invite your friends to vote!' },
  PENDING: { zh: '作品已收到，审核通过后即可投票。', en: 'Entry received; it can receive votes once it is approved.' },
  REJECTED_IN_REVIEW: { zh: '作品未通过审核。', en: 'Your entry was not approved.' },
  BLOCKED_WORD: { zh: '作品含有不允许的词语，请修改后重新提交。', en: 'Your entry contains words that are not allowed; please edit and submit again.' },
  MEDIA_TYPE_NOT_ALLOWED: { zh: '这种文件类型不能参赛，请换一种格式。', en: 'This type of media cannot enter the contest; please use another format.' },
  OUTSIDE_ENTRY_WINDOW: { zh: '现在不在作品征集时间内。', en: 'Entries are not being accepted at this time.' },
  ENTRY_LIMIT_REACHED: { zh: '你的参赛作品数量已达上限。', en: 'You have reached the limit of entries per person.' },
};

export function entryMessage(key: EntryMessageKey, locale: MessageLocale = 'en'): string {
  return ENTRY_TEXTS[key][locale];
}
