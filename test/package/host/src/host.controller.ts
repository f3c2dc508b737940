import { Controller, Get } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { PayoutEventsLog } from './payout-events.log.js';
import { User } from './user.entity.js';

/** What the host saw: the payout events it handled, and its own table. */
@Controller('host')
export class HostController {
  constructor(
    private readonly log: PayoutEventsLog,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  @Get('events')
  events() {
    return { succeeded: this.log.succeeded, changed: this.log.changed };
  }

  @Get('users')
  async usersCount() {
    return { count: await this.users.count() };
  }
}
