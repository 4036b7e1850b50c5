/**
 * Sends email through SMTP_URL with nodemailer, or (development without SMTP)
 * keeps it in the database for /dev/mail. Every message, sent or not, is
 * recorded so the account page can show the person's email history.
 * A failed send is logged and recorded, never thrown at the person's request.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Queryable } from '../db/transaction';
import { insertEmail } from './mail.repo';
import type { EmailContent } from './mail.templates';

export type OutgoingEmail = EmailContent & { to: string; userId: number | null };

export type MailService = ReturnType<typeof createMailService>;

export function createMailService(deps: { config: Config; db: Queryable; logger: Logger }) {
  const { config, db, logger } = deps;
  const transport: Transporter = config.mail.smtpUrl
    ? nodemailer.createTransport(config.mail.smtpUrl)
    : nodemailer.createTransport({ jsonTransport: true });

  async function send(email: OutgoingEmail): Promise<void> {
    let status: 'sent' | 'failed' | 'outbox' = config.mail.devOutbox ? 'outbox' : 'sent';
    let error: string | null = null;
    let messageId: string | null = null;
    try {
      const info = await transport.sendMail({
        from: config.mail.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
      });
      messageId = info.messageId ?? null;
    } catch (err) {
      status = 'failed';
      error = (err as Error).message;
      logger.error({ err, template: email.template }, 'email could not be sent');
    }
    await insertEmail(db, {
      user_id: email.userId,
      to_address: email.to,
      subject: email.subject,
      template: email.template,
      body_text: config.mail.devOutbox ? email.text : null,
      body_html: config.mail.devOutbox ? email.html : null,
      status,
      error,
      message_id: messageId,
    });
  }

  return { send, close: () => transport.close() };
}
