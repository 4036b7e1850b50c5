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
import { insertEmail, updateEmailDelivery } from './mail.repo';
import type { EmailContent } from './mail.templates';

export type OutgoingEmail = EmailContent & { to: string; userId: number | null };

export type MailService = ReturnType<typeof createMailService>;

/** Waits before each new attempt of a background email; after the last one it is recorded as failed. */
const RETRY_DELAYS_MS = [2_000, 15_000, 60_000];

type Attempt = { ok: true; messageId: string | null } | { ok: false; err: Error & { responseCode?: number }; permanent: boolean };

export function createMailService(deps: { config: Config; db: Queryable; logger: Logger; retryDelaysMs?: number[] }) {
  const { config, db, logger } = deps;
  const retryDelays = deps.retryDelaysMs ?? RETRY_DELAYS_MS;
  const transport: Transporter = config.mail.smtpUrl
    ? nodemailer.createTransport(config.mail.smtpUrl)
    : nodemailer.createTransport({ jsonTransport: true });

  async function attempt(email: OutgoingEmail): Promise<Attempt> {
    try {
      const info = await transport.sendMail({ from: config.mail.from, to: email.to, subject: email.subject, text: email.text, html: email.html });
      return { ok: true, messageId: info.messageId ?? null };
    } catch (err) {
      const e = err as Error & { responseCode?: number };
      // A 5xx reply (RFC 5321 §4.2.1) is final: retrying cannot help.
      return { ok: false, err: e, permanent: typeof e.responseCode === 'number' && e.responseCode >= 500 };
    }
  }

  function logRow(email: OutgoingEmail, status: 'sent' | 'failed' | 'outbox' | 'queued', error: string | null, messageId: string | null) {
    return insertEmail(db, {
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

  async function send(email: OutgoingEmail): Promise<void> {
    const r = await attempt(email);
    if (!r.ok) logger.error({ err: r.err, template: email.template }, 'email could not be sent');
    const status = !r.ok ? 'failed' : config.mail.devOutbox ? 'outbox' : 'sent';
    await logRow(email, status, r.ok ? null : r.err.message, r.ok ? r.messageId : null);
  }

  // ---- Background delivery ----
  // Emails whose timing must not depend on the SMTP server (they would tell a
  // stranger whether an account exists) are recorded now and delivered after
  // the response, with retries. Their bodies hold one-time links, so they are
  // kept only in memory, never in the database or the job queue; shutdown
  // waits for them (close), and a message lost with a crashed process stays
  // visible as "queued" in the person's email history.
  const inFlight = new Set<Promise<void>>();
  const sleepers = new Set<() => void>();
  let closing = false;

  /** A pause between attempts that shutdown cuts short, so one last attempt is made at once. */
  function pause(ms: number): Promise<void> {
    if (closing) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  }

  async function deliver(email: OutgoingEmail, rowId: string): Promise<void> {
    for (let i = 0; ; i++) {
      const r = await attempt(email);
      if (r.ok) return updateEmailDelivery(db, rowId, { status: 'sent', error: null, message_id: r.messageId });
      const last = r.permanent || closing || i >= retryDelays.length;
      if (last) {
        logger.error({ err: r.err, template: email.template, emailId: rowId, attempts: i + 1 }, 'email could not be sent');
        return updateEmailDelivery(db, rowId, { status: 'failed', error: r.err.message, message_id: null });
      }
      logger.warn({ err: r.err, template: email.template, emailId: rowId, attempt: i + 1 }, 'email not sent yet; trying again');
      await pause(retryDelays[i]!);
    }
  }

  /**
   * Records the email now and sends it in the background: the caller (and so
   * the HTTP response) never waits for the SMTP server. The development
   * outbox has no server to wait for, so there it is simply kept.
   */
  async function sendInBackground(email: OutgoingEmail): Promise<void> {
    if (config.mail.devOutbox) return send(email);
    const rowId = await logRow(email, 'queued', null, null);
    const p = deliver(email, rowId)
      .catch((err: unknown) => logger.error({ err, template: email.template, emailId: rowId }, 'email delivery could not be recorded'))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }

  /** Resolves when every background email has been sent or given up. */
  async function idle(): Promise<void> {
    while (inFlight.size) await Promise.all([...inFlight]);
  }

  return {
    send,
    sendInBackground,
    idle,
    /** Stops waiting between retries, lets every background email finish, then closes the transport. */
    async close() {
      closing = true;
      for (const wake of [...sleepers]) wake();
      await idle();
      transport.close();
    },
  };
}
