// Dutch coaching-note texts for synthetic households. Notes are assembled from an opener per contact type, an
// optional interpreter remark, one or two theme sentences and a follow-up, with slots filled from the household,
// so that thousands of notes read varied and plausible. Sensitive themes (health, trauma, debts) are kept apart
// because the application must treat those notes differently.
import type { NoteKind, Sex, SynthHousehold, SynthMember } from './generator.ts';
import { chance, int, pick, type Rng } from './rng.ts';

export interface NoteContext {
  r: Rng;
  household: SynthHousehold;
  kind: NoteKind;
  sensitive: boolean;
  withInterpreter: boolean;
  primaryLanguage: string;
  monthsHere: number;
  usedLines: Set<string>; // theme lines already used for this household, to avoid repeating the same story
}

const LANGUAGE_NL: Record<string, string> = {
  ar: 'Arabisch',
  ti: 'Tigrinya',
  fa: 'Farsi',
  prs: 'Dari',
  ps: 'Pashtoe',
  tr: 'Turks',
  ku: 'Koerdisch',
  so: 'Somalisch',
  en: 'Engels',
  nl: 'Nederlands',
};

const COUNTRY_NL: Record<string, string> = {
  SY: 'Syrië',
  ER: 'Eritrea',
  AF: 'Afghanistan',
  TR: 'Turkije',
  YE: 'Jemen',
  IQ: 'Irak',
  SO: 'Somalië',
};

const WEEKDAYS = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag'];
const OCCUPATIONS = [
  'kapper',
  'kok',
  'lasser',
  'elektricien',
  'automonteur',
  'chauffeur',
  'verpleegkundige',
  'leraar',
  'boekhouder',
  'kleermaker',
  'timmerman',
  'apothekersassistent',
  'bouwvakker',
  'monteur zonnepanelen',
  'schoonmaker',
  'ICT-medewerker',
];
const GROUP_TOPICS = [
  'Geldzaken in Nederland',
  'Werken in Nederland',
  'Gezondheid en zorg',
  'Opvoeden in Nederland',
  'Wonen en buren',
  'Fietsen en verkeer',
  'Digitale vaardigheden en DigiD',
  'Vrouwen in gesprek',
  'Kennismaking met de wijk',
];

// Theme sentences. Slots: {A} an adult's given name, {hij}/{zijn} the matching pronouns, {K} a child's name,
// {land}, {dag}, {dagA}/{dagB} (ordered pair), {weken}, {maanden}, {bedrag}, {beroep}. Themes marked `kids` need a child in the household;
// lines starting with [f] only fit a female subject.
interface Theme {
  kids?: boolean;
  phase?: 'early' | 'late'; // early: first half year after housing (setting up); late: after that (work, study)
  lines: readonly string[];
}

const NORMAL_THEMES: readonly Theme[] = [
  {
    phase: 'early',
    lines: [
      'Samen met {A} de meterstanden opgenomen en doorgegeven aan de energieleverancier.',
      'De woning is nog erg leeg; via de kringloop een bank en een eettafel geregeld.',
      '{A} had vragen over de huurovereenkomst. Uitgelegd wat onder de servicekosten valt.',
      'Lekkage in de badkamer gemeld; samen een reparatieverzoek ingediend bij de woningcorporatie.',
      'Uitleg gegeven over afval scheiden en de ophaaldagen; de afvalkalender hangt nu op de koelkast.',
      'Buren hadden last van geluid in de avond. Met {A} besproken hoe dat hier gaat en wat de huisregels zijn.',
      'Internetaansluiting geregeld; {A} heeft het contract zelf doorgelezen met een vertaalapp.',
      'Inrichtingskrediet besproken: de lening bij de gemeente is toegekend, aflossen start over {maanden} maanden.',
      'Samen de thermostaat ingesteld en uitgelegd hoe je energie bespaart in de winter.',
    ],
  },
  {
    phase: 'early',
    lines: [
      'DigiD aangevraagd; de activeringscode komt per post. {A} weet dat {hij} die snel moet gebruiken.',
      'Samen de post doorgenomen: een brief van de Belastingdienst over de voorlopige toeslag en een aanslag van het waterschap.',
      'Huurtoeslag en zorgtoeslag aangevraagd via Mijn toeslagen.',
      'Bankrekening is geopend en de pinpas is binnen. Uitgelegd hoe automatische incasso werkt.',
      'Kwijtschelding van de gemeentelijke belastingen aangevraagd; het formulier samen ingevuld.',
      'Samen een maandbegroting gemaakt: inkomsten en vaste lasten op een rij.',
      'Zorgverzekering afgesloten via de collectieve verzekering van de gemeente.',
      'Uitgelegd hoe je een brief van de gemeente herkent; {A} bewaart belangrijke post nu in een ordner.',
      'Wijziging in de uitkering doorgegeven aan de gemeente na de verhuizing.',
    ],
  },
  {
    lines: [
      '{A} volgt de taalles op {dagA} en {dagB}; het gaat goed en de motivatie is hoog.',
      'Het persoonlijk plan inburgering en participatie (PIP) besproken; {A} volgt de B1-route.',
      'De uitslag van de leerbaarheidstoets besproken met {A}.',
      '{A} oefent Nederlands met een taalmaatje uit de buurt, één keer per week.',
      'De Module Arbeidsmarkt en Participatie besproken; {A} heeft hiervoor een afspraak bij het Werkplein.',
      '{A} heeft de workshop van het participatieverklaringstraject gevolgd en de verklaring ondertekend.',
      '{A} vindt de taalles pittig; afgesproken dat {hij} extra oefent met de app van de taalschool.',
      'Samen oefenvragen voor Kennis van de Nederlandse Maatschappij gedaan, over zorg en verzekeringen.',
    ],
  },
  {
    phase: 'late',
    lines: [
      '{A} wil graag weer aan het werk als {beroep}; diplomawaardering via IDW besproken.',
      'Gesprek met de klantmanager werk ingepland; {A} neemt {zijn} cv mee.',
      '{A} is begonnen met vrijwilligerswerk bij de voedselbank, twee ochtenden per week.',
      'Samen een cv gemaakt. De werkervaring als {beroep} in {land} staat er nu in.',
      '{A} heeft een proefplaatsing in de logistiek; de eerste week ging goed.',
      'Uitgelegd hoe een arbeidscontract en een loonstrook werken en wat werk betekent voor de uitkering.',
      '{A} wil een opleiding volgen; samen gekeken naar een mbo-opleiding in de buurt.',
    ],
  },
  {
    kids: true,
    lines: [
      '{K} is ingeschreven op de basisschool in de wijk en begint op {dag}.',
      '{K} gaat naar de internationale schakelklas; samen de fietsroute naar school geoefend.',
      'Oudergesprek op school met de mentor van {K}; het gaat goed, vooral met rekenen.',
      'Afspraak gemaakt bij het consultatiebureau voor {K}; de vaccinaties worden ingehaald.',
      'Aanvraag gedaan bij het Jeugdfonds Sport & Cultuur zodat {K} op voetbal kan.',
      'Kinderopvang besproken: {A} wil naar de taalles en zoekt opvang voor {K}.',
      'Zwemles voor {K} aangevraagd via de regeling van de gemeente.',
      'De brief over de ouderbijdrage van school uitgelegd en kwijtschelding aangevraagd.',
    ],
  },
  {
    phase: 'early',
    lines: [
      'Het gezin is ingeschreven bij de huisarts in de buurt; uitgelegd wanneer je belt en wanneer je langskomt.',
      'Uitleg gegeven over de huisartsenpost en wanneer je 112 belt.',
      'Een tandarts gevonden die nog nieuwe patiënten aanneemt.',
      'Het eigen risico van de zorgverzekering uitgelegd.',
    ],
  },
  {
    lines: [
      '{A} heeft een fiets gekregen via het fietsproject; volgende week fietsles.',
      'OV-chipkaart aangevraagd en uitgelegd hoe in- en uitchecken werkt.',
      'Kennisgemaakt met de buren; de buurvrouw biedt aan te helpen met de post.',
      '{A} wil meer contact met mensen; verwezen naar de koffieochtend in het buurthuis.',
      'Uitgelegd dat het rijbewijs uit {land} niet zomaar omgewisseld kan worden.',
      '{A} is lid geworden van een sportschool in de wijk, dat geeft {hem} structuur.',
    ],
  },
  {
    lines: [
      '{A} vraagt naar de stand van zaken van de nareis van familie; de brief van de IND samen gelezen.',
      'Uitgelegd wat de mogelijkheden en grenzen van gezinshereniging zijn; {A} begreep het goed.',
    ],
  },
];

const SENSITIVE_THEMES: readonly Theme[] = [
  {
    lines: [
      '{A} heeft veel hoofdpijn en buikpijn; afspraak bij de huisarts gemaakt, {A} wil graag dat de coach meegaat.',
      '{A} gebruikt medicatie voor diabetes; herhaalrecept en apotheek uitgelegd.',
      '[f]{A} is zwanger en onder controle bij de verloskundige; kraamzorg aangevraagd via de zorgverzekeraar.',
      '{A} heeft last van een oude verwonding aan het been en is doorverwezen naar de fysiotherapeut.',
      'Ziekenhuisafspraak van {A} voorbereid: route, tijd en tolk geregeld.',
    ],
  },
  {
    lines: [
      '{A} slaapt slecht en heeft nachtmerries over de vlucht. Besproken dat de huisarts kan doorverwijzen naar de GGZ.',
      '{A} vertelde over het verlies van familieleden in {land}; veel emotie. Vooral geluisterd.',
      'Aanmelding bij de GGZ gedaan voor traumabehandeling; de wachttijd is ongeveer {maanden} maanden.',
      '{A} schrikt van harde geluiden en vermijdt drukte. Uitleg gegeven en een afspraak met de POH-GGZ gemaakt.',
      '{A} maakt zich grote zorgen over familie die nog in {land} is en kan zich slecht concentreren.',
    ],
  },
  {
    lines: [
      'Er liggen aanmaningen: een achterstand van ongeveer €{bedrag} bij de energieleverancier. Betalingsregeling aangevraagd.',
      'Brief van een incassobureau ontvangen; samen het bedrag gecontroleerd en gebeld.',
      'Terugvordering van toeslagen ontvangen (€{bedrag}). Aanmelding voor schuldhulpverlening bij de gemeente besproken.',
      '{A} heeft een telefoonabonnement met toestel afgesloten dat niet te betalen is; samen gekeken naar opzeggen.',
      'De deurwaarder is langs geweest voor een oude schuld bij de zorgverzekeraar; {A} is erg geschrokken.',
    ],
  },
];

const OPENERS: Record<NoteKind, readonly string[]> = {
  home_visit: [
    'Huisbezoek bij {gezin}.',
    'Huisbezoek; {A} was thuis.',
    'Op huisbezoek geweest, de sfeer was goed.',
    'Huisbezoek op {dag}.',
    'Huisbezoek, {A} had koffie klaargezet.',
  ],
  phone: [
    'Telefonisch contact met {A}.',
    '{A} belde met een vraag.',
    'Teruggebeld na een gemiste oproep van {A}.',
    'Kort telefoongesprek met {A}.',
  ],
  office_hour: [
    '{A} kwam langs op het spreekuur.',
    'Inloopspreekuur: {A} kwam met een stapel post.',
    'Afspraak op het spreekuur in het wijkcentrum met {A}.',
  ],
  group: [
    'Groepsbijeenkomst "{groep}"; {A} was aanwezig.',
    '{A} deed mee aan de groepsbijeenkomst over {groepKlein}.',
  ],
  online: ['Beeldbellen met {A}.', 'Online afspraak met {A} via videobellen.', 'Videogesprek met {A}, ging goed.'],
};

const GROUP_REMARKS = [
  'Er waren {n} deelnemers; {A} stelde veel vragen.',
  '{A} was wat stil; na afloop nog even nagepraat.',
  'Goede sfeer in de groep, {A} heeft contact gelegd met een andere deelnemer.',
  '{A} vertelde over de eigen ervaringen, dat werd gewaardeerd.',
];

const INTERPRETER_LINES = [
  'Tolk {taal} via de telefoon.',
  'Gesprek gevoerd met een tolk {taal}.',
  'Met tolk {taal}, dat ging goed.',
  'Tolk {taal} was aanwezig.',
];
const REMOTE_INTERPRETER_LINES = ['Tolk {taal} via een driegesprek.', 'Gesprek gevoerd met een tolk {taal}.'];

const NO_INTERPRETER_LINES_EARLY = [
  'Gesprek in eenvoudig Nederlands en met handen en voeten.',
  'Met een vertaalapp gecommuniceerd.',
];

const CLOSERS = [
  'Volgende afspraak over {weken} weken.',
  'Afgesproken dat {A} zelf belt en volgende keer vertelt hoe het ging.',
  'Actie coach: navragen bij de gemeente.',
  'Volgende keer de post van deze maand meenemen.',
  'Geen verdere acties nodig.',
  'Vervolg op {dag}.',
  'Terugkoppeling gegeven aan de klantmanager.',
  'Afspraak staat in de agenda.',
];

function pronouns(sex: Sex): { hij: string; zijn: string; hem: string } {
  if (sex === 'f') return { hij: 'zij', zijn: 'haar', hem: 'haar' };
  if (sex === 'm') return { hij: 'hij', zijn: 'zijn', hem: 'hem' };
  return { hij: 'die', zijn: 'hun', hem: 'hen' };
}

function firstName(m: SynthMember): string {
  const space = m.givenNames.indexOf(' ');
  return space < 0 ? m.givenNames : m.givenNames.slice(0, space);
}

/** Fills `{slot}` placeholders; unknown slots are left visible so a template mistake shows up in tests. */
function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => slots[key] ?? whole);
}

export function composeNote(ctx: NoteContext): string {
  const { r, household, kind } = ctx;
  const adults = household.members.filter((m) => m.relation !== 'child');
  const children = household.members.filter((m) => m.relation === 'child');
  const adultMember = adults.length > 0 && chance(r, 0.75) ? adults[0] : adults.length > 0 ? pick(r, adults) : undefined;
  const subject = adultMember ?? household.members[0];
  const p = pronouns(subject?.sex ?? 'x');
  // Two distinct weekdays in calendar order (for "op dinsdag en donderdag").
  const d1 = int(r, 0, WEEKDAYS.length - 2);
  const d2 = int(r, d1 + 1, WEEKDAYS.length - 1);
  const head = household.members[0];
  // Topics that fit the household: parenting only with children, the women's group only for women.
  const topics = GROUP_TOPICS.filter(
    (t) => (t !== 'Opvoeden in Nederland' || children.length > 0) && (t !== 'Vrouwen in gesprek' || subject?.sex === 'f'),
  );
  const group = pick(r, topics);
  const slots: Record<string, string> = {
    A: subject === undefined ? 'de cliënt' : firstName(subject),
    hij: p.hij,
    zijn: p.zijn,
    hem: p.hem,
    K: children.length > 0 ? firstName(pick(r, children)) : 'het kind',
    land: COUNTRY_NL[household.countryOfOrigin] ?? 'het land van herkomst',
    dag: pick(r, WEEKDAYS),
    dagA: WEEKDAYS[d1] ?? 'maandag',
    dagB: WEEKDAYS[d2] ?? 'vrijdag',
    weken: String(int(r, 2, 6)),
    maanden: String(int(r, 2, 9)),
    bedrag: String(int(r, 4, 60) * 25),
    beroep: pick(r, OCCUPATIONS),
    taal: LANGUAGE_NL[ctx.primaryLanguage] ?? ctx.primaryLanguage,
    gezin: household.members.length > 1 && head !== undefined ? `de familie ${head.familyName}` : subject ? firstName(subject) : 'de cliënt',
    groep: group,
    groepKlein: group.charAt(0).toLowerCase() + group.slice(1),
    n: String(int(r, 5, 14)),
  };

  const parts: string[] = [fill(pick(r, OPENERS[kind]), slots)];
  const remote = kind === 'phone' || kind === 'online';
  if (ctx.withInterpreter) parts.push(fill(pick(r, remote ? REMOTE_INTERPRETER_LINES : INTERPRETER_LINES), slots));
  else if (ctx.monthsHere < 4 && kind !== 'group' && chance(r, 0.3)) parts.push(pick(r, NO_INTERPRETER_LINES_EARLY));
  if (kind === 'group') parts.push(fill(pick(r, GROUP_REMARKS), slots));

  const female = subject?.sex === 'f';
  const phaseNow = ctx.monthsHere < 6 ? 'early' : 'late';
  // A theme line that fits the subject and the phase and was not used for this household yet (a few tries).
  const line = (pool: readonly Theme[]): string => {
    let chosen = '';
    for (let attempt = 0; attempt < 4; attempt++) {
      const theme = pick(r, pool);
      chosen = pick(r, theme.lines);
      if (chosen.startsWith('[f]')) chosen = female ? chosen.slice(3) : (theme.lines[0] ?? '');
      const fits = theme.phase === undefined || theme.phase === phaseNow;
      if (fits && !ctx.usedLines.has(chosen)) break;
    }
    ctx.usedLines.add(chosen);
    return fill(chosen, slots);
  };
  const themes = children.length > 0 ? NORMAL_THEMES : NORMAL_THEMES.filter((t) => t.kids !== true);
  if (ctx.sensitive) {
    parts.push(line(SENSITIVE_THEMES));
  } else if (kind !== 'group' || chance(r, 0.3)) {
    parts.push(line(themes));
  }
  // Longer contacts usually cover a second topic.
  if ((kind === 'home_visit' || kind === 'office_hour') && chance(r, 0.55)) {
    const second = line(themes);
    if (!parts.includes(second)) parts.push(second);
  }
  if (chance(r, 0.7)) parts.push(fill(pick(r, CLOSERS), slots));
  return parts.join(' ');
}
