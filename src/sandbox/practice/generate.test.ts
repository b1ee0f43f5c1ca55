import { describe, expect, it } from 'vitest';
import { AuditTally } from '../../domain/audit.ts';
import { isMinorOn } from '../../domain/dates.ts';
import { normalizeEmail, normalizePhone } from '../../domain/contact-details.ts';
import {
  APPOINTMENT_STATUSES,
  Appointment,
  PATIENT_STATUSES,
  Patient,
  Procedure,
  Recall,
} from '../../domain/records.ts';
import { generatePractice } from './generate.ts';

const AS_OF = '2026-11-28';
const { practice, records } = generatePractice({ patients: 5000, seed: 7, asOf: AS_OF });
const patients = records.map((r) => r.patient);

describe('the sample practice', () => {
  it('is deterministic: the same seed and date give the same practice, another seed another', () => {
    expect(generatePractice({ patients: 300, seed: 7, asOf: AS_OF }).records).toEqual(
      records.slice(0, 300),
    );
    expect(generatePractice({ patients: 300, seed: 8, asOf: AS_OF }).records).not.toEqual(
      records.slice(0, 300),
    );
  });

  it('gives exactly the number of patients asked for, with unique ids', () => {
    expect(records).toHaveLength(5000);
    expect(new Set(patients.map((p) => p.id)).size).toBe(5000);
    const appointmentIds = records.flatMap((r) => r.appointments.map((a) => a.id));
    expect(new Set(appointmentIds).size).toBe(appointmentIds.length);
  });

  it('is valid canonical data', () => {
    for (const r of records) {
      expect(Patient.parse(r.patient)).toEqual(r.patient);
      for (const a of r.appointments) expect(Appointment.parse(a)).toEqual(a);
      for (const x of r.recalls) expect(Recall.parse(x)).toEqual(x);
      for (const p of r.procedures) expect(Procedure.parse(p)).toEqual(p);
      expect(
        [...r.appointments, ...r.recalls, ...r.procedures].every(
          (x) => x.patientId === r.patient.id,
        ),
      ).toBe(true);
    }
  });

  it('has every patient status and every appointment status', () => {
    expect(new Set(patients.map((p) => p.status))).toEqual(new Set(PATIENT_STATUSES));
    expect(new Set(records.flatMap((r) => r.appointments.map((a) => a.status)))).toEqual(
      new Set(APPOINTMENT_STATUSES),
    );
  });

  it('puts patients in all four segments and every exclusion', () => {
    const tally = new AuditTally(AS_OF, practice);
    for (const r of records) tally.add(r);
    const report = tally.finish();
    for (const count of Object.values(report.segments)) expect(count).toBeGreaterThan(100);
    for (const count of Object.values(report.excluded)) expect(count).toBeGreaterThan(10);
    expect(report.active).toBeGreaterThan(100);
  });

  it('has families: minors whose guarantor is another patient, some sharing the parent’s email', () => {
    const byId = new Map(patients.map((p) => [p.id, p]));
    const minorsWithGuarantor = patients.filter(
      (p) =>
        p.birthDate &&
        isMinorOn(p.birthDate, AS_OF) &&
        p.guarantorId !== p.id &&
        byId.has(p.guarantorId!),
    );
    expect(minorsWithGuarantor.length).toBeGreaterThan(200);
    const sharedEmail = patients.filter(
      (p) => p.email && p.guarantorId !== p.id && byId.get(p.guarantorId!)?.email === p.email,
    );
    expect(sharedEmail.length).toBeGreaterThan(50);
  });

  it('has the untidy contact data of real practices', () => {
    const badPhones = patients.filter((p) => p.mobilePhone && !normalizePhone(p.mobilePhone, 'US'));
    const goodPhones = patients.filter((p) => p.mobilePhone && normalizePhone(p.mobilePhone, 'US'));
    const badEmails = patients.filter((p) => p.email && !normalizeEmail(p.email));
    expect(badPhones.length).toBeGreaterThan(50);
    expect(goodPhones.length).toBeGreaterThan(badPhones.length * 10);
    expect(badEmails.length).toBeGreaterThan(50);
    expect(patients.filter((p) => !p.email).length).toBeGreaterThan(500);
    expect(patients.filter((p) => !p.birthDate).length).toBeGreaterThan(20);
    expect(new Set(patients.map((p) => p.smsConsent))).toEqual(new Set(['yes', 'no', 'unknown']));
    expect(patients.some((p) => p.contactPreference === 'do_not_call')).toBe(true);
    expect(patients.filter((p) => p.language === 'es').length).toBeGreaterThan(200);
    expect(patients.some((p) => p.preferredName)).toBe(true);
  });

  it('has patients with no recall rows, with disabled recalls, and with several', () => {
    expect(records.filter((r) => r.recalls.length === 0).length).toBeGreaterThan(200);
    expect(records.filter((r) => r.recalls.some((x) => x.disabled)).length).toBeGreaterThan(50);
    expect(records.filter((r) => r.recalls.length > 1).length).toBeGreaterThan(50);
  });
});
