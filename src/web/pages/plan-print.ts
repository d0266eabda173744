import { LOCALES, type Locale } from '../../platform/i18n/index.ts';
import type { PrintDomain, PrintFact, PrintGoal, PrintModel } from '../../features/plans/print.ts';
import { html, type Html } from '../html.ts';

// The plan as the newcomer takes it home: a page of its own without the app's navigation, in the language
// chosen for the plan (not the language of the app), right-to-left for Arabic, with print styles for A4
// (public/css/plan-print.css). What people wrote is shown exactly as written, in its own direction.

function facts(items: readonly PrintFact[], extraClass = ''): Html {
  return html`<dl class="thuis-facts thuis-print__facts${extraClass}">
    ${items.map((f) => html`<div><dt>${f.label}</dt><dd ${f.free ? html`dir="auto"` : ''}>${f.value}</dd></div>`)}
  </dl>`;
}

function goal(model: PrintModel, g: PrintGoal): Html {
  const { t } = model;
  return html`<li class="thuis-print__goal">
    <p class="thuis-print__goal-text" dir="auto">${g.text}</p>
    ${facts(g.facts, ' thuis-print__facts--inline')}
    ${g.actions.length
      ? html`<div class="thuis-print__actions">
          <p class="thuis-print__label">${t('plan_print.actions')}</p>
          <ul class="thuis-print__action-list">
            ${g.actions.map((a) => html`<li class="thuis-print__action"><p class="thuis-print__action-text" dir="auto">${a.description}</p>${facts(a.facts, ' thuis-print__facts--inline')}</li>`)}
          </ul>
        </div>`
      : ''}
  </li>`;
}

function domain(model: PrintModel, d: PrintDomain, index: number): Html {
  const { t } = model;
  const id = `leefgebied-${index + 1}`;
  return html`<section class="thuis-print__domain" aria-labelledby="${id}">
    <h2 class="utrecht-heading-2" id="${id}" ${d.titleFree ? html`dir="auto"` : ''}>${d.title}</h2>
    ${d.situation
      ? html`<h3 class="thuis-print__label">${t('plan_print.situation')}</h3>
        <p class="utrecht-paragraph thuis-print__free" dir="auto">${d.situation}</p>`
      : ''}
    ${d.score
      ? html`<h3 class="thuis-print__label">${t('plan_print.score')}</h3>
        <p class="utrecht-paragraph thuis-print__score">
          <strong>${d.score.value}</strong>${d.score.trend ? html` · ${d.score.trend}` : ''}
          · ${t('plan_print.scored_on')} ${d.score.scoredOn}
        </p>`
      : ''}
    ${d.goals.length
      ? html`<h3 class="utrecht-heading-3">${t('plan_print.goals')}</h3>
        <ul class="thuis-print__goals">${d.goals.map((g) => goal(model, g))}</ul>`
      : ''}
  </section>`;
}

function tools(model: PrintModel): Html {
  const { t } = model;
  const base = `/plannen/${model.planId}`;
  return html`<header class="thuis-print__tools">
    <nav aria-label="${t('plan_print.tools_label')}">
      <p class="thuis-print__back"><a class="utrecht-link" href="${base}">${t('plan_print.back')}</a></p>
      <p class="thuis-print__label" id="print-language">${t('plan_print.language_label')}</p>
      <ul class="thuis-print__languages" aria-labelledby="print-language">
        ${LOCALES.map((l: Locale) => l === model.locale
          ? html`<li><span class="thuis-print__current" lang="${l}" aria-current="true">${t(`plan_print.language.${l}`)}</span></li>`
          : html`<li><a class="utrecht-link" href="${base}/afdrukken?taal=${l}" lang="${l}" hreflang="${l}">${t(`plan_print.language.${l}`)}</a></li>`)}
      </ul>
      <p class="thuis-print__download"><a class="utrecht-link" href="${base}/pdf?taal=${model.locale}" type="application/pdf">${t('plan_print.download_pdf')}</a></p>
      <p class="utrecht-paragraph thuis-print__hint">${t('plan_print.print_hint')}</p>
    </nav>
  </header>`;
}

export function planPrintPage(model: PrintModel): Html {
  const { t } = model;
  return html`<!doctype html>
<html lang="${model.locale}" dir="${model.dir}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${model.title} · Thuis</title>
  <link rel="stylesheet" href="/assets/utrecht-theme.css">
  <link rel="stylesheet" href="/assets/utrecht-components.css">
  <link rel="stylesheet" href="/assets/thuis.css">
</head>
<body class="utrecht-theme thuis-theme utrecht-document utrecht-surface thuis-print">
  ${tools(model)}
  <main class="thuis-print__page">
    <h1 class="utrecht-heading-1">${model.title}</h1>
    <p class="utrecht-paragraph thuis-print__intro">${model.intro}</p>
    ${facts(model.facts)}
    ${model.domains.length ? model.domains.map((d, i) => domain(model, d, i)) : html`<p class="utrecht-paragraph">${t('plan_print.empty')}</p>`}
    ${model.programmes.length
      ? html`<section class="thuis-print__domain" aria-labelledby="groepen">
          <h2 class="utrecht-heading-2" id="groepen">${t('plan_print.programmes')}</h2>
          <ul class="thuis-print__programmes">
            ${model.programmes.map((p) => html`<li>${p.free ? html`<bdi>${p.label}</bdi>` : p.label} · ${p.status}</li>`)}
          </ul>
        </section>`
      : ''}
  </main>
  <footer class="thuis-print__footer">
    <p class="utrecht-paragraph utrecht-paragraph--small">${t('plan_print.printed_on')} ${model.printedOn} · <bdi>${model.organisationName}</bdi></p>
  </footer>
</body>
</html>`;
}
