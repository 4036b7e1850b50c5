/**
 * The words of every email. Pure: data in, subject/text/html out.
 *
 * Each paragraph is written with say`…`: the words around the ${…} are ours,
 * every ${…} value is someone's typing (a name, an organization, a comment).
 * Such values are escaped in the HTML, kept to one line (block() keeps a
 * comment's line breaks), and any web or email address in them is defanged
 * ("evil[.]example") in both parts, so a mail client cannot turn a name into a
 * link in the portal's voice (src/rules/links.rules.ts). The only links are the
 * portal's own, given with link(): the services build them from BASE_URL.
 */
import { defangAddresses, looksLikeAddress } from '../rules/links.rules';

export type EmailContent = { template: string; subject: string; text: string; html: string };

const APP = 'Unified Program Portal';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A paragraph, already in both forms. */
type Para = { text: string; html: string };

/** A typed value whose line breaks are kept (a comment), still escaped and defanged. */
type Block = { block: string };
/** A typed value shown exactly unless it looks like an address (a username or a file name: a person must be able to read it back). */
type Exact = { exact: string };
type Value = string | number | Block | Exact;

export const block = (s: string): Block => ({ block: s });
const exact = (s: string): Exact => ({ exact: s });

// Control characters, and U+2028/U+2029 (line breaks to some clients).
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/g;

function typed(v: Value): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object' && 'block' in v) return defangAddresses(v.block.replace(/\r\n?/g, '\n').replace(CONTROL, ' '));
  if (typeof v === 'object') return looksLikeAddress(v.exact) ? defangAddresses(v.exact.replace(/\s+/g, ' ')) : v.exact.replace(/\s+/g, ' ');
  // One line: a typed value cannot start a paragraph of its own.
  return defangAddresses(v.replace(/[\r\n\t]+/g, ' ').replace(CONTROL, ' '));
}

const htmlOf = (s: string) => escapeHtml(s).replace(/\n/g, '<br>');

/** Our words, with typed values in them. */
function say(strings: TemplateStringsArray, ...values: Value[]): Para {
  let text = '';
  let html = '';
  strings.forEach((literal, i) => {
    text += literal;
    html += htmlOf(literal);
    if (i < values.length) {
      const value = typed(values[i]!);
      text += value;
      html += htmlOf(value);
    }
  });
  return { text, html };
}

/** A link to a page of the portal (built by the caller from BASE_URL): the only kind of link in an email. */
function link(url: string): Para {
  if (!/^https?:\/\/[^\s"<>]+$/i.test(url)) return say`${url}`;
  return { text: url, html: `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>` };
}

/** A bulleted list of typed values. */
function list(items: Value[]): Para {
  const lines = items.map((item) => say`  • ${item}`);
  return { text: lines.map((l) => l.text).join('\n'), html: lines.map((l) => l.html).join('<br>') };
}

function build(template: string, subject: Para, paragraphs: Para[]): EmailContent {
  const text = `${paragraphs.map((p) => p.text).join('\n\n')}\n\n— ${APP}\n`;
  const html =
    '<!doctype html><html><body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5">' +
    paragraphs.map((p) => `<p>${p.html}</p>`).join('') +
    `<p>— ${escapeHtml(APP)}</p></body></html>`;
  return { template, subject: subject.text, text, html };
}

export function activationEmail(p: { firstName: string; link: string }): EmailContent {
  return build('activate', say`Activate your ${APP} account`, [
    say`Hello ${p.firstName},`,
    say`Thank you for registering. To activate your account, open this link within 7 days:`,
    link(p.link),
    say`If you did not register, you can ignore this email; the account stays inactive.`,
  ]);
}

export function forgotUsernameEmail(p: { usernames: string[] }): EmailContent {
  return build('forgot_username', say`Your ${APP} username`, [
    p.usernames.length === 1
      ? say`You asked for the username of the account registered with this email address:`
      : say`You asked for the usernames of the accounts registered with this email address:`,
    list(p.usernames.map(exact)),
    say`If you did not ask for this, you can ignore this email.`,
  ]);
}

export function resetPasswordEmail(p: { firstName: string; username: string; link: string }): EmailContent {
  return build('reset_password', say`Reset your ${APP} password`, [
    say`Hello ${p.firstName},`,
    say`Someone asked to reset the password of the account "${exact(p.username)}". To choose a new password, open this link within 1 hour. It works once:`,
    link(p.link),
    say`If you did not ask for this, ignore this email: your password has not changed.`,
  ]);
}

export function verifyEmailEmail(p: { firstName: string; link: string }): EmailContent {
  return build('verify_email', say`Confirm your new email address`, [
    say`Hello ${p.firstName},`,
    say`To use this address for your ${APP} account, open this link within 24 hours:`,
    link(p.link),
    say`Until you do, email keeps going to your previous address.`,
  ]);
}

export function emailChangeNoticeEmail(p: { firstName: string; newEmail: string }): EmailContent {
  return build('email_change_notice', say`Your email address is being changed`, [
    say`Hello ${p.firstName},`,
    say`Someone signed in to your account asked to change its email address to ${p.newEmail}. The change takes effect when that address is confirmed.`,
    say`If this was not you, sign in and change your password now.`,
  ]);
}

export function passwordChangedEmail(p: { firstName: string }): EmailContent {
  return build('password_changed', say`Your password was changed`, [
    say`Hello ${p.firstName},`,
    say`The password of your account was just changed, and every other signed-in session was signed out.`,
    say`If this was not you, use "Forgot your password?" on the sign-in page straight away.`,
  ]);
}

export function invitationEmail(p: { organization: string; role: string; inviter: string; link: string }): EmailContent {
  return build('invitation', say`You are invited to ${p.organization} on the ${APP}`, [
    say`${p.inviter} invited you to join ${p.organization} as ${p.role}, to file its Hazardous Materials Business Plans.`,
    say`To accept, open this link within 30 days. It works once. If you do not have an account yet, you can create one from there, using this email address.`,
    link(p.link),
    say`If you did not expect this, you can ignore this email.`,
  ]);
}

export function accessRequestedEmail(p: { requester: string; requesterEmail: string; facility: string; cersId: number; role: string; organization: string; link: string }): EmailContent {
  return build('access_requested', say`Access request for ${p.facility} (CERS ID ${p.cersId})`, [
    say`${p.requester} (${p.requesterEmail}) asks to join ${p.organization} as ${p.role}, for the facility ${p.facility} (CERS ID ${p.cersId}).`,
    say`To grant or deny the request, open:`,
    link(p.link),
  ]);
}

export function accessDecidedEmail(p: { firstName: string; granted: boolean; organization: string; role: string | null; comment: string | null; link: string }): EmailContent {
  return build('access_decided', p.granted ? say`Access granted: ${p.organization}` : say`Access request not granted: ${p.organization}`, [
    say`Hello ${p.firstName},`,
    p.granted
      ? say`Your request was granted. You are now ${p.role ?? ''} of ${p.organization}.`
      : say`Your request to join ${p.organization} was not granted.`,
    ...(p.comment ? [say`Comment: ${block(p.comment)}`] : []),
    link(p.link),
  ]);
}

export function facilityRequestEmail(p: { kind: 'transfer' | 'merge' | 'delete'; facility: string; cersId: number; organization: string; link: string }): EmailContent {
  const what = { transfer: 'transfer', merge: 'merge', delete: 'deletion' }[p.kind];
  return build('facility_request', say`Facility ${what} requested: ${p.facility} (CERS ID ${p.cersId})`, [
    say`${p.organization} asks for the ${what} of ${p.facility} (CERS ID ${p.cersId}).`,
    say`To review the request, open:`,
    link(p.link),
  ]);
}

export function submittalReceivedEmail(p: { facility: string; cersId: number; organization: string; elements: string[]; submitter: string; when: string; link: string }): EmailContent {
  return build('submittal_received', say`Submittal received: ${p.facility} (CERS ID ${p.cersId})`, [
    say`${p.organization} submitted for ${p.facility} (CERS ID ${p.cersId}) on ${p.when}, by ${p.submitter}:`,
    list(p.elements),
    say`Review it in the regulator portal:`,
    link(p.link),
  ]);
}

export function submittalConfirmationEmail(p: { firstName: string; facility: string; cersId: number; elements: string[]; when: string; fingerprint: string; link: string }): EmailContent {
  return build('submittal_confirmation', say`Your submittal for ${p.facility} was received`, [
    say`Hello ${p.firstName},`,
    say`Your submittal for ${p.facility} (CERS ID ${p.cersId}) was received on ${p.when}:`,
    list(p.elements),
    say`Fingerprint: ${p.fingerprint}`,
    say`Your receipt, and the CUPA’s review when it is done:`,
    link(p.link),
  ]);
}

export function uploadReadyEmail(p: { firstName: string; fileName: string; rows: number; required: number; failed: string | null; link: string }): EmailContent {
  const file = exact(p.fileName);
  const outcome = p.failed
    ? say`It could not be read: ${p.failed}`
    : say`${p.rows.toLocaleString('en-US')} ${p.rows === 1 ? 'material was' : 'materials were'} read${p.required ? `; ${p.required.toLocaleString('en-US')} Required ${p.required === 1 ? 'problem needs' : 'problems need'} fixing before it can be saved` : ' and it is ready to save'}.`;
  const finished = say`We finished reading ${file}. `;
  return build('inventory_upload_ready', p.failed ? say`Your inventory upload could not be read: ${file}` : say`Your inventory upload is ready to review: ${file}`, [
    say`Hello ${p.firstName},`,
    { text: finished.text + outcome.text, html: finished.html + outcome.html },
    say`Nothing has been saved to your inventory yet. Review the preview and save or cancel it here:`,
    link(p.link),
  ]);
}

export function reviewDecisionEmail(p: { firstName: string; facility: string; cersId: number; element: string; status: string; comment: string | null; regulator: string; reviewer: string; resubmitBy: string | null; link: string }): EmailContent {
  return build('review_decision', say`${p.element} ${p.status.toLowerCase()}: ${p.facility} (CERS ID ${p.cersId})`, [
    say`Hello ${p.firstName},`,
    say`${p.regulator} set the ${p.element} submitted for ${p.facility} (CERS ID ${p.cersId}) to ${p.status}. Reviewer: ${p.reviewer}.`,
    ...(p.comment ? [say`Comment: ${block(p.comment)}`] : []),
    ...(p.resubmitBy ? [say`Correct it and resubmit by ${p.resubmitBy}: start a new draft from a copy of this version, fix what the comment says, and submit it again.`] : []),
    link(p.link),
  ]);
}

export function regulatorCorrectionEmail(p: { firstName: string; facility: string; cersId: number; element: string; regulator: string; reviewer: string; reason: string; changes: string[]; link: string }): EmailContent {
  return build('regulator_correction', say`${p.regulator} corrected your ${p.element}: ${p.facility} (CERS ID ${p.cersId})`, [
    say`Hello ${p.firstName},`,
    say`${p.reviewer} of ${p.regulator} made a minor correction to the ${p.element} submitted for ${p.facility} (CERS ID ${p.cersId}). Your original version is kept; the corrected version is now the current one.`,
    say`Why: ${block(p.reason)}`,
    list(p.changes),
    say`See both versions:`,
    link(p.link),
  ]);
}

export function cupaInvitationEmail(p: { regulator: string; role: string; inviter: string; link: string }): EmailContent {
  return build('cupa_invitation', say`You are invited to the staff of ${p.regulator} on the ${APP}`, [
    say`${p.inviter} invited you to join the staff of ${p.regulator} as ${p.role}, to review the Hazardous Materials Business Plans filed in its jurisdiction.`,
    say`To accept, open this link within 30 days. It works once, for this email address. If you do not have an account yet, you can create one from there, using this email address.`,
    link(p.link),
    say`A person can be on the staff of one CUPA only. If you did not expect this, you can ignore this email.`,
  ]);
}

export function facilityRequestDecidedEmail(p: {
  firstName: string; kind: 'transfer' | 'merge' | 'delete'; approved: boolean; facility: string; cersId: number; regulator: string; comment: string; outcome: string[]; link: string;
}): EmailContent {
  const what = { transfer: 'Transfer', merge: 'Merge', delete: 'Deletion' }[p.kind];
  return build('facility_request_decided', say`${what} ${p.approved ? 'approved' : 'denied'}: ${p.facility} (CERS ID ${p.cersId})`, [
    say`Hello ${p.firstName},`,
    say`${p.regulator} ${p.approved ? 'approved' : 'denied'} the request for the ${what.toLowerCase()} of ${p.facility} (CERS ID ${p.cersId}).`,
    // Sentences the service writes from names (the organizations involved): typed values as a whole.
    ...p.outcome.map((o) => say`${o}`),
    say`Comment: ${block(p.comment)}`,
    link(p.link),
  ]);
}

export function facilityReceivedEmail(p: { firstName: string; facility: string; cersId: number; organization: string; fromOrganization: string; regulator: string; link: string }): EmailContent {
  return build('facility_received', say`Facility transferred to ${p.organization}: ${p.facility} (CERS ID ${p.cersId})`, [
    say`Hello ${p.firstName},`,
    say`${p.regulator} approved the transfer of ${p.facility} (CERS ID ${p.cersId}) from ${p.fromOrganization} to ${p.organization}. It is now one of your facilities, with everything submitted for it so far.`,
    link(p.link),
  ]);
}
