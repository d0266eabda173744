import { formatDate, translator, direction, type Locale } from '../../platform/i18n/index.ts';
import { PdfWriter } from '../../platform/pdf/writer.ts';
import type { CertificateDocument } from './certificates.ts';

// The certificate on paper: one A4 page in Dutch, English or Arabic (right to left), with the person's name, the
// programme, the period, the organisation, the issue date, and the code with the address where anyone can check
// it. Labels in plain words; the name and the programme exactly as written, each in its own direction.

// U+2068 FIRST STRONG ISOLATE … U+2069: a Latin name or address in an Arabic line keeps its own order.
const isolate = (value: string) => `\u2068${value}\u2069`;

export interface CertificateModel {
  locale: Locale;
  documentTitle: string;
  lines: { kind: 'title' | 'text' | 'name' | 'programme' | 'fact' | 'code' | 'heading' | 'notice'; text: string }[];
  footer: string;
}

/** Where the public check lives: the configured public address, or the address the request came in on. */
export function verificationUrl(publicUrl: string | undefined, requestOrigin: string): string {
  return `${(publicUrl ?? requestOrigin).replace(/\/+$/, '')}/certificaat`;
}

export function certificateModel(doc: CertificateDocument, locale: Locale, verifyUrl: string): CertificateModel {
  const t = translator(locale);
  const period = doc.period.from && doc.period.to
    ? doc.period.from === doc.period.to ? formatDate(locale, doc.period.from) : `${formatDate(locale, doc.period.from)} – ${formatDate(locale, doc.period.to)}`
    : '';
  const lines: CertificateModel['lines'] = [
    { kind: 'title', text: t('group_certificate.pdf_title') },
    { kind: 'text', text: t('group_certificate.pdf_declares', { organisation: isolate(doc.organisation) }) },
    { kind: 'name', text: doc.holderName },
    { kind: 'text', text: t('group_certificate.pdf_completed') },
    { kind: 'programme', text: doc.programme },
  ];
  if (period) lines.push({ kind: 'fact', text: `${t('group_certificate.period')}: ${period}` });
  lines.push({ kind: 'fact', text: `${t('group_certificate.sessions')}: ${doc.sessions}` });
  if (doc.minimumHours !== null && doc.attendedHours !== null) lines.push({ kind: 'fact', text: t('group_certificate.pdf_hours', { count: doc.attendedHours }) });
  lines.push({ kind: 'fact', text: `${t('group_certificate.issued_on')}: ${formatDate(locale, doc.issuedOn)}` });
  lines.push({ kind: 'fact', text: `${t('group_certificate.organisation')}: ${isolate(doc.organisation)}` });
  if (doc.revoked) lines.push({ kind: 'notice', text: t('group_certificate.pdf_revoked') });
  lines.push({ kind: 'heading', text: t('group_certificate.pdf_check_heading') });
  lines.push({ kind: 'text', text: `${t('group_certificate.pdf_check_where')} ${isolate(verifyUrl)}` });
  lines.push({ kind: 'code', text: doc.code });
  return {
    locale,
    documentTitle: `${t('group_certificate.pdf_title')} · ${doc.programme}`,
    lines,
    footer: `${isolate(doc.organisation)} · ${t('group_certificate.code')} ${isolate(doc.code)}`,
  };
}

export async function renderCertificatePdf(model: CertificateModel): Promise<Buffer> {
  const t = translator(model.locale);
  const pdf = new PdfWriter({
    title: model.documentTitle, lang: model.locale, direction: direction(model.locale), subject: t('group_certificate.pdf_subject'),
  });
  pdf.space(70);
  for (const line of model.lines) {
    switch (line.kind) {
      case 'title':
        pdf.heading(1, line.text, { spaceAfter: 4 });
        pdf.rule(6);
        pdf.space(24);
        break;
      case 'text':
        pdf.paragraph(line.text, { size: 13, spaceAfter: 10 });
        break;
      case 'name':
        pdf.paragraph(line.text, { size: 28, weight: 'bold', direction: 'auto', spaceBefore: 6, spaceAfter: 18 });
        break;
      case 'programme':
        pdf.paragraph(line.text, { size: 18, weight: 'bold', direction: 'auto', spaceBefore: 4, spaceAfter: 26 });
        break;
      case 'fact':
        pdf.paragraph(line.text, { size: 12, spaceAfter: 5 });
        break;
      case 'notice':
        pdf.paragraph(line.text, { size: 13, weight: 'bold', spaceBefore: 10, spaceAfter: 5 });
        break;
      case 'heading':
        pdf.space(40);
        pdf.rule(10);
        pdf.heading(2, line.text, { spaceBefore: 10 });
        break;
      case 'code':
        pdf.paragraph(line.text, { size: 20, weight: 'bold', direction: 'ltr', spaceBefore: 6, color: '#0b5d5a' });
        break;
    }
  }
  return pdf.finish(() => model.footer);
}

/** The download's name: no person's name in it. */
export function certificateFileName(doc: Pick<CertificateDocument, 'id'>, locale: Locale): string {
  return `certificaat-${doc.id.slice(0, 8)}-${locale}.pdf`;
}
