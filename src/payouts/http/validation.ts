import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, PayoutValidationError } from '../domain/errors';

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

/** Unknown fields and wrong types are refused with every problem listed. */
export const payoutValidationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => new PayoutValidationError(flattenValidationErrors(errors)),
});
