import type { Request } from 'express';
import { publicUrl, rawBodyOf } from './raw-body.ts';
import type { SignedRequest } from './hubspot-signature.ts';

/** The parts of an express request a HubSpot signature covers. */
export function signedRequestOf(publicBaseUrl: string, req: Request): SignedRequest {
  return {
    method: req.method,
    url: publicUrl(publicBaseUrl, req),
    body: rawBodyOf(req),
    header: (name) => req.get(name),
  };
}
