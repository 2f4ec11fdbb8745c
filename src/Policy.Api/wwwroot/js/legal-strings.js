// Strings of the legal console's registry values and verdict reasons, German and English, added to
// the shared table. The API sends each reason as a code with the one fact it quotes
// (docs/legal-guide.md); these are their wordings.
import { strings } from './i18n.js';

Object.assign(strings.de, {
  'legal.registered.company': 'Unternehmen',
  'legal.registered.person': 'Person',
  'legal.paid.company': 'Unternehmen',
  'legal.paid.employee': 'Mitarbeiter/in',
  'legal.paid.shared': 'geteilt',
  'legal.paid.nobody': 'niemand (kostenlos)',
  'legal.purpose.business': 'geschäftlich',
  'legal.purpose.private': 'privat',
  'legal.purpose.mixed': 'gemischt',
  'legal.points.company': 'spricht für das Unternehmen',
  'legal.points.employee': 'spricht für die/den Mitarbeiter/in',
  'legal.points.neutral': 'neutral',
  'legal.reason.registered-name.company': 'auf den Namen des Unternehmens registriert',
  'legal.reason.registered-name.person': 'auf den Namen einer Person registriert',
  'legal.reason.registered-email.company': 'unter einer E-Mail-Adresse des Unternehmens registriert ({0})',
  'legal.reason.registered-email.other': 'unter einer fremden E-Mail-Adresse registriert ({0})',
  'legal.reason.registered-email.unknown': 'die registrierte E-Mail-Adresse ist nicht bekannt',
  'legal.reason.costs.company': 'das Unternehmen trägt die Kosten',
  'legal.reason.costs.employee': 'die/der Mitarbeiter/in trägt die Kosten',
  'legal.reason.costs.shared': 'Unternehmen und Mitarbeiter/in teilen sich die Kosten',
  'legal.reason.costs.nobody': 'der Account kostet nichts, die Kosten entscheiden also nichts',
  'legal.reason.purpose.business': 'er wird geschäftlich genutzt',
  'legal.reason.purpose.private': 'er wird privat genutzt',
  'legal.reason.purpose.mixed': 'er wird geschäftlich und privat genutzt',
  'legal.reason.customer-contacts.business': 'er enthält {0} geschäftlich genutzte Kundenkontakte: sie können Geschäftsgeheimnisse sein und müssen in die Kundenliste des Unternehmens übernommen werden',
  'legal.reason.customer-contacts.private': 'er enthält {0} Kontakte, aber in einem privaten Account; private Kontakte zu Kunden sind erlaubt',
  'legal.basis.hamburg-2013': 'Arbeitsgericht Hamburg, Urteil vom 24. Januar 2013: Kundenkontakte in einem solchen Account können Geschäftsgeheimnisse sein (§ 17 Abs. 2 UWG a. F.; heute GeschGehG)',
});

Object.assign(strings.en, {
  'legal.registered.company': 'company',
  'legal.registered.person': 'person',
  'legal.paid.company': 'company',
  'legal.paid.employee': 'employee',
  'legal.paid.shared': 'shared',
  'legal.paid.nobody': 'nobody (free)',
  'legal.purpose.business': 'business',
  'legal.purpose.private': 'private',
  'legal.purpose.mixed': 'mixed',
  'legal.points.company': 'points to the company',
  'legal.points.employee': 'points to the employee',
  'legal.points.neutral': 'neutral',
  'legal.reason.registered-name.company': "registered in the company's name",
  'legal.reason.registered-name.person': "registered in a person's name",
  'legal.reason.registered-email.company': 'registered under a company e-mail address ({0})',
  'legal.reason.registered-email.other': 'registered under a non-company e-mail address ({0})',
  'legal.reason.registered-email.unknown': 'the registered e-mail address is not known',
  'legal.reason.costs.company': 'the company pays its costs',
  'legal.reason.costs.employee': 'the employee pays its costs',
  'legal.reason.costs.shared': 'company and employee share its costs',
  'legal.reason.costs.nobody': 'it costs nothing, so costs decide nothing',
  'legal.reason.purpose.business': 'it is used for business',
  'legal.reason.purpose.private': 'it is used privately',
  'legal.reason.purpose.mixed': 'it is used both for business and privately',
  'legal.reason.customer-contacts.business': "it holds {0} customer contacts used for business: they can be trade secrets and must be copied into the company's customer list",
  'legal.reason.customer-contacts.private': 'it holds {0} contacts, but in a private account; private contacts with customers are allowed',
  'legal.basis.hamburg-2013': 'Arbeitsgericht Hamburg, judgment of 24 January 2013: customer contacts in such an account can be trade secrets (§ 17 (2) UWG old version; today GeschGehG)',
});

/** A reason in the page's language: its code's wording, or the API's English text for a code this page does not know yet. */
export function reasonText(reason, t) {
  const key = 'legal.reason.' + reason.code;
  return reason.code && (key in strings.en) ? t(key, reason.value ?? '') : reason.text;
}

/** The legal source of a reason in the page's language, or the API's text. */
export function basisText(reason, t) {
  const key = 'legal.basis.' + reason.basisCode;
  return reason.basisCode && (key in strings.en) ? t(key) : reason.basis;
}
