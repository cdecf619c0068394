import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@lib/access';
import { DASHBOARD_HTML } from './dashboard.page';

@ApiExcludeController()
@Controller()
export class DashboardController {
  // The page is public; the data behind it needs a key, entered in the page.
  @Public()
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return DASHBOARD_HTML;
  }
}
