import { entryMessage, voteMessage } from './messages';

describe('voteMessage', () => {
  it('should say a waiting vote is kept and a vote refused at close names no such entry', () => {
    expect(voteMessage({ status: 'waiting', reason: 'UNKNOWN_ENTRY' })).toMatch(/counts once/);
    expect(voteMessage({ status: 'invalid', reason: 'UNKNOWN_ENTRY' })).toMatch(/could not find/);
  });

  it('should have a text in both languages for every verdict', () => {
    const reasons = ['SELF_VOTE', 'EXTRA_VOTE_IN_PERIOD', 'OUTSIDE_VOTING_WINDOW', 'UNKNOWN_ENTRY', 'ENTRY_NOT_APPROVED'] as const;
    for (const locale of ['en', 'zh'] as const) {
      const texts = [voteMessage({ status: 'valid' }, locale), ...reasons.map((reason) => voteMessage({ status: 'invalid', reason }, locale))];
      expect(new Set(texts).size).toBe(texts.length);
    }
    expect(voteMessage({ status: 'invalid', reason: 'SELF_VOTE' }, 'zh')).toBe('不能给自己的作品投票哦。');
  });
});

describe('entryMessage', () => {
  it('should tell the entrant to edit a blocked entry without naming the word', () => {
    expect(entryMessage('BLOCKED_WORD')).toBe('Your entry contains words that are not allowed; please edit and submit again.');
    expect(entryMessage('ENTRY_LIMIT_REACHED', 'zh')).toBe('你的参赛作品数量已达上限。');
  });
});
