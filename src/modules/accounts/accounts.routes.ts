/**
 * Account pages: register, activate, sign in/out, forgotten username/password,
 * profile and password. Thin: parse the form, call the service, render or redirect.
 * Every successful POST redirects (303), so Back and refresh never repeat it.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Authenticate } from '../../auth/passport.setup';
import { requireAnonymous, requireUser } from '../../auth/require-user.middleware';
import { formError, parseForm } from '../../http/form-errors';
import type { RateLimits } from '../../http/rate-limits';
import { renderInvalid } from '../../http/render';
import { SECRET_ROUTES } from '../../http/secret-routes';
import type { TokenPurpose, TokenState } from '../../rules/token.rules';
import { PASSWORD_HINT } from '../../rules/password.rules';
import { accountHomeView } from './account.presenter';
import {
  changePasswordSchema,
  emailOnlySchema,
  forgotPasswordSchema,
  profileSchema,
  registerSchema,
  resetPasswordSchema,
  signInSchema,
} from './accounts.schema';
import type { AccountsService } from './accounts.service';
import type { PeopleService } from '../people/people.service';
import { clientIp } from '../../http/client-ip';

type Deps = { accounts: AccountsService; people: PeopleService; limits: RateLimits; authenticate: Authenticate };

/** Only same-site paths may be returned to after sign-in. */
function safeReturnTo(path: string | undefined): string | null {
  return path && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : null;
}

function renderTokenProblem(res: Response, purpose: TokenPurpose, state: TokenState) {
  res.status(state === 'unknown' ? 404 : 410).render('account/token-problem', { title: 'This link cannot be used', purpose, state });
}

function signIn(req: Request, res: Response, next: NextFunction, user: Express.User, accounts: AccountsService) {
  const returnTo = safeReturnTo(req.session.returnTo);
  // passport regenerates the session on login, so a pre-login session id is never reused.
  req.login(user, (err) => {
    if (err) return next(err);
    if (returnTo) return res.redirect(303, returnTo);
    accounts.landingPath(user.id).then((path) => res.redirect(303, path), next);
  });
}

export function accountsRoutes({ accounts, people, limits, authenticate }: Deps): Router {
  const r = Router();
  const pw = { passwordHint: PASSWORD_HINT };

  // ---- Register and activate ----
  r.get('/register', requireAnonymous, (req, res) =>
    res.render('account/register', { title: 'Create an account', ...pw, values: { email: req.session.invitedEmail ?? '' } }),
  );
  r.post('/register', requireAnonymous, limits.accountEmails, async (req, res) => {
    const page = { title: 'Create an account', ...pw };
    const form = parseForm(registerSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'account/register', page, form.errors, req.body);
    const result = await accounts.register(form.data, clientIp(req));
    if (!result.ok) return renderInvalid(res, 'account/register', page, result.errors, req.body);
    req.session.flash = { type: 'success', heading: 'Check your email', text: `We sent an activation link to ${result.user.email}. It works for 7 days.` };
    res.redirect(303, '/register/check-email');
  });
  r.get('/register/check-email', (_req, res) => res.render('account/check-email', { title: 'Check your email', kind: 'activate' }));

  r.get('/activate', (_req, res) => res.render('account/resend-activation', { title: 'Send a new activation link' }));
  r.post('/activate', limits.accountEmails, async (req, res) => {
    const page = { title: 'Send a new activation link' };
    const form = parseForm(emailOnlySchema, req.body);
    if (!form.ok) return renderInvalid(res, 'account/resend-activation', page, form.errors, req.body);
    await accounts.resendActivation(form.data.email);
    res.redirect(303, '/activate/sent');
  });
  r.get('/activate/sent', (_req, res) => res.render('account/check-email', { title: 'Check your email', kind: 'resend' }));

  // The link opens a page with a button rather than activating on GET: mail
  // scanners that prefetch links would otherwise spend the one-time token.
  r.get(SECRET_ROUTES.activate, async (req, res) => {
    const { state } = await accounts.checkActivation(req.params.token);
    if (state !== 'valid') return renderTokenProblem(res, 'activate', state);
    res.render('account/activate', { title: 'Activate your account', token: req.params.token });
  });
  r.post(SECRET_ROUTES.activate, async (req, res) => {
    const state = await accounts.activate(req.params.token, clientIp(req));
    if (state !== 'valid') return renderTokenProblem(res, 'activate', state);
    req.session.flash = { type: 'success', heading: 'Your account is active', text: 'Sign in with your username or email address and your password.' };
    res.redirect(303, '/sign-in');
  });

  // ---- Sign in and out ----
  r.get('/sign-in', requireAnonymous, (_req, res) => res.render('account/sign-in', { title: 'Sign in' }));
  r.post('/sign-in', requireAnonymous, limits.signIn, (req, res, next) => {
    const page = { title: 'Sign in' };
    const form = parseForm(signInSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'account/sign-in', page, form.errors, req.body);
    authenticate((err, user, info) => {
      if (err) return next(err);
      if (user) return signIn(req, res, next, user, accounts);
      const errors =
        info?.message === 'inactive'
          ? formError('login', 'Your account is not activated yet. Open the link in the activation email we sent you, or ask for a new one')
          : formError('login', 'The username or email address and password do not match an active account');
      renderInvalid(res, 'account/sign-in', { ...page, inactive: info?.message === 'inactive' }, errors, req.body);
    })(req, res, next);
  });
  r.post('/sign-out', (req, res, next) => {
    req.logout((err) => {
      if (err) return next(err);
      req.session.flash = { type: 'info', text: 'You have signed out.' };
      res.redirect(303, '/sign-in');
    });
  });

  // ---- Forgotten username / password (same answer whether or not an account exists) ----
  r.get('/forgot-username', (_req, res) => res.render('account/forgot-username', { title: 'Forgot your username?' }));
  r.post('/forgot-username', limits.accountEmails, async (req, res) => {
    const page = { title: 'Forgot your username?' };
    const form = parseForm(emailOnlySchema, req.body);
    if (!form.ok) return renderInvalid(res, 'account/forgot-username', page, form.errors, req.body);
    await accounts.forgotUsername(form.data.email);
    res.redirect(303, '/forgot-username/sent');
  });
  r.get('/forgot-username/sent', (_req, res) => res.render('account/check-email', { title: 'Check your email', kind: 'username' }));

  r.get('/forgot-password', (_req, res) => res.render('account/forgot-password', { title: 'Forgot your password?' }));
  r.post('/forgot-password', limits.accountEmails, async (req, res) => {
    const page = { title: 'Forgot your password?' };
    const form = parseForm(forgotPasswordSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'account/forgot-password', page, form.errors, req.body);
    await accounts.forgotPassword(form.data.login);
    res.redirect(303, '/forgot-password/sent');
  });
  r.get('/forgot-password/sent', (_req, res) => res.render('account/check-email', { title: 'Check your email', kind: 'password' }));

  r.get(SECRET_ROUTES.resetPassword, async (req, res) => {
    const { state } = await accounts.checkReset(req.params.token);
    if (state !== 'valid') return renderTokenProblem(res, 'reset_password', state);
    res.render('account/reset-password', { title: 'Choose a new password', token: req.params.token, ...pw });
  });
  r.post(SECRET_ROUTES.resetPassword, async (req, res) => {
    const page = { title: 'Choose a new password', token: req.params.token, ...pw };
    const form = parseForm(resetPasswordSchema, req.body);
    if (!form.ok) {
      const { state } = await accounts.checkReset(req.params.token);
      if (state !== 'valid') return renderTokenProblem(res, 'reset_password', state);
      return renderInvalid(res, 'account/reset-password', page, form.errors, req.body);
    }
    const result = await accounts.resetPassword(req.params.token, form.data.password, clientIp(req));
    if (result.status === 'token') return renderTokenProblem(res, 'reset_password', result.state);
    if (result.status === 'invalid') return renderInvalid(res, 'account/reset-password', page, result.errors, req.body);
    req.logout(() => {
      req.session.flash = { type: 'success', heading: 'Your password has been changed', text: 'Sign in with your new password.' };
      res.redirect(303, '/sign-in');
    });
  });

  r.get(SECRET_ROUTES.verifyEmail, async (req, res) => {
    const { state } = await accounts.checkEmailVerification(req.params.token);
    if (state !== 'valid') return renderTokenProblem(res, 'verify_email', state);
    res.render('account/verify-email', { title: 'Confirm your new email address', token: req.params.token });
  });
  r.post(SECRET_ROUTES.verifyEmail, async (req, res) => {
    const state = await accounts.verifyEmail(req.params.token, clientIp(req));
    if (state !== 'valid') return renderTokenProblem(res, 'verify_email', state);
    req.session.flash = { type: 'success', text: 'Your new email address is confirmed.' };
    res.redirect(303, req.user ? '/account' : '/sign-in');
  });

  // ---- Signed in ----
  r.get('/account', requireUser, async (req, res) => {
    const user = req.user!;
    const [home, invitations] = await Promise.all([accounts.home(user), people.invitationsFor(user)]);
    res.render('account/home', { title: 'Your account', ...accountHomeView(user, home), invitations });
  });

  r.get('/account/profile', requireUser, (req, res) => {
    const u = req.user!;
    res.render('account/profile', {
      title: 'Edit your profile',
      values: { firstName: u.first_name, lastName: u.last_name, email: u.email, phone: u.phone ?? '', title: u.title ?? '' },
    });
  });
  r.post('/account/profile', requireUser, async (req, res) => {
    const page = { title: 'Edit your profile' };
    const form = parseForm(profileSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'account/profile', page, form.errors, req.body);
    const result = await accounts.updateProfile(req.user!, form.data, clientIp(req));
    if (!result.ok) return renderInvalid(res, 'account/profile', page, result.errors, req.body);
    const { emailChangePendingTo } = result;
    req.session.flash = emailChangePendingTo
      ? { type: 'info', heading: 'Confirm your new email address', text: `Your profile is saved. We sent a link to ${emailChangePendingTo}; your email address changes when you open it.` }
      : { type: 'success', text: 'Your profile is saved.' };
    res.redirect(303, '/account');
  });

  r.get('/account/password', requireUser, (_req, res) => res.render('account/password', { title: 'Change your password', ...pw }));
  r.post('/account/password', requireUser, async (req, res, next) => {
    const page = { title: 'Change your password', ...pw };
    const form = parseForm(changePasswordSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'account/password', page, form.errors, req.body);
    const result = await accounts.changePassword(req.user!, form.data.currentPassword, form.data.newPassword, clientIp(req));
    if (!result.ok) return renderInvalid(res, 'account/password', page, result.errors, req.body);
    const user = (await accounts.findUser(req.user!.id))!;
    // Re-sign this session under the new epoch; every other session is now stale.
    req.login(user, (err) => {
      if (err) return next(err);
      req.session.flash = { type: 'success', heading: 'Your password has been changed', text: 'You have been signed out everywhere else.' };
      res.redirect(303, '/account');
    });
  });

  return r;
}
