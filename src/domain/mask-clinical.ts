import { findClinicalDetail } from './templates/clinical-terms.ts';

const MASK = '[…]';

/**
 * A patient's own words with clinical terms masked, for the places outside the PMS that show them
 * (the HubSpot timeline, a front-desk task): a patient may write "my crown fell off", and HubSpot
 * must not hold clinical detail (hubspot-facts.md, "Health data"). The front desk still sees that
 * the patient wrote, and calls them.
 */
export function maskClinicalDetail(text: string): string {
  let out = text.normalize('NFC');
  for (const mention of findClinicalDetail(out)) {
    const escaped = mention.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(escaped, 'giu'), MASK);
  }
  return out;
}
