import type { Paged } from '../../platform/context.ts';
import { html, type Html } from '../html.ts';
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
