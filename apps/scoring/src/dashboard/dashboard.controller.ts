import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@lib/access';
import { DASHBOARD_HTML } from './dashboard.page';
import { DASHBOARD_JS } from './dashboard.script';
import { DASHBOARD_CSS } from './dashboard.styles';

/** Only this origin's script, styles and API; no inline code, no framing, no forms. */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// The page and its assets are public; the data behind them needs a key, entered in the page.
@ApiExcludeController()
@Controller()
export class DashboardController {
  @Public()
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', DASHBOARD_CSP)
  page(): string {
    return DASHBOARD_HTML;
  }

  @Public()
  @Get('dashboard.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  script(): string {
    return DASHBOARD_JS;
  }

  @Public()
  @Get('dashboard.css')
  @Header('content-type', 'text/css; charset=utf-8')
  styles(): string {
    return DASHBOARD_CSS;
  }
}
