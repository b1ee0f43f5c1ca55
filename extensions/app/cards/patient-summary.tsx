import {
  DescriptionList,
  DescriptionListItem,
  Flex,
  StatusTag,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { CardView } from './card-shape.ts';
import { formatDate, formatInstant, maskPhoneNumbers, type Formatting } from './card-format.ts';
import { segmentLabel, statusWords } from './card-words.ts';

const CONSENT_CHANNELS = [
  { key: 'sms', label: 'SMS' },
  { key: 'whatsapp', label: 'WhatsApp' },
  { key: 'email', label: 'Email' },
] as const;

const CONSENT_TAG = {
  yes: { variant: 'success', words: 'yes' },
  no: { variant: 'error', words: 'no' },
  unknown: { variant: 'default', words: 'not asked' },
} as const;

/** Who the patient is to reactivation: status, segment and why, the dates, consent per channel. */
export function PatientSummary({ view, formatting }: { view: CardView; formatting: Formatting }) {
  const status = statusWords(view.status);
  return (
    <Flex direction="column" gap="sm">
      <Flex direction="row" gap="sm" align="center" wrap>
        <StatusTag variant={status.variant} testId="status">
          {status.label}
        </StatusTag>
        <Text format={{ fontWeight: 'demibold' }} testId="segment">
          {segmentLabel(view.segment)}
        </Text>
      </Flex>
      <Text testId="reason">{maskPhoneNumbers(view.reason)}</Text>
      <DescriptionList direction="row">
        <DescriptionListItem label="Last visit">
          <Text testId="last-visit">{formatDate(view.lastVisit, formatting)}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Recall due">
          <Text testId="recall-due">{formatDate(view.recallDue, formatting)}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Next appointment">
          <Text testId="next-appointment">{formatInstant(view.nextAppointment, formatting)}</Text>
        </DescriptionListItem>
      </DescriptionList>
      <Flex direction="row" gap="xs" align="center" wrap>
        <Text inline>Consent:</Text>
        {CONSENT_CHANNELS.map(({ key, label }) => {
          const tag = CONSENT_TAG[view.consent[key]];
          return (
            <Tag key={key} variant={tag.variant} testId={`consent-${key}`}>
              {`${label}: ${tag.words}`}
            </Tag>
          );
        })}
      </Flex>
    </Flex>
  );
}
