/** Row types of the tables, as the pg driver returns them (bigint and numeric arrive as strings). */
export type UserRow = {
  id: number;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  title: string | null;
  password_hash: string;
  activated_at: Date | null;
  session_epoch: number;
  is_system_admin: boolean;
  last_sign_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

export type UserTokenRow = {
  id: number;
  user_id: number;
  purpose: 'activate' | 'reset_password' | 'verify_email';
  token_hash: string;
  data: Record<string, unknown>;
  expires_at: Date;
  used_at: Date | null;
  created_at: Date;
};

export type EmailRow = {
  id: string;
  user_id: number | null;
  to_address: string;
  subject: string;
  template: string;
  body_text: string | null;
  body_html: string | null;
  status: 'sent' | 'failed' | 'outbox' | 'queued';
  error: string | null;
  message_id: string | null;
  created_at: Date;
};

export type MembershipRole = 'viewer' | 'editor' | 'approver' | 'lead_user';
export type RegulatorRole = 'regulator_viewer' | 'reviewer' | 'regulator_admin';
