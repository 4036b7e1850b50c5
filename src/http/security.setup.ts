import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Security headers. The CSP allows scripts and styles only from this origin:
 * no inline scripts and no inline event handlers anywhere in the views.
 */
export function setUpSecurityHeaders(opts: { isProduction: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // Over plain http on a laptop, upgrading would break every asset.
        upgradeInsecureRequests: opts.isProduction ? [] : null,
      },
    },
    referrerPolicy: { policy: 'same-origin' },
  });
}
