import { describe, expect, it } from 'vitest';
import { inviteStaffItem } from '../src/checklist.ts';

describe('invite-staff checklist item', () => {
  it('is not done, and says so, with no invitations and no other member', () => {
    const item = inviteStaffItem(0, 1);
    expect(item.done).toBe(false);
    expect(item.detail.zh).toBe('尚未邀请任何工作人员');
  });

  it('is done by an invitation and counts it', () => {
    const item = inviteStaffItem(2, 1);
    expect(item.done).toBe(true);
    expect(item.detail.zh).toBe('已发出 2 个邀请');
  });

  it('is done when other staff already have accounts, and never shows "0 invitations" beside done', () => {
    const item = inviteStaffItem(0, 4);
    expect(item.done).toBe(true);
    expect(item.detail.zh).toBe('已有 3 位其他工作人员');
    expect(item.detail.en).not.toMatch(/\b0 invitations/);
    expect(inviteStaffItem(1, 3).detail.zh).toBe('已有 2 位其他工作人员，已发出 1 个邀请');
  });
});
