/**
 * The contact properties of domain.md ("HubSpot contact properties"), with the labels and
 * descriptions a marketer and a front desk read in HubSpot. `reactivate setup` creates them.
 */
export const PROPERTY_GROUP = {
  name: 'patient_reactivation',
  label: 'Patient reactivation',
  displayOrder: -1,
};

export interface PropertyOption {
  value: string;
  label: string;
  description?: string;
}

export interface PropertyDefinition {
  name: string;
  label: string;
  description: string;
  type: 'string' | 'enumeration' | 'date' | 'datetime';
  fieldType: 'text' | 'select' | 'date';
  options?: PropertyOption[];
  hasUniqueValue?: boolean;
}

const enumeration = (
  name: string,
  label: string,
  description: string,
  options: PropertyOption[],
): PropertyDefinition => ({
  name,
  label,
  description,
  type: 'enumeration',
  fieldType: 'select',
  options,
});

const CONSENT_OPTIONS: PropertyOption[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'unknown', label: 'Not recorded' },
];

export const PROPERTIES: PropertyDefinition[] = [
  {
    name: 'pms_patient_id',
    label: 'PMS patient ID',
    description:
      'The patient in the practice management system (<source>:<clinic>:<patient id>). Set by the reactivation sync; do not edit.',
    type: 'string',
    fieldType: 'text',
    hasUniqueValue: true,
  },
  enumeration(
    'reactivation_segment',
    'Reactivation segment',
    'Why the patient went quiet, from the practice management system.',
    [
      { value: 'no_show', label: 'Missed appointment, not rebooked' },
      { value: 'unscheduled_treatment', label: 'Treatment planned, not scheduled' },
      { value: 'overdue_recall', label: 'Overdue for a check-up' },
      { value: 'dormant', label: 'Not seen in 18+ months' },
      { value: 'none', label: 'None' },
    ],
  ),
  enumeration(
    'reactivation_status',
    'Reactivation status',
    'Where the patient is in reactivation. Set "Paused" or "Do not contact" to stop automated outreach.',
    [
      { value: 'eligible', label: 'Eligible' },
      { value: 'in_sequence', label: 'In sequence' },
      { value: 'contacted', label: 'Contacted' },
      { value: 'replied', label: 'Replied – waiting for the front desk' },
      { value: 'booked', label: 'Booked' },
      { value: 'confirmed', label: 'Confirmed' },
      { value: 'recovered', label: 'Recovered (came back)' },
      { value: 'opted_out', label: 'Opted out' },
      { value: 'do_not_contact', label: 'Do not contact' },
      { value: 'paused', label: 'Paused' },
      { value: 'not_eligible', label: 'Not eligible' },
    ],
  ),
  {
    name: 'last_visit_date',
    label: 'Last visit',
    description: 'Date of the last completed visit.',
    type: 'date',
    fieldType: 'date',
  },
  {
    name: 'recall_due_date',
    label: 'Recall due',
    description: 'When the next check-up was due.',
    type: 'date',
    fieldType: 'date',
  },
  {
    name: 'next_appointment_date',
    label: 'Next appointment',
    description: 'The next scheduled appointment, if any.',
    type: 'datetime',
    fieldType: 'date',
  },
  {
    name: 'reactivation_booking_link',
    label: 'Booking link',
    description:
      "The patient's own one-tap booking link (usable as a personalization token in emails).",
    type: 'string',
    fieldType: 'text',
  },
  enumeration(
    'sms_consent',
    'Text message consent',
    'Whether the patient may be texted.',
    CONSENT_OPTIONS,
  ),
  enumeration(
    'whatsapp_consent',
    'WhatsApp consent',
    'Whether the patient opted in to WhatsApp messages.',
    CONSENT_OPTIONS,
  ),
  enumeration(
    'preferred_channel',
    'Preferred channel',
    'The channel the patient is most likely to answer.',
    [
      { value: 'sms', label: 'Text message' },
      { value: 'email', label: 'Email' },
      { value: 'call', label: 'Phone call' },
      { value: 'whatsapp', label: 'WhatsApp' },
    ],
  ),
  {
    name: 'practice_location',
    label: 'Practice location',
    description: 'The office the patient belongs to.',
    type: 'string',
    fieldType: 'text',
  },
];

/** The names of everything the sync writes: our properties plus HubSpot's own standard ones. */
export const STANDARD_PROPERTIES = [
  'firstname',
  'lastname',
  'email',
  'mobilephone',
  'hs_language',
] as const;
