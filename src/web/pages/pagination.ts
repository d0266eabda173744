import type { Paged } from '../../platform/context.ts';
import { csrfField, html, type Html } from '../html.ts';
import type { PageContext } from '../layout.ts';

export function pagination(ctx: PageContext, data: Paged<unknown>, href: (page: number) => string): Html {
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  if (pages <= 1) return html``;
  const { t } = ctx;
  return html`<nav class="utrecht-pagination thuis-pagination" aria-label="${t('pagination.label')}">
    ${data.page > 1 ? html`<a class="utrecht-link" rel="prev" href="${href(data.page - 1)}">${t('pagination.previous')}</a>` : ''}
    <span>${t('pagination.status', { page: data.page, pages })}</span>
    ${data.page < pages ? html`<a class="utrecht-link" rel="next" href="${href(data.page + 1)}">${t('pagination.next')}</a>` : ''}
  </nav>`;
}

/**
 * Pages of search results: the term travels in a POST body, never in a URL (a name in a URL ends up in
 * browser history and proxy logs), so "next" and "previous" are small forms.
 */
export function searchPagination(ctx: PageContext, data: Paged<unknown>, search: string): Html {
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  if (pages <= 1) return html``;
  const { t } = ctx;
  const button = (page: number, label: string) => html`<form method="post" action="/huishoudens/zoeken" class="thuis-pagination__form">
      ${csrfField(ctx.csrfToken)}<input type="hidden" name="q" value="${search}"><input type="hidden" name="page" value="${page}">
      <button class="utrecht-button utrecht-button--subtle" type="submit">${label}</button>
    </form>`;
  return html`<nav class="utrecht-pagination thuis-pagination" aria-label="${t('pagination.label')}">
    ${data.page > 1 ? button(data.page - 1, t('pagination.previous')) : ''}
    <span>${t('pagination.status', { page: data.page, pages })}</span>
    ${data.page < pages ? button(data.page + 1, t('pagination.next')) : ''}
  </nav>`;
}
