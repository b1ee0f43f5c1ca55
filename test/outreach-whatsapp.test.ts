import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '../src/domain/templates/default-templates.ts';
import { WHATSAPP_VARIABLES } from '../src/domain/templates/whatsapp-content.ts';
import { openAllDay, outreachHarness, type OutreachHarness } from './helpers/outreach.ts';

/**
 * "Send WhatsApp message" end to end with approved templates: the practice file maps each WhatsApp
 * template to its Content SID, the Twilio sandbox's Content API holds those templates (approved,
 * UTILITY: Meta no longer delivers MARKETING templates to +1 numbers), and the patient has opted in
 * to WhatsApp. Outside the 24-hour window only such a template is delivered, so the request to
 * Twilio must carry ContentSid + ContentVariables and no free-form Body.
 */

/** A stable Content SID per template and language, as Twilio would have issued at approval. */
const contentSid = (id: string, language: string): string =>
  `HX${createHash('md5').update(`${id}:${language}`).digest('hex')}`;

const whatsappTemplates = DEFAULT_TEMPLATES.filter((t) => t.channel === 'whatsapp');
/** Variant `a` has an approved template; variant `b` was never submitted. */
const approved = whatsappTemplates.filter((t) => t.variant === 'a');

/** The template's text as submitted for approval: `{firstName}` → `{{1}}` and so on. */
function approvalBody(body: string): string {
  let out = body;
  for (const [n, name] of Object.entries(WHATSAPP_VARIABLES))
    out = out.replaceAll(`{${name}}`, `{{${n}}}`);
  return out;
}

describe('send-whatsapp, end to end', () => {
  let h: OutreachHarness;
  beforeAll(async () => {
    const sids: Record<string, Record<string, string>> = {};
    for (const t of approved)
      sids[t.id] = { ...sids[t.id], [t.language]: contentSid(t.id, t.language) };
    h = await outreachHarness({
      patients: 120,
      seed: 31,
      practice: (p) => ({ ...openAllDay(p), whatsappContentSids: sids }),
      twilio: {
        whatsappTemplates: approved.map((t) => ({
          sid: contentSid(t.id, t.language),
          friendlyName: t.id.replaceAll('.', '_'),
          language: t.language,
          body: approvalBody(t.body),
          category: 'UTILITY' as const,
          status: 'approved' as const,
        })),
      },
    });
    await h.sync();
  });
  afterAll(async () => {
    await h.close();
  });

  /** Eligible contacts with a mobile, one per number, English-speaking (the approved set). */
  const candidates = () => {
    const seen = new Set<string>();
    return h.records
      .map((r) => h.contact(r.patient.id))
      .filter((c) => {
        const p = c?.properties;
        if (!p?.mobilephone || p.reactivation_status !== 'eligible' || seen.has(p.mobilephone))
          return false;
        seen.add(p.mobilephone);
        return !p.hs_language || p.hs_language === 'en';
      })
      .map((c) => ({ contactId: c!.id, mobile: c!.properties.mobilephone! }));
  };
  let next = 0;
  /** The next candidate, with the WhatsApp opt-in a staff member records on the contact. */
  const optedIn = () => {
    const p = candidates()[next++]!;
    h.hubspot.staffUpdateContact(p.contactId, { whatsapp_consent: 'yes' });
    return p;
  };
  const outboxTo = (mobile: string) =>
    h.twilio.outbox.filter(
      (m) => m.kind === 'message' && (m as { to: string }).to === `whatsapp:${mobile}`,
    );

  it('sends the approved template by Content SID with its variables, logs it on the timeline, and completes with channel whatsapp', async () => {
    const p = optedIn();
    const answer = await h.action('send-whatsapp', { callbackId: 'wa-1', contactId: p.contactId });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      outputFields: { hs_execution_state: 'BLOCK', hs_expiration_duration: 'P7D' },
    });
    const outputs = await h.completion('wa-1');
    expect(outputs).toMatchObject({
      hs_execution_state: 'SUCCESS',
      outcome: 'sent',
      channel: 'whatsapp',
      reason: '',
    });
    expect(outputs.message_id).toMatch(/^SM[0-9a-f]{32}$/);

    const sent = outboxTo(p.mobile);
    expect(sent).toHaveLength(1);
    const message = sent[0] as Extract<(typeof sent)[number], { kind: 'message' }>;
    const contact = h.hubspot.contacts.get(p.contactId)!.properties;
    const templateId = `${contact.reactivation_segment}.whatsapp.a`;
    expect(message).toMatchObject({
      sid: outputs.message_id,
      channel: 'whatsapp',
      messagingServiceSid: expect.stringMatching(/^MG/),
      contentSid: contentSid(templateId, 'en'),
      contentVariables: {
        '1': contact.firstname,
        '2': 'Riverside Family Dental',
        '3': contact.reactivation_booking_link,
      },
      statusCallback: `${h.baseUrl}/twilio/messages/status`,
    });
    // No free-form text went to Twilio: the words are the approved template's, filled in by Twilio.
    expect(message.params).not.toHaveProperty('Body');
    expect(JSON.parse(message.params.ContentVariables as string)).toEqual(message.contentVariables);
    expect(message.body).toContain(`Hi ${contact.firstname}, it's Riverside Family Dental.`);
    expect(message.body).toContain(contact.reactivation_booking_link);
    expect(message.body).toContain('Reply STOP to opt out.');

    // Twilio reports it delivered (an approved template outside the window): the timeline says so.
    const entry = await h.waitFor(() =>
      h.hubspot.communications
        .list()
        .find(
          (c) =>
            c.contactIds.includes(p.contactId) &&
            c.properties.hs_communication_body?.includes('delivered'),
        ),
    );
    expect(entry.properties).toMatchObject({
      hs_communication_channel_type: 'WHATS_APP',
      hs_communication_logged_from: 'CRM',
    });
    expect(entry.properties.hs_communication_body).toContain(templateId);
    const stored = await h.store.messages.get(outputs.message_id!);
    expect(stored).toMatchObject({ channel: 'whatsapp', status: 'delivered', callbackId: 'wa-1' });
    expect(h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status).toBe('contacted');
  });

  it('a template with no approved Content SID never goes to Twilio, and the marketer reads why', async () => {
    const p = optedIn();
    await h.action('send-whatsapp', {
      callbackId: 'wa-unapproved',
      contactId: p.contactId,
      inputs: { template: 'b' },
    });
    const outputs = await h.completion('wa-unapproved');
    expect(outputs).toMatchObject({ outcome: 'failed', channel: 'whatsapp', message_id: '' });
    expect(outputs.reason).toContain('no approved WhatsApp template is configured');
    expect(outputs.reason).toContain('whatsappContentSids');
    expect(outboxTo(p.mobile)).toEqual([]);
  });

  it('without a WhatsApp opt-in nothing is sent: skipped_no_consent', async () => {
    const p = candidates()[next++]!;
    expect(h.hubspot.contacts.get(p.contactId)!.properties.whatsapp_consent).not.toBe('yes');
    await h.action('send-whatsapp', { callbackId: 'wa-no-optin', contactId: p.contactId });
    expect(await h.completion('wa-no-optin')).toMatchObject({
      outcome: 'skipped_no_consent',
      channel: 'whatsapp',
      reason: 'no WhatsApp opt-in',
    });
    expect(outboxTo(p.mobile)).toEqual([]);
  });
});
