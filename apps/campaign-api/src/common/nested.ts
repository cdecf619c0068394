import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsObject, ValidateNested } from 'class-validator';

type DtoClass = () => new () => object;

/**
 * A nested object validated with `cls`'s rules. IsObject because ValidateNested alone lets an
 * array of such objects (or a string) through, and the service would then read fields of it.
 */
export function NestedObject(cls: DtoClass): PropertyDecorator {
  return applyDecorators(IsObject(), ValidateNested(), Type(cls));
}

/** An array of nested objects; each must be an object (ValidateNested would descend into a nested array). */
export function NestedObjects(cls: DtoClass): PropertyDecorator {
  return applyDecorators(IsArray(), IsObject({ each: true }), ValidateNested({ each: true }), Type(cls));
}
