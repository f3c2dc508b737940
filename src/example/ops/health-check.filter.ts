import { ArgumentsHost, Catch, ExceptionFilter, ServiceUnavailableException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/** Keeps terminus's 503 body (which check failed, and why) instead of the generic error shape. */
@Catch(ServiceUnavailableException)
export class HealthCheckFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: ServiceUnavailableException, host: ArgumentsHost): void {
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), exception.getResponse(), 503);
  }
}
