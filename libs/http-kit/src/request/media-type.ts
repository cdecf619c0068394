import { NextFunction, Request, Response } from 'express';
import { DomainError, ErrorCodes } from '@lib/domain';

// application/json or a structured +json type (application/merge-patch+json, …).
const JSON_TYPE = /^application\/(?:[a-z0-9!#$&^_.-]+\+)?json$/;

/** Media types the JSON parser reads (type-is syntax). */
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Whether a Content-Type header names UTF-8 JSON (a charset parameter is fine if it is UTF-8). */
export function isJsonContentType(header: string | undefined): boolean {
  const [type, ...params] = (header ?? '').toLowerCase().split(';');
  if (!JSON_TYPE.test(type.trim())) return false;
  const charset = params.map((p) => p.trim()).find((p) => p.startsWith('charset='));
  return charset === undefined || /^charset="?utf-8"?$/.test(charset);
}

/** A route that takes multipart/form-data instead of JSON (an upload); its handler parses the stream. */
export interface MultipartRoute {
  method: string;
  path: string;
}

/** An app lists its multipart routes under this token; configureHttpApp reads it. */
export const MULTIPART_ROUTES = Symbol('MULTIPART_ROUTES');

export function isMultipartFormData(header: string | undefined): boolean {
  return (header ?? '').toLowerCase().split(';')[0].trim() === 'multipart/form-data';
}

const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path.toLowerCase().replace(/\/+$/, '')}`;

/**
 * Every endpoint takes JSON, except the multipart routes an app names, which take only
 * multipart/form-data. A body sent as text or a form would otherwise reach a JSON handler as
 * "no fields", which a PUT reads as "clear everything": refuse it instead.
 */
export function requireJsonBody(multipartRoutes: readonly MultipartRoute[] = []) {
  const multipart = new Set(multipartRoutes.map((r) => routeKey(r.method, r.path)));
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (multipart.has(routeKey(req.method, req.path))) {
      if (!isMultipartFormData(req.headers['content-type'])) {
        next(new DomainError(ErrorCodes.UNSUPPORTED_MEDIA_TYPE, 'this endpoint takes multipart/form-data', 'unsupported_media'));
        return;
      }
    } else if (hasBody(req) && !isJsonContentType(req.headers['content-type'])) {
      next(new DomainError(ErrorCodes.UNSUPPORTED_MEDIA_TYPE, 'request bodies must be application/json (UTF-8)', 'unsupported_media'));
      return;
    }
    next();
  };
}
