import { Expected } from './outcome-model';
import { Scenario } from './scenario';

/** What the generated scenario exercises; every entry must be true, or the replay proves less than it says. */
export function coverage(s: Scenario, e: Expected): Record<string, boolean> {
  const spelled = (zone: string) => [...s.purchases, ...s.posts, ...s.reposts].some((f) => f.spelling.zone === zone);
  const found = s.posts.filter((p) => !p.invitationOf);
  return {
    'purchases out of the slot': s.purchases.length > e.activities.length,
    'activities expired before an invitation': e.activities.some((a) => !a.invited),
    'expired activities completed by a post found by its topic': e.activities.some((a) => !a.invited && a.state === 'completed'),
    'invited activities completed': e.activities.some((a) => a.invited && a.state === 'completed'),
    'posts found by their topic': found.length > 1,
    'posts sent before their activity opens': found.some((p) => p.early),
    'full-width marks': s.posts.some((p) => p.text?.includes('＃')),
    'reported topics': s.posts.some((p) => p.topics !== undefined),
    'reposts sent before their parents': s.reposts.some((r) => r.early),
    'two levels deep': e.counted.some((c) => c.depth === 2),
    'zone spellings': spelled('UTC') && spelled('UTC-5') && spelled('Asia/Shanghai'),
    'every campaign rejection': ['AFTER_DEADLINE', 'ALREADY_FOLLOWING', 'PARENT_REJECTED', 'TOPIC_MISSING'].every((k) => e.campaignRejected[k] > 0),
    'every workspace figure': ['ALREADY_FOLLOWING', 'NO_CAMPAIGN_RUNNING', 'WAITING_FOR_INVITATION', 'WAITING_FOR_PARENT'].every((k) => e.workspaceNotCounted[k] > 0),
  };
}
