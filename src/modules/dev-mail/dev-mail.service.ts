import type { Knex } from 'knex';
import { findEmail, listOutbox } from '../../mail/mail.repo';
import { formatDateTime } from '../accounts/account.presenter';

export type DevMailService = ReturnType<typeof createDevMailService>;

export function createDevMailService(db: Knex) {
  return {
    async list() {
      return (await listOutbox(db)).map((e) => ({ id: e.id, to: e.to_address, subject: e.subject, sentAt: formatDateTime(e.created_at) }));
    },
    async find(id: string) {
      const e = await findEmail(db, id);
      return e && { id: e.id, to: e.to_address, subject: e.subject, sentAt: formatDateTime(e.created_at), parts: linkParts(e.body_text ?? '(body not kept)') };
    },
  };
}

/** Splits text into plain and link parts so the view can make links clickable without raw HTML. */
function linkParts(text: string): { text: string; href?: string }[] {
  return text.split(/(https?:\/\/[^\s]+)/).filter(Boolean).map((t) => (/^https?:\/\//.test(t) ? { text: t, href: t } : { text: t }));
}
