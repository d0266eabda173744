// A minimal browser stand-in over real HTTP: Node's global fetch without redirects, a cookie jar and the CSRF
// token of the last page, as tests/support/app.ts does in-process.
import { totpCode } from '../src/platform/auth/totp.ts';
import { CookieJar } from '../tests/support/cookie-jar.ts';

export class HttpClient {
  private readonly jar = new CookieJar();
  readonly cookies = this.jar.cookies;
  csrf = '';
  readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  get cookieHeader(): string {
    return this.jar.header;
  }

  async request(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
    const cookie = this.cookieHeader;
    const response = await fetch(this.baseUrl + path, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    this.jar.absorb(response);
    return response;
  }

  async page(path: string): Promise<{ status: number; html: string }> {
    const response = await this.request(path);
    const html = await response.text();
    const match = html.match(/name="_csrf" value="([^"]+)"/);
    if (match) this.csrf = match[1]!;
    return { status: response.status, html };
  }

  async post(path: string, form: Record<string, string>): Promise<Response> {
    const response = await this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: this.csrf, ...form }).toString(),
    });
    await response.arrayBuffer();
    return response;
  }

  /** Log in through the real forms; `totpSecret` answers the second factor when the role asks for it. */
  async login(email: string, password: string, totpSecret?: string): Promise<void> {
    await this.page('/inloggen');
    const response = await this.post('/inloggen', { email, password });
    if (response.status !== 303) throw new Error(`login of ${email} failed with ${response.status}`);
    if (response.headers.get('location')?.startsWith('/tweestapsverificatie')) {
      if (!totpSecret) throw new Error(`${email} needs a second factor`);
      await this.page('/tweestapsverificatie');
      const mfa = await this.post('/tweestapsverificatie', { code: totpCode(totpSecret) });
      const next = mfa.headers.get('location') ?? '';
      if (mfa.status !== 303 || next.startsWith('/tweestapsverificatie') || next.startsWith('/inloggen')) {
        throw new Error(`second factor of ${email} failed with ${mfa.status} ${next}`);
      }
    }
    const landing = await this.page('/huishoudens');
    if (landing.status !== 200) throw new Error(`${email}: /huishoudens answered ${landing.status} after login`);
  }
}
