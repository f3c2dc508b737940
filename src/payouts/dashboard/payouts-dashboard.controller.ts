import { Controller, Get, Inject, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '../openapi/swagger';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { PAYOUTS_HTTP_SETTINGS } from '../payouts.constants';
import { PayoutsHttpSettings } from '../payouts.options';

interface HeaderSettable {
  header(name: string, value: string): unknown;
  send(body: string): unknown;
}

const ASSETS_DIR = join(__dirname, 'assets');
/** What the page may load, by extension: index.html and anything else in the folder is never an asset. */
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
/** The folders the page loads from, under assets/: the entry script and styles, and the script's modules. */
const ASSET_FOLDERS = ['', 'js'];
/** The page runs only its own script and styles, and talks only to this origin. */
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";

/**
 * The operations page (no build step: plain HTML, CSS and native ES modules). It holds no data itself:
 * the script calls the REST API, so the API key guard still applies to everything it shows.
 * Mounted by PayoutsModule at `http.dashboard` (e.g. "dashboard").
 */
@ApiExcludeController()
@Controller()
export class PayoutsDashboardController {
  private readonly files = new Map<string, string>();
  /** Name ("dashboard.js", "js/api.js") to content type, fixed at startup: a request is looked up, never made a path. */
  private readonly assets = listAssets();

  constructor(@Inject(PAYOUTS_HTTP_SETTINGS) private readonly settings: PayoutsHttpSettings & { dashboard: string }) {}

  @Get()
  page(@Req() req: { originalUrl?: string; url?: string }, @Res() res: HeaderSettable): void {
    this.headers(res, 'text/html; charset=utf-8');
    // Whatever the host put in front (app.setGlobalPrefix('api')): the path this page was asked at, less its own.
    const path = (req.originalUrl ?? req.url ?? '').split('?')[0].replace(/\/+$/, '');
    const own = `/${this.settings.dashboard}`;
    const root = escapeAttribute(path.endsWith(own) ? path.slice(0, -own.length) : '');
    res.send(this.file('index.html').replaceAll('{{API_BASE}}', `${root}/${this.settings.prefix}`).replaceAll('{{ASSET_BASE}}', `${root}${own}`));
  }

  @Get(':asset')
  asset(@Param('asset') name: string, @Res() res: HeaderSettable): void {
    this.serve(name, res);
  }

  /** The entry script's ES modules, which it imports as ./js/<name>.js. */
  @Get('js/:asset')
  scriptModule(@Param('asset') name: string, @Res() res: HeaderSettable): void {
    this.serve(`js/${name}`, res);
  }

  /** Sent raw (`@Res()`), so that no interceptor of the host's can wrap or serialize the bytes. */
  private serve(name: string, res: HeaderSettable): void {
    const type = this.assets.get(name);
    if (!type) throw new NotFoundException(`The dashboard has no file ${name}`);
    this.headers(res, type);
    res.send(this.file(name));
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

/** The .js and .css files directly in each asset folder; a missing folder has none. */
function listAssets(): Map<string, string> {
  const assets = new Map<string, string>();
  for (const folder of ASSET_FOLDERS) {
    let entries;
    try {
      entries = readdirSync(join(ASSETS_DIR, folder), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const type = CONTENT_TYPES[extname(entry.name)];
      if (type && entry.isFile()) assets.set(folder ? `${folder}/${entry.name}` : entry.name, type);
    }
  }
  return assets;
}

/** The request path ends up in HTML attributes: never let it close one. */
function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
