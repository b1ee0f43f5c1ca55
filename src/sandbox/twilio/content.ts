import { isoSeconds } from './formats.ts';
import type { TemplateRecord } from './templates.ts';

const CONTENT_BASE = 'https://content.twilio.com/v1/Content';

/** WhatsApp's template name: lowercase letters, digits and underscores. */
function whatsappName(template: TemplateRecord): string {
  return template.friendlyName.toLowerCase().replace(/[^a-z0-9]+/g, '_');
}

function common(accountSid: string, template: TemplateRecord): Record<string, unknown> {
  return {
    sid: template.sid,
    account_sid: accountSid,
    friendly_name: template.friendlyName,
    language: template.language,
    variables: template.variables,
    types: { 'twilio/text': { body: template.body } },
    date_created: isoSeconds(template.created),
    date_updated: isoSeconds(template.created),
  };
}

function approval(template: TemplateRecord): Record<string, unknown> {
  return {
    name: whatsappName(template),
    category: template.category,
    content_type: 'twilio/text',
    status: template.status,
    rejection_reason: template.status === 'rejected' ? 'Rejected by the sandbox seed' : '',
    allow_category_change: false,
  };
}

/** The Content resource (`content.v1.content`). */
export function contentJson(accountSid: string, template: TemplateRecord): Record<string, unknown> {
  const url = `${CONTENT_BASE}/${template.sid}`;
  return {
    ...common(accountSid, template),
    url,
    links: {
      approval_create: `${url}/ApprovalRequests/whatsapp`,
      approval_fetch: `${url}/ApprovalRequests`,
    },
  };
}

/** One item of `GET /v1/ContentAndApprovals` (`content.v1.content_and_approvals`). */
export function contentAndApprovalsJson(
  accountSid: string,
  template: TemplateRecord,
): Record<string, unknown> {
  return { ...common(accountSid, template), approval_requests: approval(template) };
}

/** `GET /v1/Content/{Sid}/ApprovalRequests` (`content.v1.content.approval_fetch`). */
export function approvalFetchJson(
  accountSid: string,
  template: TemplateRecord,
): Record<string, unknown> {
  return {
    sid: template.sid,
    account_sid: accountSid,
    whatsapp: { type: 'whatsapp', ...approval(template) },
    url: `${CONTENT_BASE}/${template.sid}/ApprovalRequests`,
  };
}
