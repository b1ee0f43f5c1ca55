import { parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js';

/**
 * What the service answers a patient's reply with, in the patient's language. Every answer names
 * the practice; none says anything clinical. Spanish avoids á, í, ó, ú so a text stays GSM-7.
 */
export type ReplyLanguage = 'en' | 'es';

export interface ReplyFacts {
  practiceName: string;
  /** The office's phone, any format. */
  phone: string;
  region: string;
}

/** A phone as people say it in its own country, e.g. (617) 555-0142. */
export function national(phone: string, region: string): string {
  try {
    return parsePhoneNumberWithError(phone, region as CountryCode).formatNational();
  } catch {
    return phone;
  }
}

export function languageOf(tag: string | undefined): ReplyLanguage {
  return tag?.toLowerCase().startsWith('es') ? 'es' : 'en';
}

export const replyTexts = {
  optOutConfirmation: (f: ReplyFacts, l: ReplyLanguage): string =>
    l === 'es'
      ? `${f.practiceName}: listo, no le enviaremos mas mensajes ni llamadas. Para volver a recibirlos responda START. Tel ${national(f.phone, f.region)}.`
      : `${f.practiceName}: you're unsubscribed and won't get more texts or calls from us. Reply START to resubscribe. ${national(f.phone, f.region)}`,
  optInConfirmation: (f: ReplyFacts, l: ReplyLanguage): string =>
    l === 'es'
      ? `${f.practiceName}: listo, puede volver a recibir nuestros mensajes. Responda STOP para darse de baja.`
      : `${f.practiceName}: you're subscribed again. Reply STOP to opt out.`,
  help: (f: ReplyFacts, l: ReplyLanguage): string =>
    l === 'es'
      ? `${f.practiceName}: para hablar con nosotros llame al ${national(f.phone, f.region)}. Responda STOP para darse de baja.`
      : `${f.practiceName}: call us at ${national(f.phone, f.region)} for help. Reply STOP to opt out.`,
  bookingLinks: (
    f: ReplyFacts,
    l: ReplyLanguage,
    links: { firstName?: string; link: string }[],
  ): string => {
    if (links.length === 1) {
      return l === 'es'
        ? `${f.practiceName}: elija el dia y la hora aqui: ${links[0]!.link} o llame al ${national(f.phone, f.region)}.`
        : `${f.practiceName}: pick a time that suits you here: ${links[0]!.link} or call ${national(f.phone, f.region)}.`;
    }
    const each = links.map((x) => `${x.firstName ?? ''}: ${x.link}`.trim()).join(' · ');
    return l === 'es'
      ? `${f.practiceName}: elija el dia y la hora: ${each}`
      : `${f.practiceName}: pick a time here: ${each}`;
  },
  handedOff: (f: ReplyFacts, l: ReplyLanguage): string =>
    l === 'es'
      ? `${f.practiceName}: gracias, alguien de nuestro equipo le respondera pronto.`
      : `${f.practiceName}: thanks, someone from our team will get back to you soon.`,
  wrongNumber: (f: ReplyFacts, l: ReplyLanguage): string =>
    l === 'es'
      ? `${f.practiceName}: disculpe la molestia, ya quitamos este numero.`
      : `${f.practiceName}: sorry about that, we've removed this number.`,
};
