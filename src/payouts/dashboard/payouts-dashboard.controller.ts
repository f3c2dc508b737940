import { Controller, Get, Inject, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAYOUTS_HTTP_SETTINGS } from '../payouts.constants';
import { PayoutsHttpSettings } from '../payouts.options';

interface HeaderSettable {
  header(name: string, value: string): unknown;
}

const ASSETS_DIR = join(__dirname, 'assets');
const CONTENT_TYPES: Record<string, string> = {
  'dashboard.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
};
/** The page runs only its own script and styles, and talks only to this origin. */
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";

/**
 * The operations page (no build step: plain HTML, CSS and one script). It holds no data itself:
 * the script calls the REST API, so the API key guard still applies to everything it shows.
 * Mounted by PayoutsModule at `http.dashboard` (e.g. "dashboard").
 */
@ApiExcludeController()
@Controller()
export class PayoutsDashboardController {
  private readonly files = new Map<string, string>();

  constructor(@Inject(PAYOUTS_HTTP_SETTINGS) private readonly settings: PayoutsHttpSettings & { dashboard: string }) {}

  @Get()
  page(@Req() req: { originalUrl?: string; url?: string }, @Res({ passthrough: true }) res: HeaderSettable): string {
    this.headers(res, 'text/html; charset=utf-8');
    // Whatever the host put in front (app.setGlobalPrefix('api')): the path this page was asked at, less its own.
    const path = (req.originalUrl ?? req.url ?? '').split('?')[0].replace(/\/+$/, '');
    const own = `/${this.settings.dashboard}`;
    const root = escapeAttribute(path.endsWith(own) ? path.slice(0, -own.length) : '');
    return this.file('index.html')
      .replaceAll('{{API_BASE}}', `${root}/${this.settings.prefix}`)
      .replaceAll('{{ASSET_BASE}}', `${root}${own}`);
  }

  @Get(':asset')
  asset(@Param('asset') name: string, @Res({ passthrough: true }) res: HeaderSettable): string {
    const type = CONTENT_TYPES[name];
    if (!type) throw new NotFoundException(`The dashboard has no file ${name}`);
    this.headers(res, type);
    return this.file(name);
  }

  private headers(res: HeaderSettable, contentType: string): void {
    res.header('content-type', contentType);
    res.header('content-security-policy', CSP);
    res.header('x-content-type-options', 'nosniff');
    res.header('cache-control', 'no-cache');
  }

  /** Read once: the assets ship beside this file (`npm run build` copies them). */
  private file(name: string): string {
    let text = this.files.get(name);
    if (text === undefined) {
      text = readFileSync(join(ASSETS_DIR, name), 'utf8');
      this.files.set(name, text);
    }
    return text;
  }
}

/** The request path ends up in HTML attributes: never let it close one. */
function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
