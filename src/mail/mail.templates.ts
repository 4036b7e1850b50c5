/**
 * The words of every email. Pure: data in, subject/text/html out. HTML is the
 * text with links made clickable, escaped, so a name can never inject markup.
 */
export type EmailContent = { template: string; subject: string; text: string; html: string };

const APP = 'Unified Program Portal';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function build(template: string, subject: string, paragraphs: string[]): EmailContent {
  const text = `${paragraphs.join('\n\n')}\n\n— ${APP}\n`;
  const html =
    '<!doctype html><html><body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5">' +
    paragraphs
      .map((p) => `<p>${escapeHtml(p).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>').replace(/\n/g, '<br>')}</p>`)
      .join('') +
    `<p>— ${APP}</p></body></html>`;
  return { template, subject, text, html };
}

export function activationEmail(p: { firstName: string; link: string }): EmailContent {
  return build('activate', `Activate your ${APP} account`, [
    `Hello ${p.firstName},`,
    'Thank you for registering. To activate your account, open this link within 7 days:',
    p.link,
    'If you did not register, you can ignore this email; the account stays inactive.',
  ]);
}

export function forgotUsernameEmail(p: { usernames: string[] }): EmailContent {
  const list = p.usernames.map((u) => `  • ${u}`).join('\n');
  return build('forgot_username', `Your ${APP} username`, [
    p.usernames.length === 1
      ? 'You asked for the username of the account registered with this email address:'
      : 'You asked for the usernames of the accounts registered with this email address:',
    list,
    'If you did not ask for this, you can ignore this email.',
  ]);
}

export function resetPasswordEmail(p: { firstName: string; username: string; link: string }): EmailContent {
  return build('reset_password', `Reset your ${APP} password`, [
    `Hello ${p.firstName},`,
    `Someone asked to reset the password of the account "${p.username}". To choose a new password, open this link within 1 hour. It works once:`,
    p.link,
    'If you did not ask for this, ignore this email: your password has not changed.',
  ]);
}

export function verifyEmailEmail(p: { firstName: string; link: string }): EmailContent {
  return build('verify_email', `Confirm your new email address`, [
    `Hello ${p.firstName},`,
    `To use this address for your ${APP} account, open this link within 24 hours:`,
    p.link,
    'Until you do, email keeps going to your previous address.',
  ]);
}

export function emailChangeNoticeEmail(p: { firstName: string; newEmail: string }): EmailContent {
  return build('email_change_notice', 'Your email address is being changed', [
    `Hello ${p.firstName},`,
    `Someone signed in to your account asked to change its email address to ${p.newEmail}. The change takes effect when that address is confirmed.`,
    'If this was not you, sign in and change your password now.',
  ]);
}

export function passwordChangedEmail(p: { firstName: string }): EmailContent {
  return build('password_changed', 'Your password was changed', [
    `Hello ${p.firstName},`,
    'The password of your account was just changed, and every other signed-in session was signed out.',
    'If this was not you, use "Forgot your password?" on the sign-in page straight away.',
  ]);
}

export function invitationEmail(p: { organization: string; role: string; inviter: string; link: string }): EmailContent {
  return build('invitation', `You are invited to ${p.organization} on the ${APP}`, [
    `${p.inviter} invited you to join ${p.organization} as ${p.role}, to file its Hazardous Materials Business Plans.`,
    'To accept, open this link within 30 days. It works once. If you do not have an account yet, you can create one from there, using this email address.',
    p.link,
    'If you did not expect this, you can ignore this email.',
  ]);
}

export function accessRequestedEmail(p: { requester: string; requesterEmail: string; facility: string; cersId: number; role: string; organization: string; link: string }): EmailContent {
  return build('access_requested', `Access request for ${p.facility} (CERS ID ${p.cersId})`, [
    `${p.requester} (${p.requesterEmail}) asks to join ${p.organization} as ${p.role}, for the facility ${p.facility} (CERS ID ${p.cersId}).`,
    'To grant or deny the request, open:',
    p.link,
  ]);
}

export function accessDecidedEmail(p: { firstName: string; granted: boolean; organization: string; role: string | null; comment: string | null; link: string }): EmailContent {
  return build('access_decided', p.granted ? `Access granted: ${p.organization}` : `Access request not granted: ${p.organization}`, [
    `Hello ${p.firstName},`,
    p.granted
      ? `Your request was granted. You are now ${p.role} of ${p.organization}.`
      : `Your request to join ${p.organization} was not granted.`,
    ...(p.comment ? [`Comment: ${p.comment}`] : []),
    p.link,
  ]);
}

export function facilityRequestEmail(p: { kind: 'transfer' | 'merge' | 'delete'; facility: string; cersId: number; organization: string; link: string }): EmailContent {
  const what = { transfer: 'transfer', merge: 'merge', delete: 'deletion' }[p.kind];
  return build('facility_request', `Facility ${what} requested: ${p.facility} (CERS ID ${p.cersId})`, [
    `${p.organization} asks for the ${what} of ${p.facility} (CERS ID ${p.cersId}).`,
    'To review the request, open:',
    p.link,
  ]);
}

export function submittalReceivedEmail(p: { facility: string; cersId: number; organization: string; elements: string[]; submitter: string; when: string; link: string }): EmailContent {
  return build('submittal_received', `Submittal received: ${p.facility} (CERS ID ${p.cersId})`, [
    `${p.organization} submitted for ${p.facility} (CERS ID ${p.cersId}) on ${p.when}, by ${p.submitter}:`,
    p.elements.map((e) => `  • ${e}`).join('\n'),
    'Review it in the regulator portal:',
    p.link,
  ]);
}

export function submittalConfirmationEmail(p: { firstName: string; facility: string; cersId: number; elements: string[]; when: string; fingerprint: string; link: string }): EmailContent {
  return build('submittal_confirmation', `Your submittal for ${p.facility} was received`, [
    `Hello ${p.firstName},`,
    `Your submittal for ${p.facility} (CERS ID ${p.cersId}) was received on ${p.when}:`,
    p.elements.map((e) => `  • ${e}`).join('\n'),
    `Fingerprint: ${p.fingerprint}`,
    'Your receipt, and the CUPA’s review when it is done:',
    p.link,
  ]);
}

export function uploadReadyEmail(p: { firstName: string; fileName: string; rows: number; required: number; failed: string | null; link: string }): EmailContent {
  const outcome = p.failed
    ? `It could not be read: ${p.failed}`
    : `${p.rows.toLocaleString('en-US')} ${p.rows === 1 ? 'material was' : 'materials were'} read${p.required ? `; ${p.required.toLocaleString('en-US')} Required ${p.required === 1 ? 'problem needs' : 'problems need'} fixing before it can be saved` : ' and it is ready to save'}.`;
  return build('inventory_upload_ready', p.failed ? `Your inventory upload could not be read: ${p.fileName}` : `Your inventory upload is ready to review: ${p.fileName}`, [
    `Hello ${p.firstName},`,
    `We finished reading ${p.fileName}. ${outcome}`,
    'Nothing has been saved to your inventory yet. Review the preview and save or cancel it here:',
    p.link,
  ]);
}

export function reviewDecisionEmail(p: { firstName: string; facility: string; cersId: number; element: string; status: string; comment: string | null; regulator: string; reviewer: string; resubmitBy: string | null; link: string }): EmailContent {
  return build('review_decision', `${p.element} ${p.status.toLowerCase()}: ${p.facility} (CERS ID ${p.cersId})`, [
    `Hello ${p.firstName},`,
    `${p.regulator} set the ${p.element} submitted for ${p.facility} (CERS ID ${p.cersId}) to ${p.status}. Reviewer: ${p.reviewer}.`,
    ...(p.comment ? [`Comment: ${p.comment}`] : []),
    ...(p.resubmitBy ? [`Correct it and resubmit by ${p.resubmitBy}: start a new draft from a copy of this version, fix what the comment says, and submit it again.`] : []),
    p.link,
  ]);
}

export function regulatorCorrectionEmail(p: { firstName: string; facility: string; cersId: number; element: string; regulator: string; reviewer: string; reason: string; changes: string[]; link: string }): EmailContent {
  return build('regulator_correction', `${p.regulator} corrected your ${p.element}: ${p.facility} (CERS ID ${p.cersId})`, [
    `Hello ${p.firstName},`,
    `${p.reviewer} of ${p.regulator} made a minor correction to the ${p.element} submitted for ${p.facility} (CERS ID ${p.cersId}). Your original version is kept; the corrected version is now the current one.`,
    `Why: ${p.reason}`,
    p.changes.map((c) => `  • ${c}`).join('\n'),
    'See both versions:',
    p.link,
  ]);
}

export function cupaInvitationEmail(p: { regulator: string; role: string; inviter: string; link: string }): EmailContent {
  return build('cupa_invitation', `You are invited to the staff of ${p.regulator} on the ${APP}`, [
    `${p.inviter} invited you to join the staff of ${p.regulator} as ${p.role}, to review the Hazardous Materials Business Plans filed in its jurisdiction.`,
    'To accept, open this link within 30 days. It works once, for this email address. If you do not have an account yet, you can create one from there, using this email address.',
    p.link,
    'A person can be on the staff of one CUPA only. If you did not expect this, you can ignore this email.',
  ]);
}

export function facilityRequestDecidedEmail(p: {
  firstName: string; kind: 'transfer' | 'merge' | 'delete'; approved: boolean; facility: string; cersId: number; regulator: string; comment: string; outcome: string[]; link: string;
}): EmailContent {
  const what = { transfer: 'Transfer', merge: 'Merge', delete: 'Deletion' }[p.kind];
  return build('facility_request_decided', `${what} ${p.approved ? 'approved' : 'denied'}: ${p.facility} (CERS ID ${p.cersId})`, [
    `Hello ${p.firstName},`,
    `${p.regulator} ${p.approved ? 'approved' : 'denied'} the request for the ${what.toLowerCase()} of ${p.facility} (CERS ID ${p.cersId}).`,
    ...p.outcome,
    `Comment: ${p.comment}`,
    p.link,
  ]);
}

export function facilityReceivedEmail(p: { firstName: string; facility: string; cersId: number; organization: string; fromOrganization: string; regulator: string; link: string }): EmailContent {
  return build('facility_received', `Facility transferred to ${p.organization}: ${p.facility} (CERS ID ${p.cersId})`, [
    `Hello ${p.firstName},`,
    `${p.regulator} approved the transfer of ${p.facility} (CERS ID ${p.cersId}) from ${p.fromOrganization} to ${p.organization}. It is now one of your facilities, with everything submitted for it so far.`,
    p.link,
  ]);
}
