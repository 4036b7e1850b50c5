/**
 * A real SMTP server on a free port that parses what the app sends: the
 * browser journeys and the integration tests that check mail read its inbox.
 */
import type net from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

export type Mail = { to: string; subject: string; text: string };

export type TestSmtp = {
  port: number;
  url: string;
  inbox: Mail[];
  waitForMail(to: string, subject: RegExp): Promise<Mail>;
  close(): Promise<void>;
};

/** delayMs: how long the server takes to accept each message (a slow mail server). */
export async function startSmtp(opts: { delayMs?: number } = {}): Promise<TestSmtp> {
  const inbox: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const accept = () => {
            for (const rcpt of session.envelope.rcptTo) inbox.push({ to: rcpt.address.toLowerCase(), subject: parsed.subject ?? '', text: parsed.text ?? '' });
            callback();
          };
          if (opts.delayMs) setTimeout(accept, opts.delayMs);
          else accept();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as net.AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    inbox,
    async waitForMail(to, subject) {
      for (let i = 0; i < 100; i++) {
        const m = inbox.find((x) => x.to === to.toLowerCase() && subject.test(x.subject));
        if (m) return m;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no mail to ${to} matching ${subject}; inbox: ${inbox.map((m) => `${m.to}: ${m.subject}`).join(' | ')}`);
    },
    close: () => new Promise<void>((r) => smtp.close(() => r())),
  };
}
