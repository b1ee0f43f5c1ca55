import { Router } from 'express';
import type { CommonDoorDeps } from './door-deps.ts';

/** Tokens are three base64url parts: anything else is not worth handing over. */
const TOKEN = /^[A-Za-z0-9_-]{1,64}\.[a-z0-9]{1,12}\.[A-Za-z0-9_-]{1,64}$/;

/**
 * `GET /b/:token`: a patient following their booking link. No signature (a patient's phone calls
 * it); the token is the credential, checked by the service. Always an answer a person can use:
 * the booking page, or a page with the practice's phone.
 */
export function bookingLinkRouter(deps: CommonDoorDeps): Router {
  const router = Router();
  router.get('/b/:token', async (req, res, next) => {
    try {
      const token = String(req.params.token ?? '');
      const answer = await deps.service.followBookingLink(
        TOKEN.test(token) ? token : 'invalid..token',
      );
      res.set('Cache-Control', 'no-store');
      res.set('Referrer-Policy', 'no-referrer');
      if (answer.kind === 'redirect') res.redirect(302, answer.url);
      else res.status(200).type('html').send(answer.html);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
