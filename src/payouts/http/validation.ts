import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, PayoutValidationError } from '../domain/errors';
import { assertJsonDepth } from './json-depth';

/** Flattens class-validator's tree into one `{ field, problem }` per failed constraint. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      out.push({ field, problem: message.startsWith(`${e.property} `) ? message.slice(e.property.length + 1) : message });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/** class-transformer and class-validator recurse per level: a body too deep is refused before them. */
class PayoutValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    assertJsonDepth(value);
    return super.transform(value, metadata);
  }
}

/** Unknown fields and wrong types are refused with every problem listed. */
export const payoutValidationPipe = new PayoutValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => new PayoutValidationError(flattenValidationErrors(errors)),
});
