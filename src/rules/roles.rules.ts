/** Role names as people read them (docs/product.md §2). Pure. */
import type { MembershipRole, RegulatorRole } from '../db/types';

export const BUSINESS_ROLE_LABELS: Record<MembershipRole, string> = {
  viewer: 'Viewer',
  editor: 'Editor',
  approver: 'Approver',
  lead_user: 'Lead User',
};

export const REGULATOR_ROLE_LABELS: Record<RegulatorRole, string> = {
  regulator_viewer: 'Regulator Viewer',
  reviewer: 'Reviewer',
  regulator_admin: 'Regulator Admin',
};
