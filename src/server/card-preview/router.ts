import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import type { CardView } from '../../outreach/card-view.ts';
import { cardPage, contactListPage, notFoundPage, type PreviewContact } from './preview-page.ts';

const CSS_FILE = fileURLToPath(new URL('./preview.css', import.meta.url));

export interface CardPreviewOptions {
  /** The sandbox's contacts (first name and initial only). */
  contacts(): PreviewContact[];
  /** The card's data for a contact: the same function the card door answers with. */
  view(contactId: string): Promise<CardView>;
}

/**
 * `/sandbox/cards`: the card's data for any sandbox contact, for the embedded default, where there
 * is no HubSpot to show the real card in. Sandbox only: `reactivate serve` never mounts it.
 */
export function createCardPreviewRouter(o: CardPreviewOptions): Router {
  const router = express.Router();
  router.get('/preview.css', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(CSS_FILE, (error) => error && next(error));
  });
  router.get('/', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(contactListPage(o.contacts()));
  });
  router.get('/:contactId', async (req, res) => {
    const contactId = req.params.contactId;
    const contact = /^\d{1,18}$/.test(contactId)
      ? o.contacts().find((c) => c.id === contactId)
      : undefined;
    if (!contact) {
      res.status(404).type('html').send(notFoundPage());
      return;
    }
    const view = await o.view(contactId);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(cardPage(contact.name, view));
  });
  return router;
}
