import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { CircleNamePipe } from './circle-name.pipe';
import { CirclesApi } from './circles-api.service';
import { CreateCircleDto, ReorderCirclesDto, toPhases, toRule, UpdateCircleDto } from './circles.dto';
import { CircleView, toCircleView } from './circles.views';

/** Fan circles as rings, inner (position 1) to outer: rules, seed gating phases, order. */
@ApiTags('circles')
@Controller('v1/circles')
export class CirclesController {
  constructor(private readonly circles: CirclesApi) {}

  @Post()
  @Roles('marketer')
  async create(@Auth() auth: AuthContext, @Body() dto: CreateCircleDto): Promise<CircleView> {
    const rec = await this.circles.create(auth, {
      name: dto.name,
      position: dto.position,
      promotion: toRule(dto.promotion),
      demoteAfterInactiveDays: dto.demoteAfterInactiveDays,
      phases: toPhases(dto.phases),
    });
    return toCircleView(rec);
  }

  /** Every circle, innermost first (at most 20, so one page). */
  @Get()
  @Roles(...READERS)
  async list(@Auth() auth: AuthContext): Promise<{ items: CircleView[]; nextCursor: null }> {
    return { items: (await this.circles.list(auth)).map(toCircleView), nextCursor: null };
  }

  /** The new order: every circle once, innermost first. */
  @Put('order')
  @Roles('marketer')
  async reorder(@Auth() auth: AuthContext, @Body() dto: ReorderCirclesDto): Promise<{ items: CircleView[]; nextCursor: null }> {
    return { items: (await this.circles.reorder(auth, dto.circles)).map(toCircleView), nextCursor: null };
  }

  @Get(':name')
  @Roles(...READERS)
  async get(@Auth() auth: AuthContext, @Param('name', CircleNamePipe) name: string): Promise<CircleView> {
    return toCircleView(await this.circles.get(auth, name));
  }

  /** Promotion rule, demotion after inactivity, phases (replaced as a whole; never closing seats already taken). */
  @Patch(':name')
  @Roles('marketer')
  async update(@Auth() auth: AuthContext, @Param('name', CircleNamePipe) name: string, @Body() dto: UpdateCircleDto): Promise<CircleView> {
    const patch = {
      ...(dto.promotion !== undefined ? { promotion: toRule(dto.promotion) } : {}),
      ...(dto.demoteAfterInactiveDays !== undefined ? { demoteAfterInactiveDays: dto.demoteAfterInactiveDays } : {}),
      ...(dto.phases !== undefined ? { phases: toPhases(dto.phases) } : {}),
    };
    return toCircleView(await this.circles.update(auth, name, patch));
  }
}
