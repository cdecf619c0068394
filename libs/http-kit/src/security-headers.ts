import { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/** The API answers JSON only: nothing in a response may load, run or be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

// Swagger UI runs inline code; /docs keeps helmet's other headers but no CSP.
const DOCS = /^\/docs(?:[/-]|$)/;

/**
 * helmet's headers on every response (nosniff, frame denial, no referrer, HSTS — ignored by
 * browsers over plain HTTP, honoured behind TLS; X-Powered-By removed) and a CSP: the strict
 * API one by default; pages that need more (the dashboard) set their own, which replaces it.
 */
export function securityHeaders(): (req: Request, res: Response, next: NextFunction) => void {
  const standard = helmet({ contentSecurityPolicy: false, frameguard: { action: 'deny' }, referrerPolicy: { policy: 'no-referrer' } });
  return (req, res, next) => {
    if (!DOCS.test(req.path)) res.setHeader('content-security-policy', API_CSP);
    standard(req, res, next);
  };
}
